import { beforeAll, describe, expect, it } from 'vitest';
import { SUB, useTestEmulator } from '../helpers/emulator.js';

const emu = useTestEmulator({ resetBeforeEach: false });
beforeAll(async () => {
  await (await emu.clients().resources()).resourceGroups.createOrUpdate('rg-msi', { location: 'eastus' });
});

describe('user-assigned identities through ManagedServiceIdentityClient', () => {
  it('creates (201) with server-generated ids, keeps them on update (200), gets, lists and deletes', async () => {
    const msi = await emu.clients().msi();
    const created = await msi.userAssignedIdentities.createOrUpdate('rg-msi', 'id-aks', {
      location: 'eastus',
      tags: { 'managed-by': 'secure-aks' },
    });
    expect(created.id).toBe(
      `/subscriptions/${SUB}/resourceGroups/rg-msi/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-aks`,
    );
    expect(created.principalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.tenantId).toBeTruthy();
    const updated = await msi.userAssignedIdentities.createOrUpdate('rg-msi', 'id-aks', { location: 'eastus', tags: { x: 'y' } });
    expect(updated.principalId).toBe(created.principalId);
    expect(updated.tags).toEqual({ x: 'y' });
    const got = await msi.userAssignedIdentities.get('rg-msi', 'id-aks');
    expect(got.clientId).toBe(created.clientId);
    const listed = [];
    for await (const i of msi.userAssignedIdentities.listByResourceGroup('rg-msi')) listed.push(i.name);
    expect(listed).toEqual(['id-aks']);
    const puts = (await emu.control.requests()).filter((r) => r.method === 'PUT' && r.path.includes('id-aks')).map((r) => r.status);
    expect(puts).toEqual([201, 200]);
    await msi.userAssignedIdentities.delete('rg-msi', 'id-aks');
    await expect(msi.userAssignedIdentities.get('rg-msi', 'id-aks')).rejects.toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
  });

  it('refuses a bad name and an unserved location', async () => {
    const msi = await emu.clients().msi();
    await expect(msi.userAssignedIdentities.createOrUpdate('rg-msi', '-bad', { location: 'eastus' })).rejects.toMatchObject({
      statusCode: 400,
      code: 'InvalidResourceName',
    });
    await expect(msi.userAssignedIdentities.createOrUpdate('rg-msi', 'id-far', { location: 'australiaeast' })).rejects.toMatchObject({
      statusCode: 400,
      code: 'LocationNotAvailableForResourceType',
    });
  });
});

describe('what Azure answers besides the identity itself', () => {
  it('a create answers 201 with Location naming the identity; an update answers 200 without', async () => {
    const path = `/subscriptions/${SUB}/resourceGroups/rg-msi/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-loc?api-version=2023-01-31`;
    const created = await emu.http('PUT', path, { location: 'eastus' });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(created.body.id);
    const updated = await emu.http('PUT', path, { location: 'eastus' });
    expect(updated.status).toBe(200);
    expect(updated.headers.location).toBeUndefined();
  });

  it('lists the provider operations through the SDK', async () => {
    const msi = await emu.clients().msi();
    const names = [];
    for await (const op of msi.operations.list()) names.push(op.name);
    expect(names).toContain('Microsoft.ManagedIdentity/userAssignedIdentities/write');
  });

  it('lists the resources that carry an identity: none for an unused one, 404 for a missing one', async () => {
    const base = `/subscriptions/${SUB}/resourceGroups/rg-msi/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-used`;
    const created = await emu.http('PUT', `${base}?api-version=2023-01-31`, { location: 'eastus' });
    const list = () => emu.http('POST', `${base}/listAssociatedResources?api-version=2022-01-31-preview`);
    expect(created.status).toBe(201);
    expect(await list()).toMatchObject({ status: 200, body: { totalCount: 0, value: [] } });
    const missing = await emu.http('POST', `${base.replace('id-used', 'id-none')}/listAssociatedResources?api-version=2022-01-31-preview`);
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'ResourceNotFound' } } });
  });
});
