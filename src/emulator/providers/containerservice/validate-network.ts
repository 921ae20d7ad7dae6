/**
 * The address-range checks AKS makes at create: service CIDR size and overlap with the node VNet's
 * subnets and address space, pod/service overlap, the DNS service IP inside the service CIDR (never its
 * network or first address, which the API server's service takes) and ranges AKS reserves.
 */
import { ArmError, type Store } from '../../core/contract.js';
import { parentIdOf } from '../../core/ids.js';
import { containsIp, overlaps, parseIp, parseRange, type Cidr } from '../../core/ip.js';
import { subnetPrefixes } from '../network/index.js';

const RESERVED = ['169.254.0.0/16', '172.30.0.0/16', '172.31.0.0/16', '192.0.2.0/24'];

export interface EffectiveNetwork {
  serviceCidr: string;
  dnsServiceIP: string;
  podCidr?: string;
}

function invalid(field: string, message: string): ArmError {
  return new ArmError(400, 'InvalidParameter', message, { target: field });
}

function parseField(value: string, field: string): Cidr {
  const cidr = parseRange(value);
  if (!cidr || !value.includes('/')) throw invalid(field, `The value '${value}' of ${field} is not a valid CIDR (expected a.b.c.d/n).`);
  const reserved = RESERVED.find((r) => overlaps(parseRange(r)!, cidr));
  if (reserved) throw invalid(field, `${field} ${value} overlaps ${reserved}, a range AKS reserves; choose another private range.`);
  return cidr;
}

export function validateNetworkRanges(store: Store, net: EffectiveNetwork, nodeSubnetId: string | undefined): void {
  const service = parseField(net.serviceCidr, 'properties.networkProfile.serviceCidr');
  if (service.prefix < 12) {
    throw invalid(
      'properties.networkProfile.serviceCidr',
      `The service CIDR ${net.serviceCidr} is too large: it must be smaller than /12 (for example a /16).`,
    );
  }
  const dns = parseIp(net.dnsServiceIP);
  if (dns === undefined || !containsIp(service, dns) || dns <= service.network + 1) {
    throw invalid(
      'properties.networkProfile.dnsServiceIP',
      `The DNS service IP ${net.dnsServiceIP} must be an address inside the service CIDR ${net.serviceCidr} other than its first addresses (for example ${service.prefix <= 28 ? 'the .10 address' : 'a higher address'}).`,
    );
  }
  if (net.podCidr) {
    const pod = parseField(net.podCidr, 'properties.networkProfile.podCidr');
    if (overlaps(pod, service)) {
      throw invalid(
        'properties.networkProfile.podCidr',
        `The pod CIDR ${net.podCidr} overlaps the service CIDR ${net.serviceCidr}; use separate ranges.`,
      );
    }
  }
  if (!nodeSubnetId) return;
  const vnet = store.get(parentIdOf(nodeSubnetId));
  const ranges: string[] = [
    ...store.children(parentIdOf(nodeSubnetId), 'Microsoft.Network/virtualNetworks/subnets').map((s) => subnetPrefixes(s)[0] ?? ''),
    ...(vnet?.properties?.addressSpace?.addressPrefixes ?? []),
  ];
  for (const range of ranges) {
    const cidr = parseRange(range);
    if (cidr && overlaps(cidr, service)) {
      throw new ArmError(
        400,
        'ServiceCidrOverlapExistingSubnetsCidr',
        `The specified service CIDR ${net.serviceCidr} is conflicted with an existing subnet CIDR ${range}. Choose a service CIDR outside the virtual network's address space.`,
        { target: 'properties.networkProfile.serviceCidr' },
      );
    }
    const pod = net.podCidr ? parseRange(net.podCidr) : undefined;
    if (cidr && pod && overlaps(cidr, pod)) {
      throw invalid(
        'properties.networkProfile.podCidr',
        `The pod CIDR ${net.podCidr} overlaps the virtual network range ${range}; Azure CNI Overlay needs a pod CIDR outside the VNet.`,
      );
    }
  }
}
