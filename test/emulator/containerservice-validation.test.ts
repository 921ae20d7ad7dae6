/**
 * What AKS refuses about names and node pools before it starts an operation, through the real
 * ContainerServiceClient (and on the wire where the target matters).
 */
import { describe, expect, it } from 'vitest';
import { SUB, useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';
import { buildAksNetwork, privateCluster, RG, type AksNetwork } from './containerservice-fixture.js';

const WAIT = { updateIntervalInMs: 20 };
const emu = useTestEmulator({ speed: SPEED.instant });
const PATH = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/aks-demo?api-version=2026-04-01`;

async function refusal(net: AksNetwork, overrides: Parameters<typeof privateCluster>[1]) {
  const cs = await emu.clients().containerService();
  return cs.managedClusters.createOrUpdate(RG, 'aks-demo', privateCluster(net, overrides), WAIT).then(
    () => undefined,
    (err: any) => ({ status: err.statusCode, code: err.code, message: String(err.message) }),
  );
}

/** The SDK's flattened body as ARM receives it, for raw calls that read the error target. */
function wire(net: AksNetwork, overrides: Parameters<typeof privateCluster>[1]) {
  const { location, tags, identity, ...properties } = privateCluster(net, overrides);
  return { location, tags, identity, properties };
}

async function setQuota(family: string, value: number) {
  await emu.control.setProviderState('Microsoft.Quota', 'Registered');
  const path = `/subscriptions/${SUB}/providers/Microsoft.Compute/locations/eastus/providers/Microsoft.Quota/quotas/${family}?api-version=2023-02-01`;
  expect((await emu.http('PUT', path, { properties: { limit: { limitObjectType: 'LimitValue', value } } })).status).toBe(200);
}

describe('AKS naming rules', () => {
  it('refuses a bad dnsPrefix, pool name or node resource group name with InvalidParameter naming the field', async () => {
    const net = await buildAksNetwork(emu);
    const dns = await emu.http('PUT', PATH, wire(net, { properties: { dnsPrefix: '-demo' } }));
    expect(dns.status).toBe(400);
    expect(dns.body.error).toEqual({
      code: 'InvalidParameter',
      message: 'The value of parameter dnsPrefix is invalid. Please see https://aka.ms/aks-naming-rules for more details.',
      target: 'dnsPrefix',
    });
    expect((await emu.http('PUT', PATH, wire(net, { properties: { dnsPrefix: 'a'.repeat(55) } }))).body.error.target).toBe('dnsPrefix');
    expect((await emu.http('PUT', PATH, wire(net, { pool: { name: 'System' } }))).body.error).toMatchObject({
      code: 'InvalidParameter',
      target: 'agentPoolProfile.name',
    });
    expect((await emu.http('PUT', PATH, wire(net, { pool: { name: 'systempool123' } }))).body.error.target).toBe('agentPoolProfile.name');
    expect((await emu.http('PUT', PATH, wire(net, { properties: { nodeResourceGroup: `MC_${'x'.repeat(80)}` } }))).body.error.target).toBe(
      'nodeResourceGroup',
    );
    // 54 characters is still a valid prefix.
    const cs = await emu.clients().containerService();
    const cluster = await cs.managedClusters.createOrUpdate(
      RG,
      'aks-demo',
      privateCluster(net, { properties: { dnsPrefix: `a${'-'.repeat(52)}z` } }),
      WAIT,
    );
    expect(cluster.provisioningState).toBe('Succeeded');
  });

  it('lets a bad dnsPrefix through with naming relaxed', async () => {
    const net = await buildAksNetwork(emu);
    await emu.control.setStrictness({ naming: false });
    expect(await refusal(net, { properties: { dnsPrefix: '-demo' } })).toBeUndefined();
  });
});

describe('AKS node pool validation', () => {
  it('refuses unknown and restricted VM sizes, a pool set without System pool and a System pool without nodes', async () => {
    const net = await buildAksNetwork(emu);
    const unknown = await emu.http('PUT', PATH, wire(net, { pool: { vmSize: 'Standard_Z9000' } }));
    expect(unknown.body.error).toMatchObject({ code: 'InvalidParameter', target: 'vmSize' });
    const restricted = await emu.http('PUT', PATH, { ...wire(net, { pool: { vmSize: 'Standard_E4s_v5' } }), location: 'uksouth' });
    expect(restricted.status).toBe(400);
    expect(restricted.body.error.code).toBe('BadRequest');
    expect(restricted.body.error.message).toMatch(
      /^The VM size of Standard_E4s_v5 is not allowed in your subscription in location 'uksouth'\. The available VM sizes are '.*standard_d4ds_v5/,
    );
    expect(await refusal(net, { pool: { mode: 'User' } })).toMatchObject({
      status: 400,
      code: 'MustDefineAtLeastOneSystemPool',
      message: 'Must define at least one system pool.',
    });
    const empty = await emu.http('PUT', PATH, wire(net, { pool: { count: 0 } }));
    expect(empty.body.error).toMatchObject({
      code: 'InvalidParameter',
      target: 'agentPoolProfile.count',
      message: expect.stringContaining('agentPoolProfile.count was 0'),
    });
  });

  it('counts surge nodes against the vCPU quota (default maxSurge 10%: one extra node of three)', async () => {
    const net = await buildAksNetwork(emu);
    await setQuota('standardDDSv5Family', 14);
    const err = await refusal(net, {});
    expect(err).toMatchObject({ status: 400, code: 'ErrCode_InsufficientVCPUQuota' });
    expect(err!.message).toMatch(
      /^Insufficient vcpu quota requested 16, remaining 14 for family standardDDSv5Family for region eastus\. .*Surge nodes would also consume vcpu quota/,
    );
    // Without surge nodes the three nodes fit.
    expect(await refusal(net, { pool: { upgradeSettings: { maxSurge: '0' } } })).toBeUndefined();
  });

  it('checks the regional vCPU quota too', async () => {
    const net = await buildAksNetwork(emu);
    await setQuota('cores', 8);
    const err = await refusal(net, { pool: { upgradeSettings: { maxSurge: '1' } } });
    expect(err).toMatchObject({ status: 400, code: 'ErrCode_InsufficientVCPUQuota' });
    expect(err!.message).toMatch(
      /^Insufficient regional vcpu quota left for location eastus\. left regional vcpu quota 8, requested quota 16\./,
    );
  });

  it('lets an empty System pool through with node-pool-validation relaxed', async () => {
    const net = await buildAksNetwork(emu);
    await emu.control.setStrictness({ 'node-pool-validation': false });
    expect(await refusal(net, { pool: { mode: 'User' } })).toBeUndefined();
  });
});
