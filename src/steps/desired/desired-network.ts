import type { StepContext } from '../../engine/step.js';

export interface DesiredSubnet {
  name: string;
  addressPrefix: string;
  /** Output key of the subnet's id. */
  output: 'firewallSubnetId' | 'nodeSubnetId' | 'bastionSubnetId' | 'jumphostSubnetId';
}

/** The subnets this deployment owns: firewall and nodes always, Bastion and jumphost when enabled. */
export function desiredSubnets(ctx: Pick<StepContext, 'config' | 'names'>): DesiredSubnet[] {
  const { config, names } = ctx;
  return [
    { name: names.firewallSubnet, addressPrefix: config.firewallSubnetCidr, output: 'firewallSubnetId' as const },
    { name: names.nodeSubnet, addressPrefix: config.nodeSubnetCidr, output: 'nodeSubnetId' as const },
    ...(config.bastion ? [{ name: names.bastionSubnet, addressPrefix: config.bastionSubnetCidr, output: 'bastionSubnetId' as const }] : []),
    ...(config.jumphost
      ? [{ name: names.jumphostSubnet, addressPrefix: config.jumphostSubnetCidr, output: 'jumphostSubnetId' as const }]
      : []),
  ];
}

/** A subnet's prefix whether Azure returns it as addressPrefix or addressPrefixes. */
export function subnetPrefixOf(subnet: { addressPrefix?: string; addressPrefixes?: string[] } | undefined): string | undefined {
  return subnet?.addressPrefix ?? subnet?.addressPrefixes?.[0];
}

/** The VNet's address space after a merge: what it has plus ours (never drops a user's range). */
export function mergedAddressPrefixes(current: readonly string[] | undefined, ours: string): string[] {
  const have = [...(current ?? [])];
  return have.some((p) => p.toLowerCase() === ours.toLowerCase()) ? have : [...have, ours];
}
