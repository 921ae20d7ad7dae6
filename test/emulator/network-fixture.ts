/**
 * The network most Microsoft.Network emulator tests start from: a resource group, a VNet with the given
 * subnets (/16, firewall subnet first) and a Standard public IP named `pip`, built through the real client.
 */
import type { NetworkManagementClient } from '@azure/arm-network';
import type { TestEmulator } from '../helpers/emulator.js';

export const NETWORK_POLL = { updateIntervalInMs: 10 };

export async function baseNetwork(
  emu: TestEmulator,
  rg: string,
  location: string,
  subnets: Array<{ name: string; addressPrefix: string }>,
): Promise<NetworkManagementClient> {
  await (await emu.clients().resources()).resourceGroups.createOrUpdate(rg, { location });
  const net = await emu.clients().network();
  await net.virtualNetworks.beginCreateOrUpdateAndWait(
    rg,
    'vnet',
    { location, addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets },
    NETWORK_POLL,
  );
  const pip = { location, sku: { name: 'Standard' as const }, publicIPAllocationMethod: 'Static' as const };
  await net.publicIPAddresses.beginCreateOrUpdateAndWait(rg, 'pip', pip, NETWORK_POLL);
  return net;
}
