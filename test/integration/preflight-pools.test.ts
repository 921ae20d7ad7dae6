/**
 * Preflight's node pool refusals against the emulator's SKU catalogue and quota: each exits 2 before any
 * write (the request log holds no PUT or DELETE) and names region, size and zone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/config/defaults.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { ExitCode } from '../../src/core/errors.js';
import { assertPreflight, PreflightError } from '../../src/preflight/index.js';
import { runMain, endpointFlags } from '../helpers/cli-main.js';
import { SUB, useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';

const emu = useTestEmulator({ speed: SPEED.instant });
const work = mkdtempSync(join(tmpdir(), 'preflight-pools-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const DEPLOYMENT = 'abcd1234';
const config = (over: Partial<ResolvedConfig> = {}): ResolvedConfig => ({
  ...DEFAULTS,
  subscriptionId: SUB,
  resourceGroup: 'rg-pools',
  location: 'eastus',
  name: 'aks-pools',
  ...over,
});

async function writes(): Promise<string[]> {
  return (await emu.control.requests()).filter((r) => r.method === 'PUT' || r.method === 'DELETE').map((r) => `${r.method} ${r.path}`);
}

/** The refusal preflight throws: exit 2, one problem with this code. */
async function refusal(over: Partial<ResolvedConfig>) {
  const err = await assertPreflight({ azure: emu.clients(), config: config(over), deploymentId: DEPLOYMENT }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PreflightError);
  const e = err as PreflightError;
  expect(e.exitCode).toBe(ExitCode.usage);
  return e.problems;
}

async function setQuota(usage: string, limit: number) {
  await emu.control.setProviderState('Microsoft.Quota', 'Registered');
  const path = `/subscriptions/${SUB}/providers/Microsoft.Compute/locations/eastus/providers/Microsoft.Quota/quotas/${usage}?api-version=2023-02-01`;
  expect((await emu.http('PUT', path, { properties: { limit: { limitObjectType: 'LimitValue', value: limit } } })).status).toBe(200);
}

beforeEach(async () => {
  await emu.control.clearRequests();
});

