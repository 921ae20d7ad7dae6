/**
 * The network most Microsoft.Network emulator tests start from: a resource group, a VNet with the given
 * subnets (/16, firewall subnet first) and a Standard public IP named `pip`, built through the real client
 * and run to their end on the emulator's clock (at any speed, nothing is still changing when it returns).
 */
import type { NetworkManagementClient } from '@azure/arm-network';
import { finished } from '../helpers/clock.js';
import type { TestEmulator } from '../helpers/emulator.js';

export async function baseNetwork(
  emu: TestEmulator,
  rg: string,
  location: string,
  subnets: Array<{ name: string; addressPrefix: string }>,
): Promise<NetworkManagementClient> {
  await (await emu.clients().resources()).resourceGroups.createOrUpdate(rg, { location });
  const net = await emu.clients().network();
  await finished(
    emu,
    net.virtualNetworks.beginCreateOrUpdate(rg, 'vnet', { location, addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets }),
  );
  const pip = { location, sku: { name: 'Standard' as const }, publicIPAllocationMethod: 'Static' as const };
  await finished(emu, net.publicIPAddresses.beginCreateOrUpdate(rg, 'pip', pip));
  return net;
}
