import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, SUB, type TestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ speed: SPEED.azure });
});
afterAll(async () => emu?.close());

const poll = { updateIntervalInMs: 20 };

describe('resource groups through ResourceManagementClient', () => {
  it('creates (201), updates (200), reads, patches and checks existence', async () => {
    const rm = await emu.clients().resources();
    const created = await rm.resourceGroups.createOrUpdate('rg-one', { location: 'eastus', tags: { 'managed-by': 'secure-aks' } });
    expect(created.id).toBe(`/subscriptions/${SUB}/resourceGroups/rg-one`);
    expect(created.properties?.provisioningState).toBe('Succeeded');
    const again = await rm.resourceGroups.createOrUpdate('RG-ONE', { location: 'East US', tags: { a: 'b' } });
    expect(again.name).toBe('rg-one');
    expect(again.tags).toEqual({ a: 'b' });
    const got = await rm.resourceGroups.get('rg-one');
    expect(got.location).toBe('eastus');
    const patched = await rm.resourceGroups.update('rg-one', { tags: { c: 'd' } });
    expect(patched.tags).toEqual({ c: 'd' });
    expect((await rm.resourceGroups.checkExistence('rg-one')).body).toBe(true);
    expect((await rm.resourceGroups.checkExistence('rg-none')).body).toBe(false);
    const statuses = (await emu.control.requests()).filter((r) => r.method === 'PUT').map((r) => r.status);
    expect(statuses).toEqual([201, 200]);
  });

  it('answers 404 ResourceGroupNotFound for a missing group and for resources inside it', async () => {
    const rm = await emu.clients().resources();
    await expect(rm.resourceGroups.get('rg-missing')).rejects.toMatchObject({ statusCode: 404, code: 'ResourceGroupNotFound' });
    const msi = await emu.clients().msi();
    await expect(msi.userAssignedIdentities.createOrUpdate('rg-missing', 'id1', { location: 'eastus' })).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceGroupNotFound',
    });
  });

  it('refuses invalid names and locations', async () => {
    const rm = await emu.clients().resources();
    await expect(rm.resourceGroups.createOrUpdate('ends-with-period.', { location: 'eastus' })).rejects.toMatchObject({
      statusCode: 400,
      code: 'InvalidResourceGroupName',
    });
    const tooLong = await emu.http('PUT', `/subscriptions/${SUB}/resourcegroups/${'a'.repeat(91)}?api-version=2025-04-01`, {
      location: 'eastus',
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.code).toBe('InvalidResourceGroupName');
    await expect(rm.resourceGroups.createOrUpdate('rg-loc', { location: 'moon-central' })).rejects.toMatchObject({
      statusCode: 400,
      code: 'LocationNotAvailableForResourceGroup',
    });
    await rm.resourceGroups.createOrUpdate('rg-loc', { location: 'westus2' });
    await expect(rm.resourceGroups.createOrUpdate('rg-loc', { location: 'eastus' })).rejects.toMatchObject({
      statusCode: 409,
      code: 'InvalidResourceGroupLocation',
    });
  });

  it('deletes with an LRO that shows Deleting, refuses writes inside meanwhile, and cascades', async () => {
    const slow = await startTestEmulator({ speed: 20 });
    try {
      const clients = slow.clients();
      const rm = await clients.resources();
      const msi = await clients.msi();
      await rm.resourceGroups.createOrUpdate('rg-del', { location: 'eastus' });
      await msi.userAssignedIdentities.createOrUpdate('rg-del', 'id-a', { location: 'eastus' });
      const poller = await rm.resourceGroups.beginDelete('rg-del', poll);
      expect((await rm.resourceGroups.get('rg-del')).properties?.provisioningState).toBe('Deleting');
      await expect(msi.userAssignedIdentities.createOrUpdate('rg-del', 'id-b', { location: 'eastus' })).rejects.toMatchObject({
        statusCode: 409,
        code: 'ResourceGroupBeingDeleted',
      });
      await poller.pollUntilDone();
      await expect(rm.resourceGroups.get('rg-del')).rejects.toMatchObject({ code: 'ResourceGroupNotFound' });
      expect((await slow.control.resources()).filter((r) => r.id.includes('rg-del'))).toEqual([]);
      const polls = (await slow.control.requests()).filter((r) => r.path.includes('/operationResults/'));
      expect(polls.length).toBeGreaterThan(0);
    } finally {
      await slow.close();
    }
  });

  it('lists resources in a group with a tag filter and gets any resource by id', async () => {
    const clients = emu.clients();
    const rm = await clients.resources();
    const msi = await clients.msi();
    await rm.resourceGroups.createOrUpdate('rg-list', { location: 'eastus' });
    await msi.userAssignedIdentities.createOrUpdate('rg-list', 'tagged', { location: 'eastus', tags: { 'secure-aks-deployment': 'd1' } });
    await msi.userAssignedIdentities.createOrUpdate('rg-list', 'untagged', { location: 'eastus' });
    const listed = [];
    for await (const r of rm.resources.listByResourceGroup('rg-list', {
      filter: "tagName eq 'secure-aks-deployment' and tagValue eq 'd1'",
    }))
      listed.push(r);
    expect(listed.map((r) => r.name)).toEqual(['tagged']);
    const byId = await rm.resources.getById(listed[0].id!, '2024-11-30');
    expect(byId.properties).toHaveProperty('principalId');
    await expect(rm.resources.getById(`${listed[0].id!}x`, '2024-11-30')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
    });
  });

  it('reports provider registration and registers a namespace', async () => {
    const rm = await emu.clients().resources();
    expect((await rm.providers.get('Microsoft.Network')).registrationState).toBe('Registered');
    await emu.control.setProviderState('Microsoft.Network', 'NotRegistered');
    expect((await rm.providers.get('microsoft.network')).registrationState).toBe('NotRegistered');
    const reg = await rm.providers.register('Microsoft.Network');
    expect(['Registering', 'Registered']).toContain(reg.registrationState);
    await emu.control.advanceClock(30);
    expect((await rm.providers.get('Microsoft.Network')).registrationState).toBe('Registered');
  });

  it('serves the subscription and its locations', async () => {
    const subs = await emu.http('GET', '/subscriptions?api-version=2022-12-01');
    expect(subs.body.value).toEqual([
      expect.objectContaining({ subscriptionId: SUB, displayName: 'Emulator subscription', state: 'Enabled' }),
    ]);
    const locs = await emu.http('GET', `/subscriptions/${SUB}/locations?api-version=2022-12-01`);
    expect(locs.body.value.map((l: { name: string }) => l.name)).toContain('eastus');
    const other = await emu.http('GET', '/subscriptions/11111111-2222-3333-4444-555555555555/resourcegroups?api-version=2025-04-01');
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('SubscriptionNotFound');
  });
});
