import type { AzureFirewall, AzureFirewallIPConfiguration, FirewallPolicy, PublicIPAddress, Route } from '@azure/arm-network';
import type { PropertyDiff } from '../../core/step.js';
import { diffProperties } from './diff.js';
import { sameId } from '../../azure/ids.js';
import { failedStateDiff } from '../../azure/provisioning.js';

/** Desired state of the egress path (step 3): what we compare and what we PUT. */

export const DEFAULT_ROUTE_NAME = 'default-via-firewall';
export const FIREWALL_PIP_ROUTE_NAME = 'firewall-public-ip-direct';

export const PIP_WANTED = { 'sku.name': 'Standard', publicIPAllocationMethod: 'Static' };
export const POLICY_WANTED = { 'sku.tier': 'Standard', threatIntelMode: 'Alert', 'dnsSettings.enableProxy': true };

export function publicIpBody(location: string, tags: Record<string, string>, existing?: PublicIPAddress): PublicIPAddress {
  return {
    ...existing,
    location: existing?.location ?? location,
    tags,
    sku: { name: 'Standard', tier: 'Regional' },
    publicIPAllocationMethod: 'Static',
    publicIPAddressVersion: 'IPv4',
  };
}

export function policyBody(location: string, tags: Record<string, string>, existing?: FirewallPolicy): FirewallPolicy {
  return {
    ...existing,
    location: existing?.location ?? location,
    tags,
    sku: { tier: 'Standard' },
    threatIntelMode: 'Alert',
    // DNS proxy lets FQDNs in network rules resolve the same way the clients do.
    dnsSettings: { ...existing?.dnsSettings, enableProxy: true },
  };
}

/** The firewall's ip configuration in AzureFirewallSubnet (extra frontend IPs a user added are kept). */
export function firewallIpConfig(fw: AzureFirewall | undefined, firewallSubnetId: string): AzureFirewallIPConfiguration | undefined {
  return fw?.ipConfigurations?.find((c) => sameId(c.subnet?.id, firewallSubnetId)) ?? fw?.ipConfigurations?.[0];
}

export function firewallDiff(fw: AzureFirewall, want: { policyId: string; firewallSubnetId: string; publicIpId: string }): PropertyDiff[] {
  const diffs = [...failedStateDiff(fw), ...diffProperties(fw, { 'sku.tier': 'Standard', 'firewallPolicy.id': want.policyId })];
  const ours = fw.ipConfigurations?.find((c) => sameId(c.subnet?.id, want.firewallSubnetId));
  if (!ours || !sameId(ours.publicIPAddress?.id, want.publicIpId)) {
    diffs.push({
      property: 'ipConfigurations',
      current: fw.ipConfigurations?.map((c) => ({ subnet: c.subnet?.id, publicIPAddress: c.publicIPAddress?.id })),
      desired: [{ subnet: want.firewallSubnetId, publicIPAddress: want.publicIpId }],
    });
  }
  return diffs;
}

export function firewallBody(
  location: string,
  tags: Record<string, string>,
  want: { policyId: string; firewallSubnetId: string; publicIpId: string },
  existing?: AzureFirewall,
): AzureFirewall {
  const others = (existing?.ipConfigurations ?? []).filter((c) => !sameId(c.subnet?.id, want.firewallSubnetId));
  const ours = existing?.ipConfigurations?.find((c) => sameId(c.subnet?.id, want.firewallSubnetId));
  return {
    ...existing,
    location: existing?.location ?? location,
    tags,
    sku: { name: 'AZFW_VNet', tier: 'Standard' },
    firewallPolicy: { id: want.policyId },
    ipConfigurations: [
      { ...ours, name: ours?.name ?? 'ipconfig-afw', subnet: { id: want.firewallSubnetId }, publicIPAddress: { id: want.publicIpId } },
      ...others,
    ],
  };
}

/**
 * The two routes: everything to the firewall's private IP, and the firewall's own public IP straight to the
 * Internet (return traffic of DNAT'd flows must not be sent back through the firewall: asymmetric routing).
 * An unknown IP (firewall not created yet) yields a placeholder that never equals what Azure has.
 */
export function desiredRoutes(firewallPrivateIp: string | undefined, firewallPublicIp: string | undefined): Route[] {
  return [
    {
      name: DEFAULT_ROUTE_NAME,
      addressPrefix: '0.0.0.0/0',
      nextHopType: 'VirtualAppliance',
      nextHopIpAddress: firewallPrivateIp ?? '<firewall private IP>',
    },
    { name: FIREWALL_PIP_ROUTE_NAME, addressPrefix: `${firewallPublicIp ?? '<firewall public IP>'}/32`, nextHopType: 'Internet' },
  ];
}

export function routeDiff(current: Route, want: Route): PropertyDiff[] {
  return diffProperties(current, {
    addressPrefix: want.addressPrefix,
    nextHopType: want.nextHopType,
    nextHopIpAddress: want.nextHopIpAddress,
  });
}
