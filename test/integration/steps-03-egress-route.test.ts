import { describe, expect, it } from 'vitest';
import { useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';
import { createStepHarness, type StepHarness } from '../helpers/step-context.js';
import { step as identity } from '../../src/steps/01-identity.js';
import { step as network } from '../../src/steps/02-network.js';
import { step as egress } from '../../src/steps/03-egress-route.js';
import { step as rules } from '../../src/steps/04-firewall-rules.js';
import { step as nsg } from '../../src/steps/07-nsg.js';
import { BUILT_IN_ROLES, roleAssignmentGuid } from '../../src/azure/role-assignments.js';

const emu = useTestEmulator({ speed: SPEED.instant });

const RG = 'rg-steps-test';
const lower = (s: string | undefined) => s?.toLowerCase();

/** What step 3 waits for before its firewall PUT: the subnets' NSGs and the rules on the policy. */
async function networkReady(h: StepHarness) {
  await h.applyAll([identity, network, nsg, rules]);
}

describe('step 3 egress-route', () => {
  it('builds firewall, routes and role assignments; a re-run changes nothing', async () => {
    const h = createStepHarness(emu);
    await networkReady(h);
    const planned = await h.check(egress);
    expect(planned.filter((c) => c.action === 'create').map((c) => c.resourceType)).toEqual(
      expect.arrayContaining([
        'Microsoft.Network/publicIPAddresses',
        'Microsoft.Network/azureFirewalls',
        'Microsoft.Network/routeTables',
        'Microsoft.Authorization/roleAssignments',
      ]),
    );
    const { outputs } = await h.apply(egress);

    const net = await emu.clients().network();
    const fw = await net.azureFirewalls.get(RG, 'afw-aks-test');
    const privateIp = fw.ipConfigurations?.[0]?.privateIPAddress;
    expect(privateIp).toBe('10.42.0.4');
    expect(outputs.firewallPrivateIp).toBe(privateIp);
    expect(fw.sku).toMatchObject({ name: 'AZFW_VNet', tier: 'Standard' });
    expect(lower(fw.firewallPolicy?.id)).toBe(lower(String(outputs.firewallPolicyId)));
    const policy = await net.firewallPolicies.get(RG, 'afwp-aks-test');
    expect(policy.dnsSettings?.enableProxy).toBe(true);
    expect(policy.threatIntelMode).toBe('Alert');
    const pip = await net.publicIPAddresses.get(RG, 'pip-afw-aks-test');
    expect(pip.sku?.name).toBe('Standard');
    expect(pip.publicIPAllocationMethod).toBe('Static');
    expect(outputs.firewallPublicIp).toBe(pip.ipAddress);

    const rt = await net.routeTables.get(RG, 'rt-aks-test');
    const routes = Object.fromEntries((rt.routes ?? []).map((r) => [r.addressPrefix, r]));
    expect(routes['0.0.0.0/0']).toMatchObject({ nextHopType: 'VirtualAppliance', nextHopIpAddress: privateIp });
    expect(routes[`${pip.ipAddress}/32`]).toMatchObject({ nextHopType: 'Internet' });

    // Node and jumphost subnets route through the firewall; the firewall's own subnet never does.
    const subnet = (name: string) => net.subnets.get(RG, 'vnet-aks-test', name);
    expect(lower((await subnet('snet-aks-nodes')).routeTable?.id)).toBe(lower(rt.id));
    expect(lower((await subnet('snet-jumphost')).routeTable?.id)).toBe(lower(rt.id));
    expect((await subnet('AzureFirewallSubnet')).routeTable).toBeUndefined();
    expect((await subnet('AzureBastionSubnet')).routeTable).toBeUndefined();

    const auth = await emu.clients().authorization();
    const principal = String(h.outputs.get('identity')!.identityPrincipalId);
    // The VNet (the private DNS zone link needs virtualNetworks/join/action; it covers the node subnet) and the route table.
    for (const scope of [String(h.outputs.get('network')!.vnetId), rt.id!]) {
      const found = [];
      for await (const ra of auth.roleAssignments.listForScope(scope, { filter: 'atScope()' })) {
        if (ra.principalId === principal && ra.roleDefinitionId?.endsWith(BUILT_IN_ROLES.networkContributor)) found.push(ra);
      }
      expect(found).toHaveLength(1);
      expect(found[0]!.principalType).toBe('ServicePrincipal');
    }

    // Role assignment scopes are ids with a leading "/": the SDK must not be handed one (it would send `//subscriptions`).
    const roleCalls = h.calls().filter((c) => /roleAssignments/i.test(c.path));
    expect(roleCalls.length).toBeGreaterThan(0);
    expect(roleCalls.filter((c) => c.path.startsWith('//'))).toEqual([]);

    h.resetCounters();
    await emu.control.clearRequests();
    expect((await h.check(egress)).filter((c) => c.action !== 'none')).toEqual([]);
    // The first run granted the roles (step 5 then waits for them to propagate if AKS refuses); a re-run grants nothing.
    const { rolesGrantedAt, ...settled } = outputs;
    expect(Date.parse(String(rolesGrantedAt))).toBeGreaterThan(0);
    expect((await h.apply(egress)).outputs).toEqual(settled);
    expect(h.writeCount()).toBe(0);
    expect((await emu.control.requests()).filter((r) => r.status === 409)).toEqual([]);
    await egress.verify!(h.context(egress));
  });

  it("keeps a user's route and the subnet's NSG when (re)applying", async () => {
    const h = createStepHarness(emu);
    await networkReady(h);
    const net = await emu.clients().network();
    const userNsg = await net.networkSecurityGroups.beginCreateOrUpdateAndWait(
      RG,
      'nsg-user',
      { location: 'eastus' },
      { updateIntervalInMs: 20 },
    );
    const node = await net.subnets.get(RG, 'vnet-aks-test', 'snet-aks-nodes');
    await net.subnets.beginCreateOrUpdateAndWait(
      RG,
      'vnet-aks-test',
      'snet-aks-nodes',
      { ...node, networkSecurityGroup: { id: userNsg.id } },
      { updateIntervalInMs: 20 },
    );

    await h.apply(egress);
    const after = await net.subnets.get(RG, 'vnet-aks-test', 'snet-aks-nodes');
    expect(lower(after.networkSecurityGroup?.id)).toBe(lower(userNsg.id));
    expect(after.routeTable?.id).toBeDefined();

    await net.routes.beginCreateOrUpdateAndWait(
      RG,
      'rt-aks-test',
      'to-onprem',
      { addressPrefix: '192.168.100.0/24', nextHopType: 'VirtualNetworkGateway' },
      { updateIntervalInMs: 20 },
    );
    // Someone breaks our default route: check names it, apply repairs only that route.
    const fwIp = String(h.outputs.get('egress-route')!.firewallPrivateIp);
    await net.routes.beginCreateOrUpdateAndWait(
      RG,
      'rt-aks-test',
      'default-via-firewall',
      { addressPrefix: '0.0.0.0/0', nextHopType: 'Internet' },
      { updateIntervalInMs: 20 },
    );
    const planned = await h.check(egress);
    expect(planned.filter((c) => c.action !== 'none').map((c) => c.name)).toEqual(['rt-aks-test/default-via-firewall']);
    await h.apply(egress);
    const rt = await net.routeTables.get(RG, 'rt-aks-test');
    expect(rt.routes?.map((r) => r.name).sort()).toEqual(['default-via-firewall', 'firewall-public-ip-direct', 'to-onprem']);
    expect(rt.routes?.find((r) => r.name === 'default-via-firewall')).toMatchObject({
      nextHopType: 'VirtualAppliance',
      nextHopIpAddress: fwIp,
    });
  });

  it('re-attaches to a journaled firewall create instead of sending a second one', async () => {
    const h = createStepHarness(emu);
    await networkReady(h);
    await h.apply(egress);
    // A run that sent a firewall PUT and crashed while it was in flight: only its journal entry remains.
    const net = await emu.clients().network();
    const fw = await net.azureFirewalls.get(RG, 'afw-aks-test');
    // Held: the update stays in flight until the clock moves, whatever the speed.
    await emu.control.fault({ method: 'PUT', path: 'azureFirewalls/afw-aks-test$', kind: 'hold', times: 1 });
    const poller = await net.azureFirewalls.beginCreateOrUpdate(
      RG,
      'afw-aks-test',
      { ...fw, tags: { ...fw.tags } },
      { updateIntervalInMs: 20 },
    );
    h.journal.set('egress-route', {
      resourceId: fw.id!,
      operation: 'update',
      resumeFrom: poller.toString(),
      startedAt: new Date().toISOString(),
    });

    h.resetCounters();
    const resumed = h.apply(egress);
    await emu.control.advanceClock(0); // Azure finishes the update while the run re-attaches
    await resumed;
    expect(h.writes().filter((w) => /azureFirewalls/i.test(w.path))).toEqual([]);
    expect(h.journal.has('egress-route')).toBe(false);
    expect(h.progress.some((p) => p.includes('re-attaching'))).toBe(true);
  });

  it('retries a role assignment while the new identity replicates (PrincipalNotFound)', async () => {
    const h = createStepHarness(emu, { config: { jumphost: false, bastion: false } });
    await networkReady(h);
    await emu.control.fault({ method: 'PUT', path: 'roleAssignments', kind: 'status', status: 400, code: 'PrincipalNotFound', times: 2 });
    await h.apply(egress);
    expect(h.progress.filter((p) => p.includes('not visible to Azure RBAC yet'))).toHaveLength(2);
    expect((await h.check(egress)).filter((c) => c.action !== 'none')).toEqual([]);
  });

  it('fails with the firewall name and Azure code when the firewall create fails, clearing the journal', async () => {
    const h = createStepHarness(emu, { config: { jumphost: false, bastion: false } });
    await networkReady(h);
    await emu.control.fault({
      method: 'PUT',
      path: 'azureFirewalls',
      kind: 'lro-failed',
      code: 'InternalServerError',
      message: 'Firewall capacity unavailable.',
      times: 1,
    });
    const err = (await h.apply(egress).catch((e: unknown) => e)) as Error & { code?: string };
    expect(err.code).toBe('InternalServerError');
    expect(err.message).toContain('firewall afw-aks-test');
    expect(err.message).toContain('Firewall capacity unavailable.');
    expect(h.journal.has('egress-route')).toBe(false);
    await emu.control.clearFaults();
    const retry = await h.check(egress);
    expect(retry.find((c) => c.resourceType === 'Microsoft.Network/azureFirewalls')).toMatchObject({
      action: 'update',
      diff: [{ property: 'provisioningState', current: 'Failed' }],
    });
    await h.apply(egress);
    await egress.verify!(h.context(egress));
  });

  it('associates only the node subnet when there is no jumphost', async () => {
    const h = createStepHarness(emu, { config: { jumphost: false, bastion: false } });
    await networkReady(h);
    await h.apply(egress);
    const net = await emu.clients().network();
    expect((await net.subnets.get(RG, 'vnet-aks-test', 'snet-aks-nodes')).routeTable?.id).toBeDefined();
    expect((await net.subnets.get(RG, 'vnet-aks-test', 'AzureFirewallSubnet')).routeTable).toBeUndefined();
  });

  it("re-runs an older deployment's subnet-scoped grant: left alone, the VNet-scoped one is added", async () => {
    const h = createStepHarness(emu, { config: { resourceGroup: 'rg-older-grant', jumphost: false, bastion: false } });
    await networkReady(h);
    const principalId = String(h.outputs.get('identity')!.identityPrincipalId);
    const nodeSubnetId = String(h.outputs.get('network')!.nodeSubnetId);
    const auth = await emu.clients().authorization();
    const older = await auth.roleAssignments.create(
      nodeSubnetId.slice(1),
      roleAssignmentGuid(principalId, BUILT_IN_ROLES.networkContributor, nodeSubnetId),
      {
        roleDefinitionId: `/subscriptions/${h.config.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES.networkContributor}`,
        principalId,
        principalType: 'ServicePrincipal',
      },
    );
    const planned = await h.check(egress);
    expect(planned.filter((c) => c.resourceType === 'Microsoft.Authorization/roleAssignments').map((c) => [c.name, c.action])).toEqual([
      ['Network Contributor for id-aks-test on vnet-aks-test', 'create'],
      ['Network Contributor for id-aks-test on rt-aks-test', 'create'],
    ]);
    await h.apply(egress);
    const onSubnet = [];
    for await (const ra of auth.roleAssignments.listForScope(nodeSubnetId.slice(1), { filter: 'atScope()' }))
      if (ra.principalId === principalId) onSubnet.push(ra.id);
    expect(onSubnet).toContain(older.id);
    expect(h.writes().filter((w) => /roleAssignments/i.test(w.path) && w.method === 'DELETE')).toEqual([]);
    expect((await h.check(egress)).filter((c) => c.action !== 'none')).toEqual([]);
  });
});
