import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { deploy, readState, refusedWrites, runDestroyCli, tagged } from './destroy-fixture.js';
import { SPEED } from '../helpers/speeds.js';

/** What to delete comes from Azure: a journal that lost everything still leads to a complete teardown. */
describe('destroy after an init that crashed before it journaled anything', () => {
  let emu: TestEmulator;
  const id = 'destroy-partial-01';
  let stateFile: string;

  beforeAll(async () => {
    emu = await startTestEmulator({ speed: SPEED.instant });
    // Steps 1-3 ran (with the rules and NSGs the firewall waits for), but the journal has no step records.
    stateFile = (await deploy(emu, { resourceGroup: 'rg-partial', name: 'aks-partial', deploymentId: id, upTo: 3 })).stateFile;
    const state = await readState(stateFile);
    writeFileSync(stateFile, JSON.stringify({ ...state, steps: {} }, null, 2), { mode: 0o600 });
  }, 180_000);
  afterAll(async () => emu?.close());

  it('deletes everything tagged, the role assignments found through the identity in Azure, and the group it created', async () => {
    const before = (await emu.control.resources()).filter((r) => r.type === 'Microsoft.Authorization/roleAssignments');
    expect(before.length).toBe(2);
    const run = await runDestroyCli(stateFile);
    expect(run.exit).toBe(0);
    expect(run.json.deleted.filter((d: any) => d.type === 'Microsoft.Authorization/roleAssignments')).toHaveLength(2);
    expect(run.json.deleted.map((d: any) => d.id.split('/').pop())).toContain('rg-partial');
    expect(await tagged(emu, id)).toEqual([]);
    expect(await refusedWrites(emu)).toEqual([]);
    expect((await emu.control.resources()).filter((r) => r.id.toLowerCase().includes('rg-partial'))).toEqual([]);
  });
});

/** The user brought the resource group and the VNet: our subnets in it stay, our route table and NSGs are detached. */
describe('destroy with a VNet the user brought', () => {
  let emu: TestEmulator;
  const id = 'destroy-byo-vnet-01';
  const rg = 'rg-byo';
  let stateFile: string;
  let run: Awaited<ReturnType<typeof runDestroyCli>>;

  beforeAll(async () => {
    emu = await startTestEmulator({ speed: SPEED.instant });
    const clients = emu.clients();
    await (await clients.resources()).resourceGroups.createOrUpdate(rg, { location: 'eastus' });
    const net = await clients.network();
    await net.virtualNetworks.beginCreateOrUpdateAndWait(
      rg,
      'vnet-aks-byo',
      { location: 'eastus', addressSpace: { addressPrefixes: ['10.42.0.0/16'] } },
      { updateIntervalInMs: 20 },
    );
    // An NSG with exactly the name secure-aks would use, but the user's: the step adopts it, destroy must not delete it.
    await net.networkSecurityGroups.beginCreateOrUpdateAndWait(
      rg,
      'nsg-aks-byo-jumphost',
      { location: 'eastus', tags: { owner: 'me' } },
      { updateIntervalInMs: 20 },
    );
    stateFile = (await deploy(emu, { resourceGroup: rg, name: 'aks-byo', deploymentId: id })).stateFile;
    run = await runDestroyCli(stateFile);
  }, 180_000);
  afterAll(async () => emu?.close());

  it('deletes everything tagged and nothing else; Azure refused nothing', async () => {
    expect(run.exit).toBe(0);
    expect(await tagged(emu, id)).toEqual([]);
    expect(await refusedWrites(emu)).toEqual([]);
  });

  it('keeps the VNet and the subnets in it, detached from our route table and NSGs, each with a reason', async () => {
    const kept = Object.fromEntries(run.json.kept.map((k: any) => [k.id.split('/').pop(), k.reason]));
    expect(kept['vnet-aks-byo']).toMatch(/not created by this deployment/);
    expect(kept['snet-aks-nodes']).toMatch(/which this deployment did not create/);
    expect(kept[rg]).toMatch(/existed before this deployment/);
    expect(kept['nsg-aks-byo-jumphost']).toMatch(/not created by this deployment/);
    expect((await emu.control.resources()).map((r) => r.name)).toContain('nsg-aks-byo-jumphost');
    const net = await emu.clients().network();
    const vnet = await net.virtualNetworks.get(rg, 'vnet-aks-byo');
    expect(vnet.subnets?.map((s) => s.name).sort()).toEqual([
      'AzureBastionSubnet',
      'AzureFirewallSubnet',
      'snet-aks-nodes',
      'snet-jumphost',
    ]);
    for (const s of vnet.subnets ?? []) {
      expect(s.routeTable, s.name).toBeUndefined();
      // Only the user's own NSG stays attached (to the jumphost subnet the step attached it to).
      expect(s.networkSecurityGroup?.id?.split('/').pop(), s.name).toBe(s.name === 'snet-jumphost' ? 'nsg-aks-byo-jumphost' : undefined);
    }
  });
});
