/**
 * Microsoft.Network's wire protocol as recorded Azure traffic shows it: a create is `Updating` while it
 * runs (there is no `Creating`), creates and updates answer without Retry-After, and a delete answers 202
 * with both Azure-AsyncOperation and Location and `Retry-After: 10`. The real NetworkManagementClient still completes every operation.
 */
import { describe, expect, it } from 'vitest';
import { SUB, useTestEmulator } from '../helpers/emulator.js';

const emu = useTestEmulator({ speed: 5 });
const RG = 'rg-proto';
const API = 'api-version=2025-05-01';
const vnetPath = (name: string) => `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/${name}`;
const vnet = { location: 'eastus', properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] } } };
const poll = { updateIntervalInMs: 10 };

async function group(): Promise<void> {
  await (await emu.clients().resources()).resourceGroups.createOrUpdate(RG, { location: 'eastus' });
}

describe('Microsoft.Network first answers and in-flight state', () => {
  it('a create answers 201 Updating with Azure-AsyncOperation and no Retry-After, and GET shows Updating', async () => {
    await group();
    const created = await emu.http('PUT', `${vnetPath('v1')}?${API}`, vnet);
    expect(created.status).toBe(201);
    expect(created.body.properties.provisioningState).toBe('Updating');
    expect(created.headers['azure-asyncoperation']).toMatch(/\/providers\/Microsoft\.Network\/locations\/eastus\/operations\//);
    expect(created.headers['retry-after']).toBeUndefined();
    const during = await emu.http('GET', `${vnetPath('v1')}?${API}`);
    expect(during.body.properties.provisioningState).toBe('Updating');
  });

  it('an update answers 200 Updating with no Retry-After', async () => {
    await group();
    const net = await emu.clients().network();
    await net.virtualNetworks.beginCreateOrUpdateAndWait(
      RG,
      'v2',
      { location: 'eastus', addressSpace: vnet.properties.addressSpace },
      poll,
    );
    const updated = await emu.http('PUT', `${vnetPath('v2')}?${API}`, vnet);
    expect(updated).toMatchObject({ status: 200, body: { properties: { provisioningState: 'Updating' } } });
    expect(updated.headers['retry-after']).toBeUndefined();
  });

  it('a delete answers 202 with Azure-AsyncOperation, Location and Retry-After 10, both URLs poll the same operation', async () => {
    await group();
    const net = await emu.clients().network();
    await net.virtualNetworks.beginCreateOrUpdateAndWait(
      RG,
      'v3',
      { location: 'eastus', addressSpace: vnet.properties.addressSpace },
      poll,
    );
    const deleted = await emu.http('DELETE', `${vnetPath('v3')}?${API}`);
    expect(deleted.status).toBe(202);
    expect(deleted.headers['retry-after']).toBe('10');
    const asyncUrl = new URL(String(deleted.headers['azure-asyncoperation']));
    const locationUrl = new URL(String(deleted.headers.location));
    expect(asyncUrl.pathname).toMatch(/\/operations\/[0-9a-f-]{36}$/);
    expect(locationUrl.pathname).toMatch(/\/operationResults\/[0-9a-f-]{36}$/);
    expect(asyncUrl.pathname.split('/').pop()).toBe(locationUrl.pathname.split('/').pop());
    expect((await emu.http('GET', `${vnetPath('v3')}?${API}`)).body.properties.provisioningState).toBe('Deleting');
    expect((await emu.http('GET', asyncUrl.pathname + asyncUrl.search)).body.status).toBe('InProgress');
    expect((await emu.http('GET', locationUrl.pathname + locationUrl.search)).status).toBe(202);
  });

  it('a network interface is in place at once: 201 (200 on update) Succeeded with Azure-AsyncOperation, GET Succeeded', async () => {
    await group();
    const net = await emu.clients().network();
    const v = await net.virtualNetworks.beginCreateOrUpdateAndWait(
      RG,
      'v5',
      { location: 'eastus', addressSpace: vnet.properties.addressSpace, subnets: [{ name: 's', addressPrefix: '10.0.0.0/24' }] },
      poll,
    );
    const nicPath = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/networkInterfaces/nic1?${API}`;
    const nic = {
      location: 'eastus',
      properties: { ipConfigurations: [{ name: 'ipconfig1', properties: { subnet: { id: v.subnets![0].id } } }] },
    };
    const created = await emu.http('PUT', nicPath, nic);
    expect(created.status).toBe(201);
    expect(created.body.properties.provisioningState).toBe('Succeeded');
    expect(created.headers['azure-asyncoperation']).toMatch(/\/operations\//);
    expect(created.headers['retry-after']).toBeUndefined();
    expect(created.body.properties.allowPort25Out).toBe(true);
    expect((await emu.http('GET', nicPath)).body.properties.provisioningState).toBe('Succeeded');
    const op = new URL(String(created.headers['azure-asyncoperation']));
    await expect.poll(async () => (await emu.http('GET', op.pathname + op.search)).body.status, { timeout: 5000 }).toBe('Succeeded');
    const done = await net.networkInterfaces.beginCreateOrUpdateAndWait(
      RG,
      'nic1',
      { location: 'eastus', ipConfigurations: [{ name: 'ipconfig1', subnet: { id: v.subnets![0].id } }] },
      poll,
    );
    expect(done.provisioningState).toBe('Succeeded');
    // Once the create has finished (as the recording polls it first), an update answers 200 Succeeded too.
    const second = { name: 'ipconfig2', properties: { subnet: { id: v.subnets![0].id } } };
    const updated = await emu.http('PUT', nicPath, {
      ...nic,
      properties: { ipConfigurations: [...nic.properties.ipConfigurations, second] },
    });
    expect(updated).toMatchObject({ status: 200, body: { properties: { provisioningState: 'Succeeded' } } });
    expect(updated.headers['azure-asyncoperation']).toMatch(/\/operations\//);
  });

  it('the real client completes creates and deletes answered that way', async () => {
    await group();
    const net = await emu.clients().network();
    const done = await net.virtualNetworks.beginCreateOrUpdateAndWait(
      RG,
      'v4',
      { location: 'eastus', addressSpace: vnet.properties.addressSpace },
      poll,
    );
    expect(done.provisioningState).toBe('Succeeded');
    await net.virtualNetworks.beginDeleteAndWait(RG, 'v4', poll);
    await expect(net.virtualNetworks.get(RG, 'v4')).rejects.toMatchObject({ statusCode: 404 });
  });
});
