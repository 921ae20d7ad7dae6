import type { Change } from '../../src/core/step.js';
import { describe, expect, it } from 'vitest';
import { useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';
import { createStepHarness, type StepHarness } from '../helpers/step-context.js';
import { step as identity } from '../../src/steps/01-identity.js';
import { step as network } from '../../src/steps/02-network.js';
import { step as egress } from '../../src/steps/03-egress-route.js';
import { step as rules } from '../../src/steps/04-firewall-rules.js';
import { step as nsg } from '../../src/steps/07-nsg.js';
import { step as cluster } from '../../src/steps/05-cluster.js';
import { principalTypeFromToken } from '../../src/steps/desired/cluster-access.js';
import { clusterBody } from '../../src/steps/desired/cluster-desired.js';
import { runKubectl } from '../../src/kube/run.js';

const emu = useTestEmulator({ speed: SPEED.instant });

const RG = 'rg-steps-test';

async function readyForCluster(h: StepHarness) {
  await h.applyAll([identity, network, nsg, rules, egress]);
}

describe('step 5 cluster', () => {
  it('creates a private, locked-down cluster; a re-run writes nothing', async () => {
    const h = createStepHarness(emu);
    await readyForCluster(h);
    expect(await h.check(cluster)).toEqual([
      expect.objectContaining({ action: 'create', name: 'aks-test' }),
      expect.objectContaining({
        action: 'create',
        resourceType: 'Microsoft.Authorization/roleAssignments',
        name: expect.stringContaining('Azure Kubernetes Service RBAC Cluster Admin'),
      }),
    ]);
    const { outputs } = await h.apply(cluster);
    expect(outputs.clusterId).toMatch(/managedClusters\/aks-test$/);
    expect(outputs.nodeResourceGroup).toBe('MC_rg-steps-test_aks-test_eastus');
    expect(String(outputs.privateFqdn)).toMatch(/privatelink\.eastus\.azmk8s\.io$/);
    expect(outputs.kubernetesVersion).toMatch(/^\d+\.\d+\.\d+$/);

    const mc = await (await emu.clients().containerService()).managedClusters.get(RG, 'aks-test');
    expect(mc.apiServerAccessProfile).toMatchObject({
      enablePrivateCluster: true,
      privateDNSZone: 'system',
      enablePrivateClusterPublicFqdn: false,
    });
    expect(mc.networkProfile).toMatchObject({
      networkPlugin: 'azure',
      networkPluginMode: 'overlay',
      networkPolicy: 'cilium',
      networkDataplane: 'cilium',
      outboundType: 'userDefinedRouting',
      podCidr: '192.168.0.0/16',
      serviceCidr: '172.16.0.0/16',
      dnsServiceIP: '172.16.0.10',
    });
    expect(mc.identity?.type).toBe('UserAssigned');
    expect(Object.keys(mc.identity?.userAssignedIdentities ?? {}).map((k) => k.toLowerCase())).toEqual([
      String(h.outputs.get('identity')!.identityId).toLowerCase(),
    ]);
    expect(mc.aadProfile).toMatchObject({ managed: true, enableAzureRbac: true });
    expect(mc.disableLocalAccounts).toBe(true);
    expect(mc.oidcIssuerProfile?.enabled).toBe(true);
    expect(mc.securityProfile?.workloadIdentity?.enabled).toBe(true);
    expect(mc.autoUpgradeProfile).toMatchObject({ upgradeChannel: 'patch', nodeOSUpgradeChannel: 'NodeImage' });
    const pool = mc.agentPoolProfiles?.[0];
    expect(pool).toMatchObject({ name: 'system', mode: 'System', count: 2, vmSize: 'Standard_D4ds_v5', enableNodePublicIP: false });
    // Sent explicitly, so preflight's quota check counts the same surge node AKS does.
    expect(pool?.upgradeSettings?.maxSurge).toBe('10%');
    expect(mc.dnsPrefix).toBe('aks-test');
    expect(pool?.vnetSubnetID?.toLowerCase()).toBe(String(h.outputs.get('network')!.nodeSubnetId).toLowerCase());
    expect(mc.tags).toMatchObject({ 'managed-by': 'secure-aks', 'secure-aks-deployment': h.deploymentId });
    expect(h.journal.has('cluster')).toBe(false);

    h.resetCounters();
    expect(await h.check(cluster)).toEqual([expect.objectContaining({ action: 'none' }), expect.objectContaining({ action: 'none' })]);
    expect((await h.apply(cluster)).outputs).toEqual(outputs);
    expect(h.writeCount()).toBe(0);
    await cluster.verify!(h.context(cluster));
  });

  it('plans steps 1-5 on an empty subscription: only creates (and subnet associations as updates), zero writes', async () => {
    const h = createStepHarness(emu);
    for (const s of [identity, network, egress, rules, cluster]) {
      const changes = await h.check(s);
      expect(changes.length).toBeGreaterThan(0);
      // Step 3's route table association changes a subnet step 2 creates: an update of that subnet.
      const association = (c: Change) => c.action === 'update' && c.resourceType === 'Microsoft.Network/virtualNetworks/subnets';
      expect(
        changes.filter((c) => c.resourceType !== 'Microsoft.Resources/providers' && !association(c)).every((c) => c.action === 'create'),
      ).toBe(true);
    }
    expect(h.writeCount()).toBe(0);
  });

  it('re-attaches to a journaled cluster create after a crash instead of creating again', async () => {
    const h = createStepHarness(emu, { config: { jumphost: false, bastion: false } });
    await readyForCluster(h);
    // First run: the PUT is sent and journaled, then the process "dies" (we stop waiting).
    const ctx = h.context(cluster);
    const aks = await h.azure.containerService();
    const body = clusterBody(ctx, ctx.tags, {
      identityId: String(h.outputs.get('identity')!.identityId),
      nodeSubnetId: String(h.outputs.get('network')!.nodeSubnetId),
      addonsTurnedOn: [],
    });
    // Held: the create stays in flight until the clock moves, whatever the speed.
    await emu.control.fault({ method: 'PUT', path: 'managedClusters/aks-test$', kind: 'hold', times: 1 });
    const poller = aks.managedClusters.createOrUpdate(RG, 'aks-test', body, { updateIntervalInMs: 20 });
    await poller.submitted();
    h.journal.set('cluster', {
      resourceId: `/subscriptions/${h.config.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/aks-test`,
      operation: 'create',
      resumeFrom: await poller.serialize(),
      startedAt: new Date().toISOString(),
    });

    h.resetCounters();
    const resumed = h.apply(cluster);
    await emu.control.advanceClock(0); // Azure finishes the create while the run re-attaches
    const { outputs } = await resumed;
    // No second cluster PUT; only the operator's Kubernetes role once the cluster exists.
    expect(h.writes().map((w) => `${w.method} ${w.path.split('/providers/').pop()?.split('/')[0]}`)).toEqual([
      'PUT Microsoft.Authorization',
    ]);
    expect(h.progress.some((p) => p.includes('re-attaching'))).toBe(true);
    expect(h.journal.has('cluster')).toBe(false);
    expect(outputs.privateFqdn).toBeDefined();
    await poller.pollUntilDone();
  });

  it('honours a pinned minor version and reports drift in owned settings only', async () => {
    const h = createStepHarness(emu, { config: { kubernetesVersion: '1.32', jumphost: false, bastion: false, nodeCount: 1 } });
    await readyForCluster(h);
    const { outputs } = await h.apply(cluster);
    expect(outputs.kubernetesVersion).toMatch(/^1\.32\./);
    expect(await h.check(cluster)).toEqual([expect.objectContaining({ action: 'none' }), expect.objectContaining({ action: 'none' })]);

    const h2 = createStepHarness(emu, { config: { kubernetesVersion: '1.32', jumphost: false, bastion: false, nodeCount: 3 } });
    for (const [id, out] of h.outputs) h2.outputs.set(id, out);
    const [change] = await h2.check(cluster);
    expect(change).toMatchObject({ action: 'update', diff: [{ property: 'agentPoolProfiles.system.count', current: 1, desired: 3 }] });
  });

  it('grants the operator a Kubernetes data-plane role on the cluster once, and puts it back when it is removed', async () => {
    const h = createStepHarness(emu, { config: { jumphost: false, bastion: false, nodeCount: 1 } });
    await readyForCluster(h);
    const { outputs } = await h.apply(cluster);
    const clusterId = String(outputs.clusterId);
    const operator = await h.azure.callerPrincipalId();
    const assignments = async () =>
      (await emu.control.resources()).filter(
        (r) =>
          r.type === 'Microsoft.Authorization/roleAssignments' && String(r.properties?.scope).toLowerCase() === clusterId.toLowerCase(),
      );
    const [granted, ...others] = await assignments();
    expect(others).toEqual([]);
    expect(granted?.properties).toMatchObject({
      principalId: operator,
      roleDefinitionId: expect.stringMatching(/\/roleDefinitions\/b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b$/),
    });
    const puts = (await emu.control.requests()).filter((r) => r.method === 'PUT' && r.path.includes('/roleAssignments/'));
    expect(puts.filter((r) => r.path.toLowerCase().startsWith(clusterId.toLowerCase()))).toHaveLength(1);

    h.resetCounters();
    expect((await h.check(cluster)).map((c) => c.action)).toEqual(['none', 'none']);
    await h.apply(cluster);
    expect(h.writeCount()).toBe(0);

    const auth = await h.azure.authorization();
    await auth.roleAssignments.delete(clusterId, granted!.name);
    expect(await h.check(cluster)).toEqual([
      expect.objectContaining({ action: 'none', name: 'aks-test' }),
      expect.objectContaining({ action: 'create', resourceType: 'Microsoft.Authorization/roleAssignments' }),
    ]);
    h.resetCounters();
    await h.apply(cluster);
    expect(h.writes().map((w) => w.method)).toEqual(['PUT']);
    expect((await assignments()).map((r) => r.name)).toEqual([granted!.name]);

    // Without the role kubectl is refused; runKubectl waits out the propagation bound, then names what is missing.
    await auth.roleAssignments.delete(clusterId, granted!.name);
    await expect(runKubectl(h.context(cluster), 'kubectl get nodes')).rejects.toMatchObject({
      code: 'KubernetesForbidden',
      message: expect.stringContaining('nodes is forbidden'),
      remediation: expect.stringContaining('Azure Kubernetes Service RBAC Cluster Admin'),
    });
    expect(h.progress.some((p) => p.includes('runCommand: waiting for role assignment to propagate (up to 1 min)'))).toBe(true);
  }, 30_000);
});

describe("the operator's principalType, from the ARM token's claims", () => {
  const jwt = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
  it('tells users from service principals, and leaves the rest to Azure', () => {
    expect(principalTypeFromToken(jwt({ oid: 'o', idtyp: 'app', appid: 'a' }))).toBe('ServicePrincipal');
    expect(principalTypeFromToken(jwt({ oid: 'o', idtyp: 'user', upn: 'u@contoso.com' }))).toBe('User');
    // `az login` tokens carry appid (the CLI's) too: a delegated scope is what marks a user.
    expect(principalTypeFromToken(jwt({ oid: 'o', appid: '04b07795-8ddb-461a-bbee-02f9e1bf7b46', scp: 'user_impersonation' }))).toBe(
      'User',
    );
    expect(principalTypeFromToken(jwt({ oid: 'o', appid: 'a' }))).toBe('unknown');
    expect(principalTypeFromToken('emulator-token')).toBe('unknown');
  });
});
