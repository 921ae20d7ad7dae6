import { beforeAll, describe, expect, it } from 'vitest';
import { STEPS } from '../../src/steps/index.js';
import { step as identity } from '../../src/steps/01-identity.js';
import { step as clusterStep } from '../../src/steps/05-cluster.js';
import { step as privateEndpoint } from '../../src/steps/06-private-endpoint.js';
import { POD_SECURITY_BASELINE_ID } from '../../src/steps/policy-baseline.js';
import { KEY_VAULT_SECRETS_USER } from '../../src/steps/key-vault.js';
import { scopeParam } from '../../src/azure/ids.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { createStepHarness, type StepHarness } from '../helpers/step-context.js';
import { SPEED } from '../helpers/speeds.js';

const ON: Partial<ResolvedConfig> = { resourceGroup: 'rg-pkv', name: 'aks-pkv', azurePolicy: true, policyBaseline: true, keyVault: true };
const OFF: Partial<ResolvedConfig> = { ...ON, azurePolicy: false, policyBaseline: false, keyVault: false };
const ZONE = 'privatelink.vaultcore.azure.net';

describe('Azure Policy add-on, baseline initiative and private Key Vault (emulator, real SDK)', () => {
  const emu = useTestEmulator({ speed: SPEED.instant, resetBeforeEach: false });
  let h: StepHarness;

  beforeAll(() => {
    h = createStepHarness(emu, { config: ON });
  });

  it('plan before anything exists lists the providers, the add-ons, the assignment and the vault with its private network', async () => {
    const providers = (await h.check(identity))
      .filter((c) => c.resourceType === 'Microsoft.Resources/providers')
      .map((c) => [c.name, c.action]);
    expect(providers).toContainEqual(['Microsoft.KeyVault', 'update']);
    expect(providers).toContainEqual(['Microsoft.PolicyInsights', 'update']);
    const kv = (await h.check(privateEndpoint)).map((c) => [c.resourceType, c.action]);
    expect(kv).toEqual(
      expect.arrayContaining([
        ['Microsoft.KeyVault/vaults', 'create'],
        ['Microsoft.Network/privateDnsZones/virtualNetworkLinks', 'create'],
        ['Microsoft.Network/privateEndpoints/privateDnsZoneGroups', 'create'],
        ['Microsoft.Authorization/roleAssignments', 'create'],
      ]),
    );
    expect(h.writeCount()).toBe(0);
  });

  it('init turns both add-ons on, assigns the initiative at the cluster and builds a private vault its add-on may read', async () => {
    await h.applyAll(STEPS.slice(0, 6));
    const aks = await h.azure.containerService();
    const cluster = await aks.managedClusters.get(h.config.resourceGroup, h.names.cluster);
    expect(cluster.addonProfiles?.azurepolicy).toMatchObject({ enabled: true, config: { version: 'v2' } });
    const provider = cluster.addonProfiles?.azureKeyvaultSecretsProvider;
    expect(provider).toMatchObject({ enabled: true, config: { enableSecretRotation: 'true', rotationPollInterval: '2m' } });
    expect(provider?.identity?.resourceId).toMatch(
      new RegExp(
        `/resourcegroups/${cluster.nodeResourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/azurekeyvaultsecretsprovider-aks-pkv$`,
        'i',
      ),
    );

    const assignment = await (await h.azure.policy()).policyAssignments.get(scopeParam(cluster.id!), h.names.policyBaselineAssignment);
    expect(assignment).toMatchObject({ policyDefinitionId: POD_SECURITY_BASELINE_ID, parameters: { effect: { value: 'Audit' } } });
    expect(assignment.scope?.toLowerCase()).toBe(cluster.id!.toLowerCase());
    expect(assignment.metadata).toMatchObject({ 'managed-by': 'secure-aks', 'secure-aks-deployment': h.deploymentId });

    const vault = await (await h.azure.keyVault()).vaults.get(h.config.resourceGroup, h.names.keyVault);
    expect(vault.properties.privateEndpointConnections?.[0]).toMatchObject({
      privateEndpoint: { id: expect.stringContaining(`/privateEndpoints/${h.names.keyVaultPrivateEndpoint}`) },
      privateLinkServiceConnectionState: { status: 'Approved' },
    });
    expect(vault.properties).toMatchObject({
      enableRbacAuthorization: true,
      publicNetworkAccess: 'Disabled',
      networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices' },
      enableSoftDelete: true,
      enablePurgeProtection: true,
      provisioningState: 'Succeeded',
    });
    const net = await h.azure.network();
    const pe = await net.privateEndpoints.get(h.config.resourceGroup, h.names.keyVaultPrivateEndpoint);
    expect(pe.subnet?.id?.toLowerCase()).toContain(`/subnets/${h.names.nodeSubnet}`);
    expect(pe.privateLinkServiceConnections?.[0]).toMatchObject({ privateLinkServiceId: vault.id, groupIds: ['vault'] });
    const nic = await net.networkInterfaces.get(h.config.resourceGroup, pe.networkInterfaces![0]!.id!.split('/').pop()!);
    const dns = await h.azure.privateDns();
    const links = [];
    for await (const l of dns.virtualNetworkLinks.list(h.config.resourceGroup, ZONE)) links.push(l.virtualNetwork?.id?.toLowerCase());
    expect(links).toEqual([expect.stringMatching(new RegExp(`/virtualnetworks/${h.names.vnet}$`, 'i'))]);
    const record = await dns.recordSets.get(h.config.resourceGroup, ZONE, 'A', h.names.keyVault);
    expect(record.aRecords).toEqual([{ ipv4Address: nic.ipConfigurations![0]!.privateIPAddress }]);

    const roles = [];
    for await (const ra of (await h.azure.authorization()).roleAssignments.listForScope(scopeParam(vault.id!), { filter: 'atScope()' }))
      roles.push(ra);
    expect(roles).toContainEqual(
      expect.objectContaining({
        principalId: provider?.identity?.objectId,
        roleDefinitionId: expect.stringContaining(KEY_VAULT_SECRETS_USER),
      }),
    );
    await privateEndpoint.verify!(h.context(privateEndpoint));
    await clusterStep.verify!(h.context(clusterStep));
  });

  it('a second run changes nothing', async () => {
    h.resetCounters();
    for (const step of STEPS.slice(0, 6)) {
      const changes = await h.check(step);
      expect(
        changes.filter((c) => c.action === 'create' || c.action === 'update'),
        step.id,
      ).toEqual([]);
    }
    expect(h.writeCount()).toBe(0);
  });

  it('verify names a missing A record, and a re-run registers it again', async () => {
    const dns = await h.azure.privateDns();
    await dns.recordSets.delete(h.config.resourceGroup, ZONE, 'A', h.names.keyVault);
    await expect(privateEndpoint.verify!(h.context(privateEndpoint))).rejects.toMatchObject({
      code: 'KeyVaultIncomplete',
      message: expect.stringContaining(`has no A record for ${h.names.keyVault}`),
    });
    const changes = await h.check(privateEndpoint);
    expect(changes.find((c) => c.resourceType === 'Microsoft.Network/privateDnsZones/A' && c.name.includes(h.names.keyVault))?.action).toBe(
      'create',
    );
    await h.apply(privateEndpoint);
    await privateEndpoint.verify!(h.context(privateEndpoint));
  });

  it('a user tag reaches the vault, its endpoint, zone and link, and the assignment (in its metadata), in place; a retired one leaves', async () => {
    const rg = h.config.resourceGroup;
    const pe = h.names.keyVaultPrivateEndpoint;
    const kv = await h.azure.keyVault();
    const net = await h.azure.network();
    const dns = await h.azure.privateDns();
    const aks = await h.azure.containerService();
    const clusterId = (await aks.managedClusters.get(rg, h.names.cluster)).id!;
    const link = async () => {
      for await (const l of dns.virtualNetworkLinks.list(rg, ZONE)) return l;
      return undefined;
    };
    const tagsOf = async () => ({
      vault: (await kv.vaults.get(rg, h.names.keyVault)).tags,
      endpoint: (await net.privateEndpoints.get(rg, pe)).tags,
      zone: (await dns.privateZones.get(rg, ZONE)).tags,
      link: (await link())?.tags,
      assignment: (await (await h.azure.policy()).policyAssignments.get(scopeParam(clusterId), h.names.policyBaselineAssignment)).metadata,
    });
    const endpointBefore = await net.privateEndpoints.get(rg, pe);

    for (const [tags, want] of [
      [['cost-center=1234', 'team=platform'], { 'cost-center': '1234', team: 'platform' }],
      [['cost-center=99'], { 'cost-center': '99' }],
    ] as const) {
      h.config.tags = [...tags];
      const planned = [...(await h.check(clusterStep)), ...(await h.check(privateEndpoint))].filter((c) =>
        c.diff?.some((d) => /^(tags|metadata)\./.test(d.property)),
      );
      expect(planned.map((c) => [c.action, c.resourceType]).sort()).toEqual(
        [
          ['update', 'Microsoft.Authorization/policyAssignments'],
          ['update', 'Microsoft.ContainerService/managedClusters'],
          ['update', 'Microsoft.KeyVault/vaults'],
          ['update', 'Microsoft.Network/privateDnsZones'],
          ['update', 'Microsoft.Network/privateDnsZones/virtualNetworkLinks'],
          ['update', 'Microsoft.Network/privateEndpoints'],
        ].sort(),
      );
      await h.apply(clusterStep);
      await h.apply(privateEndpoint);
      const now = await tagsOf();
      const ours = { 'managed-by': 'secure-aks', 'secure-aks-deployment': h.deploymentId };
      for (const name of ['vault', 'endpoint', 'zone', 'link'] as const) expect(now[name], name).toEqual({ ...want, ...ours });
      expect(now.assignment).toMatchObject({ ...want, ...ours });
      if (!('team' in want)) expect(now.assignment).not.toHaveProperty('team');
      h.resetCounters();
      for (const step of [clusterStep, privateEndpoint])
        expect(
          (await h.check(step)).filter((c) => c.action !== 'none'),
          step.id,
        ).toEqual([]);
    }
    // Only the tags changed: the endpoint keeps its subnet and its approved connection to the vault.
    const endpointAfter = await net.privateEndpoints.get(rg, pe);
    expect(endpointAfter.subnet?.id).toBe(endpointBefore.subnet?.id);
    expect(endpointAfter.privateLinkServiceConnections).toEqual(endpointBefore.privateLinkServiceConnections);
    await privateEndpoint.verify!(h.context(privateEndpoint));
    h.config.tags = [];
    await h.apply(clusterStep);
    await h.apply(privateEndpoint);
  });

  it('turning the options off plans and applies the removals; the vault is kept', async () => {
    const off = createStepHarness(emu, { config: OFF, deploymentId: h.deploymentId });
    for (const [id, out] of h.outputs) off.outputs.set(id, out);
    const clusterChanges = await off.check(clusterStep);
    const clusterDiff = clusterChanges.find((c) => c.resourceType === 'Microsoft.ContainerService/managedClusters')?.diff;
    expect(clusterDiff).toEqual(
      expect.arrayContaining([
        { property: 'addonProfiles.azurepolicy.enabled', current: true, desired: false },
        { property: 'addonProfiles.azureKeyvaultSecretsProvider.enabled', current: true, desired: false },
      ]),
    );
    expect(clusterChanges.find((c) => c.resourceType === 'Microsoft.Authorization/policyAssignments')).toMatchObject({
      action: 'delete',
      note: 'policyBaseline is off',
    });
    const peChanges = await off.check(privateEndpoint);
    expect(peChanges.find((c) => c.resourceType === 'Microsoft.KeyVault/vaults')).toMatchObject({ action: 'none' });
    expect(peChanges.find((c) => c.resourceType === 'Microsoft.Authorization/roleAssignments')).toMatchObject({
      action: 'delete',
      name: `Key Vault Secrets User on ${off.names.keyVault}`,
      note: 'keyVault is off',
    });

    await off.apply(clusterStep);
    await off.apply(privateEndpoint);
    const aks = await off.azure.containerService();
    const cluster = await aks.managedClusters.get(off.config.resourceGroup, off.names.cluster);
    expect(cluster.addonProfiles?.azurepolicy?.enabled).toBe(false);
    expect(cluster.addonProfiles?.azureKeyvaultSecretsProvider?.enabled).toBe(false);
    await expect(
      (await off.azure.policy()).policyAssignments.get(scopeParam(cluster.id!), off.names.policyBaselineAssignment),
    ).rejects.toMatchObject({ statusCode: 404 });
    for (const step of [clusterStep, privateEndpoint]) {
      expect(
        (await off.check(step)).filter((c) => c.action !== 'none'),
        step.id,
      ).toEqual([]);
    }
  });
});

