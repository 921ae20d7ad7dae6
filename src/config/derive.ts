/**
 * Defaults that follow the user's ranges. The built-in subnet defaults are carved from the default VNet;
 * a user who picks another VNet should not have to restate four subnets, so they are carved from theirs
 * in the same layout (firewall .0/26, bastion .64/26, jumphost .128/28, nodes the second /24).
 */
import { carve, checkCidr, formatCidr, formatIp } from './cidr.js';
import type { ConfigValues } from './schema.js';

export function derivedDefaults(known: Pick<ConfigValues, 'vnetCidr' | 'serviceCidr'>): Partial<ConfigValues> {
  const out: Partial<ConfigValues> = {};
  const vnet = known.vnetCidr !== undefined ? checkCidr(known.vnetCidr) : undefined;
  if (vnet?.ok && vnet.value.prefix <= 23) {
    out.firewallSubnetCidr = formatCidr(carve(vnet.value, 26, 0));
    out.bastionSubnetCidr = formatCidr(carve(vnet.value, 26, 1));
    out.jumphostSubnetCidr = formatCidr(carve(vnet.value, 28, 8));
    out.nodeSubnetCidr = formatCidr(carve(vnet.value, 24, 1));
  }
  const service = known.serviceCidr !== undefined ? checkCidr(known.serviceCidr) : undefined;
  // .10 is the conventional cluster DNS address; tiny ranges fall through to validation.
  if (service?.ok && service.value.prefix <= 28) out.dnsServiceIp = formatIp(service.value.network + 10);
  return out;
}
