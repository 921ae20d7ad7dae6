/**
 * Node pools in the emulator through the real SDK clients: the SKU catalogue's zones, AKS's refusals for
 * zones, autoscaler bounds and pool changes, the agentPools API sharing the cluster's pool list, and
 * kubectl's nodes (zone labels, taints) and scheduling around CriticalAddonsOnly.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SUB, useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';
import { buildAksNetwork, grantClusterAdmin, privateCluster, RG, type AksNetwork } from './containerservice-fixture.js';

const WAIT = { updateIntervalInMs: 20 };
const emu = useTestEmulator({ speed: SPEED.instant });

async function create(net: AksNetwork, pool: Record<string, any> = {}, extraPools: any[] = []) {
  const cs = await emu.clients().containerService();
  const body = privateCluster(net, { pool });
  body.agentPoolProfiles.push(...extraPools);
  return cs.managedClusters.createOrUpdate(RG, 'aks-demo', body, WAIT);
}

function refused(p: Promise<unknown>) {
  return p.then(
    () => undefined,
    (err: any) => ({ status: err.statusCode, code: err.code, message: String(err.message) }),
  );
}

async function kubectl(command: string) {
  const cs = await emu.clients().containerService();
  const result = await cs.managedClusters.runCommand(RG, 'aks-demo', { command, clusterToken: 'entra-token' }, WAIT);
  return result.logs ?? '';
}

const USER_POOL = {
  name: 'user',
  mode: 'User',
  vmSize: 'Standard_D2ds_v5',
  osType: 'Linux',
  type: 'VirtualMachineScaleSets',
  enableNodePublicIP: false,
};

describe('resource SKU catalogue', () => {
  it('lists zones per region and size, with a zone-less region and a zone restriction', async () => {
    const compute = await emu.clients().compute();
    const skus = async (location: string) => {
      const out = [];
      for await (const s of compute.resourceSkus.list({ filter: `location eq '${location}'` })) out.push(s);
      return out;
    };
    const zoneless = (await skus('australiasoutheast')).find((s) => s.name === 'Standard_D4ds_v5')!;
    expect(zoneless.locationInfo?.[0]?.zones).toEqual([]);
    const eastus = await skus('eastus');
    const d8 = eastus.find((s) => s.name === 'Standard_D8ds_v5')!;
    expect(d8.locationInfo?.[0]?.zones).toEqual(['1', '2', '3']);
    expect(d8.restrictions).toEqual([
      expect.objectContaining({
        type: 'Zone',
        reasonCode: 'NotAvailableForSubscription',
        restrictionInfo: { locations: ['eastus'], zones: ['3'] },
      }),
    ]);
    expect(d8.capabilities).toContainEqual({ name: 'vCPUs', value: '8' });
  });
});

describe('node pool rules', () => {
  it('refuses a zone the size is not offered in with AvailabilityZoneNotSupported', async () => {
    const net = await buildAksNetwork(emu);
    const r = await refused(create(net, { vmSize: 'Standard_D8ds_v5', availabilityZones: ['1', '3'] }));
    expect(r).toMatchObject({ status: 400, code: 'AvailabilityZoneNotSupported' });
    expect(r!.message).toContain('The zone(s) 3 for resource system is not supported. The supported zones for location eastus are 1,2.');
  });

  it('refuses autoscaler bounds that do not hold the count', async () => {
    const net = await buildAksNetwork(emu);
    const inverted = await refused(create(net, { enableAutoScaling: true, minCount: 4, maxCount: 2 }));
    expect(inverted).toMatchObject({ status: 400, code: 'InvalidParameter' });
    const outside = await refused(create(net, { enableAutoScaling: true, minCount: 1, maxCount: 2, count: 3 }));
    expect(outside?.message).toContain(
      'agentPoolProfile.count was 3. It must be greater or equal to minCount:1 and less than or equal to maxCount:2.',
    );
    const noBounds = await refused(create(net, { minCount: 1, maxCount: 3 }));
    expect(noBounds).toMatchObject({ status: 400, code: 'InvalidParameter' });
  });

  it('refuses a zone change of an existing pool and a new pool through managedClusters, and keeps an omitted pool', async () => {
    const net = await buildAksNetwork(emu);
    await create(net, { availabilityZones: ['1', '2'] }, [{ ...USER_POOL, count: 1, vnetSubnetID: net.nodeSubnetId }]);
    const zones = await refused(create(net, { availabilityZones: ['1', '2', '3'] }));
    expect(zones).toMatchObject({ status: 400, code: 'PropertyChangeNotAllowed' });
    expect(zones!.message).toContain("'availabilityZones'");
    const added = await refused(
      create(net, { availabilityZones: ['1', '2'] }, [{ ...USER_POOL, name: 'extra', count: 1, vnetSubnetID: net.nodeSubnetId }]),
    );
    expect(added).toMatchObject({ status: 400, code: 'BadRequest' });
    expect(added!.message).toContain('A new agent pool was introduced.');
    const cluster = await create(net, { availabilityZones: ['1', '2'], count: 2 });
    expect(cluster.agentPoolProfiles?.map((p) => [p.name, p.count])).toEqual([
      ['system', 2],
      ['user', 1],
    ]);
  });
});

describe('agentPools API', () => {
  it('adds, changes and deletes a pool of an existing cluster; the cluster lists it meanwhile', async () => {
    const net = await buildAksNetwork(emu);
    await create(net);
    const cs = await emu.clients().containerService();
    const added = await cs.agentPools.beginCreateOrUpdateAndWait(
      RG,
      'aks-demo',
      'user',
      { ...USER_POOL, vnetSubnetID: net.nodeSubnetId, enableAutoScaling: true, minCount: 1, maxCount: 3, availabilityZones: ['1', '2'] },
      WAIT,
    );
    expect(added).toMatchObject({ name: 'user', mode: 'User', count: 1, provisioningState: 'Succeeded', availabilityZones: ['1', '2'] });
    const cluster = await cs.managedClusters.get(RG, 'aks-demo');
    expect(cluster.agentPoolProfiles?.map((p) => p.name)).toEqual(['system', 'user']);
    const changed = await cs.agentPools.beginCreateOrUpdateAndWait(RG, 'aks-demo', 'user', { ...added, maxCount: 5 }, WAIT);
    expect(changed.maxCount).toBe(5);
    await expect(
      cs.agentPools.beginCreateOrUpdateAndWait(RG, 'aks-demo', 'user', { ...added, availabilityZones: ['3'] }, WAIT),
    ).rejects.toMatchObject({ statusCode: 400, code: 'PropertyChangeNotAllowed' });
    await cs.agentPools.beginDeleteAndWait(RG, 'aks-demo', 'user', WAIT);
    expect((await cs.managedClusters.get(RG, 'aks-demo')).agentPoolProfiles?.map((p) => p.name)).toEqual(['system']);
    await expect(cs.agentPools.beginDeleteAndWait(RG, 'aks-demo', 'system', WAIT)).rejects.toMatchObject({
      code: 'MustDefineAtLeastOneSystemPool',
    });
  });

  it('lists a pool at once while it is created or deleted, and leaves it Failed when its operation fails', async () => {
    const net = await buildAksNetwork(emu);
    await create(net);
    const cs = await emu.clients().containerService();
    const body = { ...USER_POOL, vnetSubnetID: net.nodeSubnetId, count: 1 };
    const state = async () => (await cs.agentPools.get(RG, 'aks-demo', 'user')).provisioningState;
    await emu.control.fault({ method: 'PUT', path: 'agentPools/user$', kind: 'hold', times: 1 });
    const creating = cs.agentPools.createOrUpdate(RG, 'aks-demo', 'user', body, WAIT);
    await creating.submitted();
    expect(await state()).toBe('Creating');
    expect((await cs.managedClusters.get(RG, 'aks-demo')).provisioningState).toBe('Updating');
    await emu.control.advanceClock(3600);
    await creating.pollUntilDone();
    expect(await state()).toBe('Succeeded');

    await emu.control.fault({ method: 'DELETE', path: 'agentPools/user$', kind: 'hold', times: 1 });
    const deleting = cs.agentPools.delete(RG, 'aks-demo', 'user', WAIT);
    await deleting.submitted();
    expect(await state()).toBe('Deleting');
    await emu.control.advanceClock(3600);
    await deleting.pollUntilDone();

    await emu.control.fault({
      method: 'PUT',
      path: 'agentPools/user$',
      kind: 'lro-failed',
      code: 'QuotaExceeded',
      message: 'Quota exceeded.',
      times: 1,
    });
    await expect(cs.agentPools.beginCreateOrUpdateAndWait(RG, 'aks-demo', 'user', body, WAIT)).rejects.toThrow();
    expect(await state()).toBe('Failed');
    // A PUT of the pool reconciles it.
    expect((await cs.agentPools.beginCreateOrUpdateAndWait(RG, 'aks-demo', 'user', body, WAIT)).provisioningState).toBe('Succeeded');
    expect((await cs.managedClusters.get(RG, 'aks-demo')).provisioningState).toBe('Succeeded');
  });
});

describe("agentPools API: Microsoft's examples", () => {
  const example = (name: string) => JSON.parse(readFileSync(`test/fixtures/arm-examples/containerservice/${name}.json`, 'utf8'));

  it('answers AgentPools_CreateOrUpdate (201 Creating, then 200) and AgentPools_Delete (202 with Location) as the examples show', async () => {
    const net = await buildAksNetwork(emu);
    await create(net);
    const create201 = example('AgentPoolsCreate_EnableFIPS');
    const path = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/aks-demo/agentPools/agentpool1?api-version=2026-04-01`;
    const request = create201.parameters.parameters;
    const first = await emu.http('PUT', path, { properties: { ...request.properties, vnetSubnetID: net.nodeSubnetId } });
    expect(first.status).toBe(201);
    expect(first.headers['azure-asyncoperation']).toBeDefined();
    const created = create201.responses['201'].body;
    for (const key of ['id', 'name', 'type']) expect(first.body).toHaveProperty(key);
    for (const key of Object.keys(created.properties)) expect(first.body.properties).toHaveProperty(key);
    expect(first.body.properties.provisioningState).toBe('Creating');
    const cs = await emu.clients().containerService();
    await expect.poll(async () => (await cs.managedClusters.get(RG, 'aks-demo')).provisioningState).toBe('Succeeded');
    const again = await emu.http('PUT', path, { properties: { ...request.properties, vnetSubnetID: net.nodeSubnetId } });
    expect(again.status).toBe(200);
    for (const key of Object.keys(create201.responses['200'].body.properties)) expect(again.body.properties).toHaveProperty(key);
    await expect.poll(async () => (await cs.managedClusters.get(RG, 'aks-demo')).provisioningState).toBe('Succeeded');

    const deleted = await emu.http('DELETE', path);
    expect(deleted.status).toBe(Number(Object.keys(example('AgentPoolsDelete').responses)[0]));
    expect(deleted.headers.location).toMatch(/\/providers\/Microsoft\.ContainerService\/locations\/eastus\/operationresults\//i);
    await expect.poll(async () => (await cs.managedClusters.get(RG, 'aks-demo')).agentPoolProfiles?.map((p) => p.name)).toEqual(['system']);
    expect((await emu.http('DELETE', path)).status).toBe(204);
  });
});

describe('nodes and scheduling', () => {
  it('labels nodes with their zone and leaves a workload Pending when only CriticalAddonsOnly nodes exist', async () => {
    const net = await buildAksNetwork(emu);
    await create(net, { count: 2, availabilityZones: ['1', '2'], nodeTaints: ['CriticalAddonsOnly=true:NoSchedule'] });
    await grantClusterAdmin(emu, 'aks-demo');
    const nodes = JSON.parse(await kubectl('kubectl get nodes -o json')).items;
    expect(nodes.map((n: any) => n.metadata.labels['topology.kubernetes.io/zone'])).toEqual(['eastus-1', 'eastus-2']);
    expect(nodes[0].spec.taints).toEqual([{ key: 'CriticalAddonsOnly', value: 'true', effect: 'NoSchedule' }]);
    await kubectl('kubectl create deployment web --image=mcr.microsoft.com/azurelinux/base/nginx:1.25 --replicas=1');
    const pending = JSON.parse(await kubectl('kubectl get pods -l app=web -o json')).items;
    expect(pending[0].status.phase).toBe('Pending');

    const cs = await emu.clients().containerService();
    await cs.agentPools.beginCreateOrUpdateAndWait(
      RG,
      'aks-demo',
      'user',
      { ...USER_POOL, count: 1, vnetSubnetID: net.nodeSubnetId },
      WAIT,
    );
    const placed = JSON.parse(await kubectl('kubectl get pods -l app=web -o json')).items;
    expect(placed[0].status.phase).toBe('Running');
    expect(placed[0].spec.nodeName).toMatch(/^aks-user-/);
  });
});