describe('a cluster made before these options existed', () => {
  const emu = useTestEmulator({ speed: SPEED.instant, resetBeforeEach: false });

  it('plans no change while they stay off', async () => {
    const h = createStepHarness(emu, { config: { resourceGroup: 'rg-old', name: 'aks-old' } });
    await h.applyAll(STEPS.slice(0, 6));
    const cluster = await (await h.azure.containerService()).managedClusters.get('rg-old', 'aks-old');
    expect(cluster.addonProfiles).toBeUndefined();
    for (const step of STEPS.slice(0, 6)) {
      const changes = await h.check(step);
      expect(
        changes.filter((c) => c.action !== 'none' && c.action !== 'read'),
        step.id,
      ).toEqual([]);
      expect(
        changes.some((c) => /KeyVault|policyAssignments/.test(c.resourceType)),
        step.id,
      ).toBe(false);
    }
  });

  it('an add-on turned on outside secure-aks stays on while the configuration has it off, even after the configuration had it on', async () => {
    const h = createStepHarness(emu, { config: { resourceGroup: 'rg-old', name: 'aks-old' } });
    for (const step of STEPS.slice(0, 4)) h.outputs.set(step.id, (await h.apply(step)).outputs);
    await h.apply(clusterStep);
    const aks = await h.azure.containerService();
    // Turned on by hand (or by the DeployIfNotExists built-in "Deploy Azure Policy Add-on to Azure Kubernetes Service clusters").
    const before = await aks.managedClusters.get('rg-old', 'aks-old');
    await aks.managedClusters.beginCreateOrUpdateAndWait(
      'rg-old',
      'aks-old',
      { ...before, addonProfiles: { azurepolicy: { enabled: true } } },
      { updateIntervalInMs: 20 },
    );
    const leftOn = (changes: Awaited<ReturnType<typeof h.check>>) => changes.filter((c) => c.note?.includes('enabled outside secure-aks'));
    const changes = await h.check(clusterStep);
    expect(changes.find((c) => c.resourceType === 'Microsoft.ContainerService/managedClusters')?.action).toBe('none');
    expect(leftOn(changes)).toEqual([
      {
        action: 'none',
        resourceType: 'Microsoft.ContainerService/managedClusters/addons',
        name: 'aks-old/azurepolicy',
        note: 'Azure Policy add-on enabled outside secure-aks; left on',
      },
    ]);
    h.resetCounters();
    expect((await h.apply(clusterStep)).outputs.addonsTurnedOn).toEqual([]);
    expect(h.writes().filter((w) => /managedClusters\/aks-old$/.test(w.path))).toEqual([]);

    // The configuration takes it over for a while: its config is ours to set, the add-on still is not ours to turn off.
    h.config.azurePolicy = true;
    expect((await h.apply(clusterStep)).outputs.addonsTurnedOn).toEqual([]);
    h.config.azurePolicy = false;
    expect(leftOn(await h.check(clusterStep))).toHaveLength(1);
    await h.apply(clusterStep);
    expect((await aks.managedClusters.get('rg-old', 'aks-old')).addonProfiles?.azurepolicy?.enabled).toBe(true);
  });
});
