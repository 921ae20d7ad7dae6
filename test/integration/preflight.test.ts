import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/config/defaults.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { assertPreflight, PreflightError, runPreflight } from '../../src/preflight/index.js';
import { useTestEmulator, SUB } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';

/** Preflight against the emulator through the real SDK clients: each refusal named before any write. */
const config = (over: Partial<ResolvedConfig> = {}): ResolvedConfig => ({
  ...DEFAULTS,
  subscriptionId: SUB,
  resourceGroup: 'rg-pre',
  location: 'eastus',
  name: 'aks-pre',
  ...over,
});
const preflight = (over: Partial<ResolvedConfig> = {}, deploymentId = 'abcd1234') =>
  runPreflight({ azure: emu.clients(), config: config(over), deploymentId });
const codes = async (over: Partial<ResolvedConfig> = {}) => (await preflight(over)).problems.map((p) => p.code);

/** Azure's Quota API on a compute location: the way a limit is changed, here lowered for a test. */
async function setQuota(location: string, usage: string, limit: number): Promise<void> {
  // As in Azure, the Quota API needs its provider registered first.
  await emu.control.setProviderState('Microsoft.Quota', 'Registered');
  const path = `/subscriptions/${SUB}/providers/Microsoft.Compute/locations/${location}/providers/Microsoft.Quota/quotas/${usage}?api-version=2023-02-01`;
  const r = await emu.http('PUT', path, { properties: { limit: { limitObjectType: 'LimitValue', value: limit }, name: { value: usage } } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

const emu = useTestEmulator({ speed: SPEED.instant });

describe('preflight', () => {
  it('blocks, rather than notes, when it cannot tell who owns the existing network resources', async () => {
    const rm = await emu.clients().resources();
    await rm.resourceGroups.createOrUpdate('rg-pre-own', { location: 'eastus' });
    await emu.control.fault({
      kind: 'status',
      method: 'GET',
      path: '/routeTables/rt-aks-pre$',
      status: 403,
      code: 'AuthorizationFailed',
      message: 'Injected.',
    });
    try {
      const report = await preflight({ resourceGroup: 'rg-pre-own' });
      expect(report.notes.map((n) => n.code)).toContain('PreflightCheckSkipped');
      expect(report.problems.map((p) => p.code)).toEqual(['OwnershipNotChecked']);
      expect(report.problems[0]!.message).toContain('rg-pre-own');
    } finally {
      await emu.control.clearFaults();
    }
  });

  it('passes the defaults and makes no writes', async () => {
    await emu.control.clearRequests();
    const report = await preflight();
    expect(report.problems).toEqual([]);
    expect(report.notes.map((n) => n.code)).toEqual(expect.arrayContaining(['QuotaOk', 'KubernetesVersion']));
    expect(report.notes.find((n) => n.code === 'KubernetesVersion')?.message).toMatch(/1\.33\.3/);
    const writes = (await emu.control.requests()).filter((r) => r.method !== 'GET' && r.method !== 'HEAD');
    expect(writes).toEqual([]);
  });

  it('refuses a node pool that exceeds the vCPU quota of its family, surge nodes included', async () => {
    await setQuota('eastus', 'standardDDSv5Family', 8);
    const report = await preflight({ nodeCount: 2, nodeVmSize: 'Standard_D4ds_v5' });
    const quota = report.problems.find((p) => p.code === 'QuotaExceeded');
    // AKS counts the pool's upgrade surge (maxSurge 10%, rounded up: one node) in the quota on create.
    expect(quota?.message).toMatch(/2 x Standard_D4ds_v5 nodes and 1 upgrade surge node \(maxSurge 10%\) need 12 vCPUs .* only 8 are free/);
    expect(quota?.fields).toContain('nodeCount');
    expect(quota?.remediation).toMatch(/--node-count/);
    // One node and its surge node fit: the same check passes.
    expect(await codes({ nodeCount: 1 })).toEqual([]);
  });

  it('refuses when the regional total cannot hold the nodes, their surge node and the jumphost', async () => {
    await setQuota('eastus', 'cores', 12);
    expect(await codes({ nodeCount: 2 })).toEqual(['QuotaExceeded']);
    expect(await codes({ nodeCount: 2, jumphost: false })).toEqual([]);
  });

  it('refuses a VM size the region does not offer, and one restricted for the subscription', async () => {
    const missing = (await preflight({ nodeVmSize: 'Standard_NC6s_v3' })).problems;
    expect(missing.map((p) => p.code)).toEqual(['VmSizeNotAvailable']);
    expect(missing[0].message).toMatch(/Standard_NC6s_v3 is not offered in eastus/);
    const restricted = (await preflight({ location: 'uksouth', nodeVmSize: 'Standard_E4s_v5' })).problems;
    expect(restricted.map((p) => p.code)).toEqual(['VmSizeRestricted']);
    expect(restricted[0].message).toMatch(/NotAvailableForSubscription/);
    expect(await codes({ location: 'westeurope', nodeVmSize: 'Standard_E4s_v5' })).toEqual([]);
  });

  it('leaves an unregistered provider to step 1 when the caller may register it, and refuses when not', async () => {
    await emu.control.setProviderState('Microsoft.ContainerService', 'NotRegistered');
    const ok = await preflight();
    expect(ok.problems).toEqual([]);
    expect(ok.notes.map((n) => n.code)).toContain('ProviderWillRegister');

    await emu.control.setCaller({ actions: ['*'], notActions: ['*/register/action'] });
    const err = await assertPreflight({ azure: emu.clients(), config: config(), deploymentId: 'x' }).catch((e) => e);
    expect(err).toBeInstanceOf(PreflightError);
    expect(err.code).toBe('ProviderNotRegistered');
    expect(err.exitCode).toBe(4);
    expect(err.message).toMatch(/Microsoft\.ContainerService is NotRegistered/);
    expect(err.remediation).toMatch(/az provider register --namespace Microsoft\.ContainerService/);
  });

  it('names missing permissions (exit 4) before anything is written', async () => {
    await emu.control.setCaller({ actions: ['*'], notActions: ['Microsoft.Authorization/*/write'] });
    const err = await assertPreflight({ azure: emu.clients(), config: config(), deploymentId: 'x' }).catch((e) => e);
    expect(err.code).toBe('MissingPermissions');
    expect(err.exitCode).toBe(4);
    expect(err.message).toMatch(/Microsoft\.Authorization\/roleAssignments\/write/);
  });

  it('refuses a Kubernetes version the region does not offer', async () => {
    const p = (await preflight({ kubernetesVersion: '1.27' })).problems;
    expect(p.map((x) => x.code)).toEqual(['KubernetesVersionNotSupported']);
    expect(p[0].message).toMatch(/offered: 1\.33\.3, 1\.32\.7, 1\.31\.11/);
    expect(await codes({ kubernetesVersion: '1.32' })).toEqual([]);
  });

  it('refuses a cluster name already taken in the group by something it did not create', async () => {
    const azure = emu.clients();
    await (await azure.resources()).resourceGroups.createOrUpdate('rg-pre', { location: 'eastus' });
    await (
      await azure.containerService()
    ).managedClusters
      .createOrUpdate(
        'rg-pre',
        'aks-pre',
        {
          location: 'eastus',
          dnsPrefix: 'aks-pre',
          identity: { type: 'SystemAssigned' },
          agentPoolProfiles: [{ name: 'nodepool1', count: 1, vmSize: 'Standard_D2s_v5', mode: 'System', osType: 'Linux' }],
        },
        { updateIntervalInMs: 20 },
      )
      .pollUntilDone();
    const err = await assertPreflight({ azure, config: config(), deploymentId: 'abcd1234' }).catch((e) => e);
    expect(err.code).toBe('ClusterNameTaken');
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/aks-pre already exists in resource group rg-pre and was not created by secure-aks/);
  });

  it('counts only the nodes a re-run adds to its own existing cluster', async () => {
    const azure = emu.clients();
    await (await azure.resources()).resourceGroups.createOrUpdate('rg-pre', { location: 'eastus' });
    await (
      await azure.containerService()
    ).managedClusters
      .createOrUpdate(
        'rg-pre',
        'aks-pre',
        {
          location: 'eastus',
          tags: { 'managed-by': 'secure-aks', 'secure-aks-deployment': 'abcd1234' },
          dnsPrefix: 'aks-pre',
          identity: { type: 'SystemAssigned' },
          agentPoolProfiles: [{ name: 'system', count: 2, vmSize: 'Standard_D4ds_v5', mode: 'System', osType: 'Linux' }],
          // What the configuration asks for: settings AKS cannot change would be refused before the quota.
          apiServerAccessProfile: { enablePrivateCluster: true },
          networkProfile: {
            networkPlugin: 'azure',
            networkPluginMode: 'overlay',
            podCidr: DEFAULTS.podCidr,
            serviceCidr: DEFAULTS.serviceCidr,
            dnsServiceIP: DEFAULTS.dnsServiceIp,
          },
        },
        { updateIntervalInMs: 20 },
      )
      .pollUntilDone();
    await setQuota('eastus', 'standardDDSv5Family', 8);
    expect(await codes({ nodeCount: 2 })).toEqual([]);
    const grow = (await preflight({ nodeCount: 5 })).problems;
    expect(grow.map((p) => p.code)).toEqual(['QuotaExceeded']);
    expect(grow[0].message).toMatch(/3 more x Standard_D4ds_v5 nodes and 1 upgrade surge node \(maxSurge 10%\) need 16 vCPUs/);
  });

  it('lists several problems at once', async () => {
    const err = await assertPreflight({
      azure: emu.clients(),
      config: config({ nodeVmSize: 'Standard_NC6s_v3', kubernetesVersion: '1.20' }),
      deploymentId: 'x',
    }).catch((e) => e);
    expect(err.code).toBe('PreflightFailed');
    expect(err.problems.map((p: { code: string }) => p.code).sort()).toEqual(['KubernetesVersionNotSupported', 'VmSizeNotAvailable']);
  });
});
