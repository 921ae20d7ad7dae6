import { describe, expect, it } from 'vitest';
import { SUB, useTestEmulator } from '../helpers/emulator.js';

const emu = useTestEmulator({ resetBeforeEach: false });

describe('ARM protocol basics', () => {
  it('requires a bearer token', async () => {
    const answer = await emu.http('GET', `/subscriptions/${SUB}/resourcegroups?api-version=2025-04-01`, undefined, { authorization: '' });
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('AuthenticationFailed');
  });

  it('echoes the client request id as correlation and sets a request id', async () => {
    const answer = await emu.http('GET', `/subscriptions/${SUB}?api-version=2022-12-01`, undefined, {
      'x-ms-client-request-id': 'abc-123',
    });
    expect(answer.headers['x-ms-correlation-request-id']).toBe('abc-123');
    expect(answer.headers['x-ms-client-request-id']).toBe('abc-123');
    expect(answer.headers['x-ms-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('routes case-insensitively and collapses repeated slashes', async () => {
    await emu.http('PUT', `/subscriptions/${SUB}/resourceGroups/rg-h?api-version=2025-04-01`, { location: 'eastus' });
    expect((await emu.http('GET', `//SUBSCRIPTIONS/${SUB}//RESOURCEGROUPS/rg-h?api-version=2025-04-01`)).status).toBe(200);
  });

  it('answers unknown types, missing resources and a missing location the ARM way', async () => {
    const unknownType = await emu.http('GET', `/subscriptions/${SUB}/resourceGroups/rg-h/providers/Microsoft.Foo/bars/x?api-version=1`);
    expect(unknownType.status).toBe(404);
    expect(unknownType.body.error.code).toBe('InvalidResourceType');
    const missing = await emu.http(
      'GET',
      `/subscriptions/${SUB}/resourceGroups/rg-h/providers/Microsoft.ManagedIdentity/userAssignedIdentities/nope?api-version=2024-11-30`,
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('ResourceNotFound');
    const noGroup = await emu.http(
      'GET',
      `/subscriptions/${SUB}/resourceGroups/rg-none/providers/Microsoft.ManagedIdentity/userAssignedIdentities/x?api-version=2024-11-30`,
    );
    expect(noGroup.body.error.code).toBe('ResourceGroupNotFound');
    const bad = await emu.http('PUT', `/subscriptions/${SUB}/resourceGroups/rg-h?api-version=2025-04-01`, undefined, {
      'content-type': 'application/json',
    });
    expect(bad.status).toBe(400);
  });

  it('refuses writes to an unregistered namespace with MissingSubscriptionRegistration', async () => {
    await emu.control.setProviderState('Microsoft.ManagedIdentity', 'NotRegistered');
    const msi = await emu.clients().msi();
    await expect(msi.userAssignedIdentities.createOrUpdate('rg-h', 'id1', { location: 'eastus' })).rejects.toMatchObject({
      statusCode: 409,
      code: 'MissingSubscriptionRegistration',
    });
    await emu.control.setProviderState('Microsoft.ManagedIdentity', 'Registered');
  });
});

describe('control API', () => {
  it('lists resources and requests (not its own calls), enforces caller permissions with wildcards, and resets', async () => {
    await emu.control.reset();
    const rm = await emu.clients().resources();
    await rm.resourceGroups.createOrUpdate('rg-c', { location: 'eastus' });
    expect((await emu.control.resources()).map((r) => r.name)).toEqual(['rg-c']);
    const log = await emu.control.requests();
    expect(log).toEqual([
      { method: 'PUT', path: `/subscriptions/${SUB}/resourcegroups/rg-c`, apiVersion: '2025-04-01', status: 201, time: expect.any(String) },
    ]);

    await emu.control.setCaller({ actions: ['*/read'] });
    await rm.resourceGroups.get('rg-c');
    const denied = await rm.resourceGroups.createOrUpdate('rg-c', { location: 'eastus' }).catch((e) => e);
    expect(denied).toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
    expect(denied.message).toContain("'Microsoft.Resources/subscriptions/resourceGroups/write' over scope '/subscriptions/");

    await emu.control.setCaller({ actions: ['Microsoft.Resources/*'], notActions: ['*/delete'] });
    await rm.resourceGroups.createOrUpdate('rg-c', { location: 'eastus' });
    await expect(rm.resourceGroups.beginDelete('rg-c')).rejects.toMatchObject({ statusCode: 403 });

    await emu.control.reset();
    expect(await emu.control.resources()).toEqual([]);
    expect(await emu.control.requests()).toEqual([]);
    await rm.resourceGroups.createOrUpdate('rg-c', { location: 'eastus' });
  });
});
