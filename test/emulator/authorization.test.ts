import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { SUB, useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';
import { REPLICATION_AZURE_SECONDS } from '../../src/emulator/providers/authorization/principals.js';

const NETWORK_CONTRIBUTOR = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/4d97b98b-1d4f-4787-a291-c67834d212e7`;
const READER = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`;
const RG_SCOPE = `/subscriptions/${SUB}/resourceGroups/rg-auth`;

// Frozen: a new identity stays unreplicated until a test advances the clock past the replication delay.
const emu = useTestEmulator({ speed: SPEED.frozen, resetBeforeEach: false });
let principalId: string;
beforeAll(async () => {
  const clients = emu.clients();
  await (await clients.resources()).resourceGroups.createOrUpdate('rg-auth', { location: 'eastus' });
  principalId = (await (await clients.msi()).userAssignedIdentities.createOrUpdate('rg-auth', 'id-cluster', { location: 'eastus' }))
    .principalId!;
});

describe('role assignments through AuthorizationManagementClient', () => {
  it('refuses a young identity with PrincipalNotFound unless principalType is given, then succeeds after the replication delay', async () => {
    const auth = await emu.clients().authorization();
    const name = randomUUID();
    const params = { roleDefinitionId: NETWORK_CONTRIBUTOR, principalId };
    await expect(auth.roleAssignments.create(RG_SCOPE, name, params)).rejects.toMatchObject({ statusCode: 400, code: 'PrincipalNotFound' });
    await emu.control.advanceClock(REPLICATION_AZURE_SECONDS);
    const created = await auth.roleAssignments.create(RG_SCOPE, name, params);
    expect(created).toMatchObject({ name, principalId, scope: RG_SCOPE, type: 'Microsoft.Authorization/roleAssignments' });
    // Same name, same content: idempotent.
    expect((await auth.roleAssignments.create(RG_SCOPE, name, params)).id).toBe(created.id);
    // Another name for the same principal, role and scope.
    await expect(auth.roleAssignments.create(RG_SCOPE, randomUUID(), params)).rejects.toMatchObject({
      statusCode: 409,
      code: 'RoleAssignmentExists',
    });
    // A leading slash in the scope produces `//subscriptions/...`; it must still work.
    expect((await auth.roleAssignments.get(`/${RG_SCOPE}`, name)).id).toBe(created.id);
    expect((await auth.roleAssignments.getById(created.id!)).name).toBe(name);
  });

  it('accepts a young identity at once when principalType is given (ARM skips the directory lookup)', async () => {
    const clients = emu.clients();
    const fresh = (await (await clients.msi()).userAssignedIdentities.createOrUpdate('rg-auth', 'id-fresh', { location: 'eastus' }))
      .principalId!;
    const auth = await clients.authorization();
    // Scoped to the identity itself, so the listing test below sees only its own assignments.
    const scope = `${RG_SCOPE}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-fresh`;
    const params = { roleDefinitionId: READER, principalId: fresh, principalType: 'ServicePrincipal' as const };
    expect(await auth.roleAssignments.create(scope, randomUUID(), params)).toMatchObject({
      principalId: fresh,
      principalType: 'ServicePrincipal',
    });
    // A principal the directory never had is refused whatever the type says.
    await expect(auth.roleAssignments.create(scope, randomUUID(), { ...params, principalId: randomUUID() })).rejects.toMatchObject({
      code: 'PrincipalNotFound',
    });
  });

  it('refuses an unknown principal, a non-GUID name and an unknown role', async () => {
    const auth = await emu.clients().authorization();
    await expect(
      auth.roleAssignments.create(RG_SCOPE, randomUUID(), { roleDefinitionId: READER, principalId: randomUUID() }),
    ).rejects.toMatchObject({
      code: 'PrincipalNotFound',
    });
    await expect(auth.roleAssignments.create(RG_SCOPE, 'not-a-guid', { roleDefinitionId: READER, principalId })).rejects.toMatchObject({
      statusCode: 400,
      code: 'InvalidRoleAssignmentId',
    });
    await expect(
      auth.roleAssignments.create(RG_SCOPE, randomUUID(), { roleDefinitionId: READER.replace('acdd72a7', 'ffffffff'), principalId }),
    ).rejects.toMatchObject({ code: 'RoleDefinitionDoesNotExist' });
  });

  it('lists with atScope() and principalId filters, and deletes', async () => {
    const auth = await emu.clients().authorization();
    const sub = await auth.roleAssignments.create(`/subscriptions/${SUB}`, randomUUID(), { roleDefinitionId: READER, principalId });
    const atRg = [];
    for await (const a of auth.roleAssignments.listForScope(RG_SCOPE, { filter: 'atScope()' })) atRg.push(a);
    expect(atRg.map((a) => a.scope).sort()).toEqual([`/subscriptions/${SUB}`, RG_SCOPE]);
    const atSub = [];
    for await (const a of auth.roleAssignments.listForScope(`/subscriptions/${SUB}`, { filter: 'atScope()' })) atSub.push(a);
    expect(atSub.map((a) => a.scope)).toEqual([`/subscriptions/${SUB}`]);
    const mine = [];
    for await (const a of auth.roleAssignments.listForResourceGroup('rg-auth', { filter: `principalId eq '${principalId}'` })) mine.push(a);
    expect(mine.length).toBe(2);
    await auth.roleAssignments.delete(`/subscriptions/${SUB}`, sub.name!);
    await expect(auth.roleAssignments.get(`/subscriptions/${SUB}`, sub.name!)).rejects.toMatchObject({ statusCode: 404 });
  });

  it('serves built-in role definitions by id and by roleName filter', async () => {
    const auth = await emu.clients().authorization();
    const found = [];
    for await (const d of auth.roleDefinitions.list(`/subscriptions/${SUB}`, { filter: "roleName eq 'Network Contributor'" }))
      found.push(d);
    expect(found).toHaveLength(1);
    expect(found[0].name).toBe('4d97b98b-1d4f-4787-a291-c67834d212e7');
    expect(found[0].permissions?.[0].actions).toContain('Microsoft.Network/*');
    const aks = await auth.roleDefinitions.get(`/subscriptions/${SUB}`, 'b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b');
    expect(aks.roleName).toBe('Azure Kubernetes Service RBAC Cluster Admin');
    const byId = await auth.roleDefinitions.getById(NETWORK_CONTRIBUTOR);
    expect(byId.roleName).toBe('Network Contributor');
  });

  it("answers the permissions API with the caller's actions and enforces them with 403", async () => {
    const auth = await emu.clients().authorization();
    const owner = [];
    for await (const p of auth.permissions.listForResourceGroup('rg-auth')) owner.push(p);
    expect(owner).toEqual([expect.objectContaining({ actions: ['*'], notActions: [] })]);
    const contributorNot = [
      'Microsoft.Authorization/*/Delete',
      'Microsoft.Authorization/*/Write',
      'Microsoft.Authorization/elevateAccess/Action',
    ];
    await emu.control.setCaller({ actions: ['*'], notActions: contributorNot });
    try {
      const contributor = [];
      for await (const p of auth.permissions.listForResourceGroup('rg-auth')) contributor.push(p);
      expect(contributor[0].notActions).toEqual(contributorNot);
      const err = await auth.roleAssignments.create(RG_SCOPE, randomUUID(), { roleDefinitionId: READER, principalId }).catch((e) => e);
      expect(err).toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
      expect(err.message).toMatch(
        /does not have authorization to perform action 'Microsoft.Authorization\/roleAssignments\/write' over scope '\/subscriptions\/.+\/resourceGroups\/rg-auth\/providers\/Microsoft.Authorization\/roleAssignments\/.+' or the scope is invalid/,
      );
      // Reads are still allowed.
      await (await emu.clients().resources()).resourceGroups.get('rg-auth');
    } finally {
      await emu.control.setCaller({ actions: ['*'] });
    }
  });
});
