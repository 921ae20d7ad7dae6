/**
 * Resource types and id helpers for Microsoft.Network. Ids are compared case-insensitively (ARM ids are),
 * but returned with the casing they were created with.
 */
export const T = {
  vnet: 'Microsoft.Network/virtualNetworks',
  subnet: 'Microsoft.Network/virtualNetworks/subnets',
  routeTable: 'Microsoft.Network/routeTables',
  route: 'Microsoft.Network/routeTables/routes',
  nsg: 'Microsoft.Network/networkSecurityGroups',
  securityRule: 'Microsoft.Network/networkSecurityGroups/securityRules',
  publicIp: 'Microsoft.Network/publicIPAddresses',
  firewallPolicy: 'Microsoft.Network/firewallPolicies',
  ruleCollectionGroup: 'Microsoft.Network/firewallPolicies/ruleCollectionGroups',
  firewall: 'Microsoft.Network/azureFirewalls',
  bastion: 'Microsoft.Network/bastionHosts',
  nic: 'Microsoft.Network/networkInterfaces',
  privateEndpoint: 'Microsoft.Network/privateEndpoints',
  dnsZone: 'Microsoft.Network/privateDnsZones',
  dnsLink: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
  virtualMachine: 'Microsoft.Compute/virtualMachines',
} as const;

/** The route prefix every resource-group scoped network path starts with. */
export const RG_PATH = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network';
export const SUB_PATH = '/subscriptions/{subscriptionId}/providers/Microsoft.Network';

export function sameId(a: string | undefined, b: string | undefined): boolean {
  return !!a && !!b && a.toLowerCase() === b.toLowerCase();
}

export function rgIdOf(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

/** `/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Network/<segments...>` */
export function networkId(subscriptionId: string, resourceGroup: string, ...segments: string[]): string {
  return `${rgIdOf(subscriptionId, resourceGroup)}/providers/Microsoft.Network/${segments.join('/')}`;
}

export { parentIdOf } from '../../core/ids.js';

/** Resource group name from an id, or undefined when the id is not resource-group scoped. */
export function resourceGroupOf(id: string): string | undefined {
  const m = /\/resourceGroups\/([^/]+)/i.exec(id);
  return m?.[1];
}

export function subscriptionOf(id: string): string | undefined {
  return /^\/subscriptions\/([^/]+)/i.exec(id)?.[1];
}

/** `{ id }` reference objects, the way ARM bodies link resources. */
export function ref(id: string): { id: string } {
  return { id };
}

/** Reads `x.id` from a reference field if it is a non-empty string. */
export function refId(value: unknown): string | undefined {
  const id = (value as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}
