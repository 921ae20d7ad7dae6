import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cli-main.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { createStepHarness } from '../helpers/step-context.js';
import { deployArgs } from '../reliability/harness.js';
import { SPEED } from '../helpers/speeds.js';
import { keyVaultNameFor } from '../../src/config/names.js';
import { EMULATOR_SUBSCRIPTION_ID } from '../../src/config/defaults.js';

/** A deployment with the policy and Key Vault options: destroy, then init again over the soft-deleted vault. */

interface Resource {
  id: string;
  type: string;
  name: string;
  tags?: Record<string, string>;
  properties?: Record<string, any>;
}

let work: string;
let emu: TestEmulator;
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'secure-aks-destroy-kv-'));
  emu = await startTestEmulator({ speed: SPEED.instant });
});
afterAll(async () => {
  await emu?.close();
  rmSync(work, { recursive: true, force: true });
});

const OPTIONS = ['--azure-policy', '--policy-baseline', '--key-vault'];
const resources = async () => (await emu.control.resources()) as Resource[];
const stateOf = (name: string) => join(work, `${name}.json`);
/** Role assignments at a vault's scope (the add-on identity's Key Vault Secrets User is one). */
const onVault = (all: Resource[]) =>
  all.filter((x) => x.type === 'Microsoft.Authorization/roleAssignments' && /\/providers\/Microsoft.KeyVault\/vaults\//i.test(x.id));
const init = (name: string, command = 'init') => runMain([...deployArgs(emu, stateOf(name), [command], name), ...OPTIONS]);

describe('destroy and a second init of a deployment with a private Key Vault', () => {
  const name = 'aks-kv';
  const vault = keyVaultNameFor({ name, subscriptionId: EMULATOR_SUBSCRIPTION_ID, resourceGroup: `rg-${name}` });

  it('destroy deletes the assignment, endpoint, zone and vault; the vault stays soft-deleted', async () => {
    const first = await init(name);
    expect(first.code, first.stderr).toBe(0);
    const id = JSON.parse(readFileSync(stateOf(name), 'utf8')).deploymentId as string;
    expect((await resources()).some((r) => r.type === 'Microsoft.Authorization/policyAssignments')).toBe(true);
    expect(onVault(await resources())).toHaveLength(1);

    const r = await runMain(['destroy', '--state', stateOf(name), '--yes', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.kept).toEqual([]);
    const types = doc.deleted.map((d: { type: string }) => d.type.toLowerCase());
    for (const t of [
      'microsoft.authorization/policyassignments',
      'microsoft.keyvault/vaults',
      'microsoft.network/privateendpoints',
      'microsoft.network/privatednszones',
    ])
      expect(types, t).toContain(t);
    const left = await resources();
    expect(left.filter((x) => x.tags?.['secure-aks-deployment'] === id)).toEqual([]);
    expect(left.filter((x) => x.type === 'Microsoft.Authorization/policyAssignments')).toEqual([]);
    expect(onVault(left)).toEqual([]);
    expect(types).toContain('microsoft.authorization/roleassignments');
    expect(left.find((x) => x.type === 'Microsoft.KeyVault/deletedVaults')).toMatchObject({
      name: vault,
      properties: { purgeProtectionEnabled: true },
    });
  }, 120_000);

  it('init again recovers the soft-deleted vault instead of failing on its name', async () => {
    const plan = await init(name, 'plan');
    expect(plan.code, plan.stderr).toBe(0);
    const step6 = JSON.parse(plan.stdout).steps.find((s: { id: string }) => s.id === 'private-endpoint');
    expect(step6.changes).toContainEqual(
      expect.objectContaining({ resourceType: 'Microsoft.KeyVault/vaults', action: 'create', note: 'recovered from soft delete' }),
    );
    const again = await init(name);
    expect(again.code, again.stderr).toBe(0);
    const id = JSON.parse(readFileSync(stateOf(name), 'utf8')).deploymentId as string;
    const left = await resources();
    expect(left.find((x) => x.type === 'Microsoft.KeyVault/deletedVaults')).toBeUndefined();
    expect(left.find((x) => x.type === 'Microsoft.KeyVault/vaults')).toMatchObject({
      name: vault,
      tags: expect.objectContaining({ 'secure-aks-deployment': id }),
    });
    // And a third run has nothing left to write.
    const before = (await emu.control.requests()).length;
    const third = await init(name);
    expect(third.code, third.stderr).toBe(0);
    const writes = (await emu.control.requests())
      .slice(before)
      .filter((q) => q.method === 'PUT' || q.method === 'DELETE' || q.method === 'PATCH');
    expect(writes).toEqual([]);
  }, 120_000);
});

describe('a Key Vault zone the user brought', () => {
  it('is reused by init and kept by destroy, which removes only our link in it', async () => {
    const name = 'aks-kv-zone';
    const rg = `rg-${name}`;
    const h = createStepHarness(emu, { config: { resourceGroup: rg, name } });
    await (await h.azure.resources()).resourceGroups.createOrUpdate(rg, { location: 'eastus' });
    const dns = await h.azure.privateDns();
    await dns.privateZones.beginCreateOrUpdateAndWait(
      rg,
      'privatelink.vaultcore.azure.net',
      { location: 'global', tags: { owner: 'platform' } },
      { updateIntervalInMs: 20 },
    );
    const first = await init(name);
    expect(first.code, first.stderr).toBe(0);
    const links = async () => {
      const out = [];
      for await (const l of dns.virtualNetworkLinks.list(rg, 'privatelink.vaultcore.azure.net')) out.push(l.name);
      return out;
    };
    expect(await links()).toEqual([`link-vnet-${name}`]);
    expect(onVault(await resources()).filter((x) => x.id.includes(`/resourceGroups/${rg}/`))).toHaveLength(1);
    const r = await runMain(['destroy', '--state', stateOf(name), '--yes', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    // The resource group was the user's and stays: the vault's role assignment went before the vault.
    expect(onVault(await resources()).filter((x) => x.id.includes(`/resourceGroups/${rg}/`))).toEqual([]);
    expect(JSON.parse(r.stdout).kept).toContainEqual(expect.objectContaining({ type: 'Microsoft.Network/privateDnsZones' }));
    expect(await links()).toEqual([]);
    expect((await dns.privateZones.get(rg, 'privatelink.vaultcore.azure.net')).tags).toEqual({ owner: 'platform' });
  }, 120_000);
});

describe('a vault name held by a vault this deployment did not make', () => {
  /** Someone made a vault with our name in another resource group (and maybe deleted it). */
  async function foreignVault(vault: string, andDelete: boolean): Promise<void> {
    const h = createStepHarness(emu, { config: { resourceGroup: 'rg-someone', name: 'other' } });
    await (await h.azure.resources()).resourceGroups.createOrUpdate('rg-someone', { location: 'eastus' });
    await emu.control.setProviderState('Microsoft.KeyVault', 'Registered');
    const kv = await h.azure.keyVault();
    await kv.vaults.beginCreateOrUpdateAndWait(
      'rg-someone',
      vault,
      {
        location: 'eastus',
        properties: { tenantId: '00000000-0000-0000-0000-0000000000e1', sku: { family: 'A', name: 'standard' }, accessPolicies: [] },
      },
      { updateIntervalInMs: 20 },
    );
    if (andDelete) await kv.vaults.delete('rg-someone', vault);
  }

  it('in our own resource group: preflight refuses to take it over', async () => {
    const name = 'aks-kv-theirs';
    const rg = `rg-${name}`;
    const vault = keyVaultNameFor({ name, subscriptionId: EMULATOR_SUBSCRIPTION_ID, resourceGroup: rg });
    const h = createStepHarness(emu, { config: { resourceGroup: rg, name } });
    await (await h.azure.resources()).resourceGroups.createOrUpdate(rg, { location: 'eastus' });
    await emu.control.setProviderState('Microsoft.KeyVault', 'Registered');
    await (
      await h.azure.keyVault()
    ).vaults.beginCreateOrUpdateAndWait(
      rg,
      vault,
      {
        location: 'eastus',
        properties: { tenantId: '00000000-0000-0000-0000-0000000000e1', sku: { family: 'A', name: 'standard' }, accessPolicies: [] },
      },
      { updateIntervalInMs: 20 },
    );
    const r = await runMain([...deployArgs(emu, stateOf(name), ['plan'], name), ...OPTIONS]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toContain('KeyVaultNotOurs');
  }, 120_000);

  it.each([
    ['soft-deleted', true, 'KeyVaultNameSoftDeleted', 'az keyvault recover --name'],
    ['live', false, 'KeyVaultNameTaken', 'another cluster name or resource group'],
  ])(
    '%s: preflight refuses with what to do, before anything is written',
    async (label, andDelete, code, advice) => {
      const name = `aks-kv-${label}`;
      const vault = keyVaultNameFor({ name, subscriptionId: EMULATOR_SUBSCRIPTION_ID, resourceGroup: `rg-${name}` });
      await foreignVault(vault, andDelete);
      const before = (await emu.control.requests()).length;
      const r = await runMain([...deployArgs(emu, stateOf(name), ['init'], name), ...OPTIONS]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toContain(code);
      expect(r.stdout).toContain(advice);
      const writes = (await emu.control.requests()).slice(before).filter((q) => q.method !== 'GET' && q.method !== 'POST');
      expect(writes).toEqual([]);
    },
    120_000,
  );
});