describe('preflight: node pools', () => {
  it('refuses zones in a region without availability zones: `init` exits 2 and writes nothing', async () => {
    const r = await runMain(
      [
        'init',
        ...endpointFlags(emu),
        '--non-interactive',
        '--yes',
        '-g',
        'rg-pools',
        '-n',
        'aks-pools',
        '-l',
        'australiasoutheast',
        '--zones',
        '1,2',
        '--state',
        join(work, 'zoneless', 'state.json'),
      ],
      { SECURE_AKS_EMULATOR_SPEED: String(SPEED.instant) },
    );
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('AvailabilityZoneNotSupported');
    expect(r.stderr).toMatch(/Standard_D4ds_v5 offers no availability zones in australiasoutheast/);
    expect(r.stderr).toContain('zone(s) 1, 2');
    expect(await writes()).toEqual([]);
  });

  it('refuses a zone the size does not offer in a region that has zones, and a restricted zone', async () => {
    const [noZones] = await refusal({ location: 'westeurope', nodeVmSize: 'Standard_B2ms', zones: ['1'] });
    expect(noZones).toMatchObject({ code: 'AvailabilityZoneNotSupported', fields: ['zones', 'nodeVmSize', 'location'] });
    expect(noZones!.message).toBe(
      'system pool: Standard_B2ms offers no availability zones in westeurope for this subscription, so zone(s) 1 (zones) cannot be used.',
    );
    const [restricted] = await refusal({ userPool: true, userPoolVmSize: 'Standard_D8ds_v5', userPoolZones: ['2', '3'] });
    expect(restricted).toMatchObject({ code: 'AvailabilityZoneNotSupported', fields: ['userPoolZones', 'userPoolVmSize', 'location'] });
    expect(restricted!.message).toContain('user pool: Standard_D8ds_v5 offers only zone(s) 1, 2 in eastus');
    expect(restricted!.message).toContain('zone(s) 3');
    expect(await writes()).toEqual([]);
  });

  it('counts the autoscaler maximum of both pools, with surge nodes, against the vCPU quota', async () => {
    await setQuota('standardDDSv5Family', 20);
    await emu.control.clearRequests();
    // 2 x 4 vCPUs and a surge node fit; up to 5 nodes and a surge node do not.
    const [quota] = await refusal({ nodeCount: 2, nodeMinCount: 2, nodeMaxCount: 5 });
    expect(quota).toMatchObject({ code: 'QuotaExceeded' });
    expect(quota!.message).toMatch(
      /up to 5 x Standard_D4ds_v5 nodes \(autoscaler maximum 5\) and 1 upgrade surge node \(maxSurge 10%\) need 24 vCPUs .* in eastus, but only 20 are free/,
    );
    expect(quota!.fields).toEqual(expect.arrayContaining(['nodeMaxCount', 'nodeVmSize', 'location']));
    expect(quota!.remediation).toContain('--node-max-count');
    // The user pool's maximum adds to the same family.
    const [both] = await refusal({
      nodeCount: 2,
      userPool: true,
      userPoolVmSize: 'Standard_D2ds_v5',
      userPoolMinCount: 1,
      userPoolMaxCount: 6,
    });
    expect(both!.message).toContain('user pool: up to 6 x Standard_D2ds_v5 nodes (autoscaler maximum 6)');
    expect(both!.fields).toEqual(expect.arrayContaining(['userPoolMaxCount', 'userPoolVmSize']));
    expect(await writes()).toEqual([]);
  });

  it('refuses other zones for an existing pool, saying it needs a new pool', async () => {
    const rm = await emu.clients().resources();
    await rm.resourceGroups.createOrUpdate('rg-pools', { location: 'eastus' });
    const cs = await emu.clients().containerService();
    await cs.managedClusters.createOrUpdate(
      'rg-pools',
      'aks-pools',
      {
        location: 'eastus',
        tags: { 'managed-by': 'secure-aks', 'secure-aks-deployment': DEPLOYMENT },
        dnsPrefix: 'aks-pools',
        identity: { type: 'SystemAssigned' },
        agentPoolProfiles: [
          { name: 'system', count: 2, vmSize: 'Standard_D4ds_v5', mode: 'System', osType: 'Linux', availabilityZones: ['1', '2'] },
        ],
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
    );
    await emu.control.clearRequests();
    const problems = await refusal({ zones: ['1', '2', '3'] });
    expect(problems.map((p) => p.code)).toEqual(['PoolZonesChangeNotAllowed']);
    expect(problems[0]!.message).toBe(
      'system pool of cluster aks-pools in eastus has zones 1, 2; AKS cannot change them to 1, 2, 3 on an existing pool (zones, size Standard_D4ds_v5).',
    );
    expect(problems[0]!.remediation).toContain('new node pool');
    expect(await writes()).toEqual([]);
  });

  it('refuses a user pool on our cluster that this deployment did not create, before any write', async () => {
    const rg = 'rg-pools-user';
    const rm = await emu.clients().resources();
    await rm.resourceGroups.createOrUpdate(rg, { location: 'eastus' });
    const cs = await emu.clients().containerService();
    await cs.managedClusters.createOrUpdate(
      rg,
      'aks-pools',
      {
        location: 'eastus',
        tags: { 'managed-by': 'secure-aks', 'secure-aks-deployment': DEPLOYMENT },
        dnsPrefix: 'aks-pools',
        identity: { type: 'SystemAssigned' },
        agentPoolProfiles: [
          { name: 'system', count: 2, vmSize: 'Standard_D4ds_v5', mode: 'System', osType: 'Linux' },
          { name: 'user', count: 1, vmSize: 'Standard_D4ds_v5', mode: 'User', osType: 'Linux', tags: { owner: 'team-a' } },
        ],
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
    );
    await emu.control.clearRequests();
    const problems = await refusal({ resourceGroup: rg, userPool: true, userPoolVmSize: 'Standard_D4ds_v5' });
    expect(problems.map((p) => p.code)).toEqual(['UserPoolNotOurs']);
    expect(problems[0]!.message).toContain('Cluster aks-pools already has a node pool named user that this deployment did not create');
    expect(problems[0]!.remediation).toContain('Leave out --user-pool');
    expect(await writes()).toEqual([]);
    // With userPool off the pool is simply left alone: nothing to refuse.
    await expect(
      assertPreflight({ azure: emu.clients(), config: config({ resourceGroup: rg }), deploymentId: DEPLOYMENT }),
    ).resolves.not.toThrow();
  });
});
