/**
 * ARM keeps the casing a resource was created with: a later PUT through a differently cased URL updates
 * it without renaming it, and GET answers the created casing (resource groups, network, identity, AKS).
 */
import { describe, expect, it } from 'vitest';
import { SUB, useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';

const emu = useTestEmulator({ speed: SPEED.instant });
const poll = { updateIntervalInMs: 5 };

describe('names and ids keep their created casing', () => {
  it('a resource group', async () => {
    const rm = await emu.clients().resources();
    await rm.resourceGroups.createOrUpdate('RG-Case', { location: 'eastus' });
    const again = await emu.http('PUT', `/subscriptions/${SUB}/resourcegroups/rg-case?api-version=2025-04-01`, {
      location: 'eastus',
      tags: { a: 'b' },
    });
    expect(again).toMatchObject({
      status: 200,
      body: { name: 'RG-Case', id: `/subscriptions/${SUB}/resourceGroups/RG-Case`, tags: { a: 'b' } },
    });
    expect(await rm.resourceGroups.get('rg-case')).toMatchObject({ name: 'RG-Case', id: `/subscriptions/${SUB}/resourceGroups/RG-Case` });
  });

  it('a virtual network and a user-assigned identity', async () => {
    await (await emu.clients().resources()).resourceGroups.createOrUpdate('rg-c', { location: 'eastus' });
    const net = await emu.clients().network();
    const body = { location: 'eastus', addressSpace: { addressPrefixes: ['10.0.0.0/16'] } };
    const created = await net.virtualNetworks.beginCreateOrUpdateAndWait('rg-c', 'VNet-Case', body, poll);
    const updated = await net.virtualNetworks.beginCreateOrUpdateAndWait('rg-c', 'vnet-case', { ...body, tags: { x: 'y' } }, poll);
    expect(updated).toMatchObject({ name: 'VNet-Case', id: created.id, tags: { x: 'y' } });
    expect((await net.virtualNetworks.get('rg-c', 'VNET-CASE')).name).toBe('VNet-Case');

    const msi = await emu.clients().msi();
    const identity = await msi.userAssignedIdentities.createOrUpdate('rg-c', 'Id-Case', { location: 'eastus' });
    const again = await msi.userAssignedIdentities.createOrUpdate('rg-c', 'id-case', { location: 'eastus' });
    expect(again).toMatchObject({ name: 'Id-Case', id: identity.id, principalId: identity.principalId });
    expect((await msi.userAssignedIdentities.get('rg-c', 'ID-CASE')).name).toBe('Id-Case');
  });

  it('a managed cluster', async () => {
    await (await emu.clients().resources()).resourceGroups.createOrUpdate('rg-c', { location: 'eastus' });
    const aks = await emu.clients().containerService();
    const body = {
      location: 'eastus',
      dnsPrefix: 'casing',
      agentPoolProfiles: [{ name: 'system', count: 1, vmSize: 'Standard_D4ds_v5', mode: 'System' as const }],
    };
    const created = await aks.managedClusters.createOrUpdate('rg-c', 'Aks-Case', body, poll);
    const updated = await aks.managedClusters.createOrUpdate('rg-c', 'aks-case', { ...body, tags: { t: '1' } }, poll);
    expect(updated).toMatchObject({ name: 'Aks-Case', id: created.id });
    expect((await aks.managedClusters.get('rg-c', 'AKS-CASE')).name).toBe('Aks-Case');
  });
});
