/** Pieces of an ARM resource id: `/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}/...`. */
export interface ParsedId {
  subscriptionId: string;
  resourceGroup: string;
  /** Lower-cased type segment -> name, e.g. { virtualnetworks: 'vnet-a', subnets: 'snet-b' }. */
  names: Record<string, string>;
  name: string;
}

export function parseArmId(id: string | undefined): ParsedId | undefined {
  if (!id) return undefined;
  const parts = id.split('/').filter(Boolean);
  const lower = parts.map((p) => p.toLowerCase());
  const sub = lower.indexOf('subscriptions');
  const rg = lower.indexOf('resourcegroups');
  const providers = lower.indexOf('providers');
  if (sub < 0 || rg < 0 || providers < 0) return undefined;
  const names: Record<string, string> = {};
  // After `providers/{namespace}` the id alternates type/name.
  for (let i = providers + 2; i + 1 < parts.length; i += 2) names[lower[i]!] = parts[i + 1]!;
  return { subscriptionId: parts[sub + 1]!, resourceGroup: parts[rg + 1]!, names, name: parts[parts.length - 1]! };
}

/** The parent VNet id of a subnet id. */
export function vnetIdOfSubnet(subnetId: string): string {
  return subnetId.replace(/\/subnets\/[^/]+$/i, '');
}

export const sameId = (a: string | undefined, b: string | undefined) => !!a && !!b && a.toLowerCase() === b.toLowerCase();
