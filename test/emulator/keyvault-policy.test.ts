import { beforeAll, describe, expect, it } from 'vitest';
import { SUB, useTestEmulator } from '../helpers/emulator.js';

const emu = useTestEmulator({ resetBeforeEach: false });
const TENANT = '00000000-0000-0000-0000-0000000000e1';
const vaultBody = (extra: Record<string, unknown> = {}) => ({
  location: 'eastus',
  properties: { tenantId: TENANT, sku: { family: 'A' as const, name: 'standard' as const }, accessPolicies: [], ...extra },
});
const poll = { updateIntervalInMs: 10 };

beforeAll(async () => {
  const rm = await emu.clients().resources();
  for (const rg of ['rg-kv', 'rg-kv2']) await rm.resourceGroups.createOrUpdate(rg, { location: 'eastus' });
});

describe('Microsoft.KeyVault/vaults', () => {
  it('refuses a vault until the subscription registers Microsoft.KeyVault', async () => {
    const kv = await emu.clients().keyVault();
    await expect(kv.vaults.beginCreateOrUpdateAndWait('rg-kv', 'kv-early', vaultBody(), poll)).rejects.toMatchObject({
      statusCode: 409,
      code: 'MissingSubscriptionRegistration',
    });
    await emu.control.setProviderState('Microsoft.KeyVault', 'Registered');
  });

  it('answers a create at once with RegisteringDns, then Succeeded; soft delete is always on', async () => {
    const path = `/subscriptions/${SUB}/resourceGroups/rg-kv/providers/Microsoft.KeyVault/vaults/kv-first?api-version=2025-05-01`;
    const first = await emu.http('PUT', path, vaultBody());
    expect(first.status).toBe(201);
    expect(first.body.properties).toMatchObject({
      provisioningState: 'RegisteringDns',
      enableSoftDelete: true,
      softDeleteRetentionInDays: 90,
    });
    const kv = await emu.clients().keyVault();
    const done = await kv.vaults.beginCreateOrUpdateAndWait('rg-kv', 'kv-first', vaultBody(), poll);
    expect(done.properties.provisioningState).toBe('Succeeded');
    expect(done.properties.vaultUri).toBe('https://kv-first.vault.azure.net/');
  });

  it('refuses a create or update without accessPolicies, as Azure does outside a recover', async () => {
    const kv = await emu.clients().keyVault();
    const bare = { location: 'eastus', properties: { tenantId: TENANT, sku: { family: 'A' as const, name: 'standard' as const } } };
    for (const name of ['kv-nopolicies', 'kv-first']) {
      await expect(kv.vaults.beginCreateOrUpdateAndWait('rg-kv', name, bare as never, poll), name).rejects.toMatchObject({
        statusCode: 400,
        code: 'BadRequest',
        message: 'The parameter accessPolicies is not specified.',
      });
    }
    await expect(kv.vaults.get('rg-kv', 'kv-nopolicies')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('checks names: the rule, and one namespace across every resource group', async () => {
    const kv = await emu.clients().keyVault();
    for (const bad of ['kv', '1kv-abc', 'kv--abc', 'kv-abc-', 'kv_abc', 'a'.repeat(25)]) {
      await expect(kv.vaults.beginCreateOrUpdateAndWait('rg-kv', bad, vaultBody(), poll), bad).rejects.toMatchObject({
        statusCode: 400,
        code: 'VaultNameNotValid',
      });
    }
    await expect(kv.vaults.beginCreateOrUpdateAndWait('rg-kv2', 'kv-first', vaultBody(), poll)).rejects.toMatchObject({
      statusCode: 409,
      code: 'VaultAlreadyExists',
    });
    expect(await kv.vaults.checkNameAvailability({ name: 'kv-first', type: 'Microsoft.KeyVault/vaults' })).toMatchObject({
      nameAvailable: false,
      reason: 'AlreadyExists',
    });
    expect(await kv.vaults.checkNameAvailability({ name: 'kv-free', type: 'Microsoft.KeyVault/vaults' })).toMatchObject({
      nameAvailable: true,
    });
  });

  it('a deleted vault keeps its name until recovered or purged; purge protection refuses the purge', async () => {
    const kv = await emu.clients().keyVault();
    await kv.vaults.beginCreateOrUpdateAndWait('rg-kv', 'kv-kept', vaultBody({ enablePurgeProtection: true }), poll);
    await kv.vaults.delete('rg-kv', 'kv-kept');
    await expect(kv.vaults.get('rg-kv', 'kv-kept')).rejects.toMatchObject({ statusCode: 404 });
    const deleted = await kv.vaults.getDeleted('kv-kept', 'eastus');
    expect(deleted.properties).toMatchObject({ location: 'eastus', purgeProtectionEnabled: true });
    expect(deleted.properties?.vaultId).toMatch(/\/resourceGroups\/rg-kv\/providers\/Microsoft.KeyVault\/vaults\/kv-kept$/);
    await expect(kv.vaults.beginCreateOrUpdateAndWait('rg-kv', 'kv-kept', vaultBody(), poll)).rejects.toMatchObject({
      statusCode: 409,
      code: 'ConflictError',
    });
    await expect(kv.vaults.beginPurgeDeletedAndWait('kv-kept', 'eastus', poll)).rejects.toMatchObject({ statusCode: 409 });
    const recovered = await kv.vaults.beginCreateOrUpdateAndWait('rg-kv', 'kv-kept', vaultBody({ createMode: 'recover' }), poll);
    expect(recovered.properties).toMatchObject({ enablePurgeProtection: true, provisioningState: 'Succeeded' });
    await expect(kv.vaults.getDeleted('kv-kept', 'eastus')).rejects.toMatchObject({ statusCode: 404 });
    // Purge protection, once on, stays on.
    await expect(
      kv.vaults.beginCreateOrUpdateAndWait('rg-kv', 'kv-kept', vaultBody({ enablePurgeProtection: false }), poll),
    ).rejects.toMatchObject({ statusCode: 400 });
  });

  it('recover needs a deleted vault of that name; without purge protection a purge frees the name', async () => {
    const kv = await emu.clients().keyVault();
    await expect(
      kv.vaults.beginCreateOrUpdateAndWait('rg-kv', 'kv-none', vaultBody({ createMode: 'recover' }), poll),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'SoftDeletedVaultDoesNotExist',
    });
    await kv.vaults.beginCreateOrUpdateAndWait('rg-kv', 'kv-purge', vaultBody(), poll);
    await kv.vaults.delete('rg-kv', 'kv-purge');
    await kv.vaults.beginPurgeDeletedAndWait('kv-purge', 'eastus', poll);
    const again = await kv.vaults.beginCreateOrUpdateAndWait('rg-kv2', 'kv-purge', vaultBody(), poll);
    expect(again.id).toContain('/resourceGroups/rg-kv2/');
  });
});

describe('policy assignments and built-in policy set definitions', () => {
  const BASELINE = '/providers/Microsoft.Authorization/policySetDefinitions/a8640138-9b0a-4a28-b8cb-1666c838647d';
  const scope = `subscriptions/${SUB}/resourceGroups/rg-kv`;

  it('serves the pod security baseline initiative as a built-in', async () => {
    const policy = await emu.clients().policy();
    const set = await policy.policySetDefinitions.getBuiltIn('a8640138-9b0a-4a28-b8cb-1666c838647d');
    expect(set).toMatchObject({
      id: BASELINE,
      displayName: 'Kubernetes cluster pod security baseline standards for Linux-based workloads',
      policyType: 'BuiltIn',
    });
    expect(set.parameters?.effect?.allowedValues).toContain('Audit');
  });

  it('creates and updates (201 both), reads and deletes an assignment at a scope', async () => {
    const policy = await emu.clients().policy();
    const body = { policyDefinitionId: BASELINE, parameters: { effect: { value: 'Audit' } }, metadata: { 'managed-by': 'secure-aks' } };
    const created = await policy.policyAssignments.create(scope, 'baseline', body);
    expect(created).toMatchObject({ name: 'baseline', scope: `/${scope}`, enforcementMode: 'Default', policyDefinitionId: BASELINE });
    expect(created.metadata).toMatchObject({ 'managed-by': 'secure-aks', createdBy: expect.any(String) });
    await policy.policyAssignments.create(scope, 'baseline', body);
    const statuses = (await emu.control.requests()).filter((r) => r.method === 'PUT' && r.path.endsWith('/baseline')).map((r) => r.status);
    expect(statuses).toEqual([201, 201]);
    expect((await policy.policyAssignments.get(scope, 'baseline')).id).toBe(created.id);
    await policy.policyAssignments.delete(scope, 'baseline');
    await expect(policy.policyAssignments.get(scope, 'baseline')).rejects.toMatchObject({
      statusCode: 404,
      code: 'PolicyAssignmentNotFound',
    });
  });

  it('refuses an unknown definition, an undeclared parameter, a value it does not allow and a missing scope', async () => {
    const policy = await emu.clients().policy();
    await expect(
      policy.policyAssignments.create(scope, 'x', { policyDefinitionId: '/providers/Microsoft.Authorization/policySetDefinitions/nope' }),
    ).rejects.toMatchObject({ statusCode: 404, code: 'PolicySetDefinitionNotFound' });
    await expect(
      policy.policyAssignments.create(scope, 'x', { policyDefinitionId: BASELINE, parameters: { effects: { value: 'Audit' } } }),
    ).rejects.toMatchObject({ statusCode: 400, code: 'UndefinedPolicyParameter' });
    await expect(
      policy.policyAssignments.create(scope, 'x', { policyDefinitionId: BASELINE, parameters: { effect: { value: 'Deny-ish' } } }),
    ).rejects.toMatchObject({ statusCode: 400, code: 'InvalidPolicyParameters' });
    await expect(
      policy.policyAssignments.create(`${scope}/providers/Microsoft.ContainerService/managedClusters/none`, 'x', {
        policyDefinitionId: BASELINE,
      }),
    ).rejects.toMatchObject({ statusCode: 404 });
  });
});
