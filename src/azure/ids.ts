/** Building and reading ARM resource ids, in one place (the emulator keeps its own copy as an independent oracle). */
import type { AzureContext } from './context.js';

type Ctx = Pick<AzureContext, 'config'>;

export function resourceGroupId(ctx: Ctx): string {
  return `/subscriptions/${ctx.config.subscriptionId}/resourceGroups/${ctx.config.resourceGroup}`;
}

/**
 * A resource id in the deployment's resource group, e.g.
 * armId(ctx, 'Microsoft.Network/virtualNetworks', 'vnet-x', 'subnets', 'snet-aks-nodes').
 */
export function armId(ctx: Ctx, providerType: string, name: string, ...childTypeNamePairs: string[]): string {
  return `${resourceGroupId(ctx)}/providers/${providerType}/${name}${childTypeNamePairs.length ? '/' + childTypeNamePairs.join('/') : ''}`;
}

export function subnetId(ctx: Pick<AzureContext, 'config' | 'names'>, subnetName: string): string {
  return armId(ctx, 'Microsoft.Network/virtualNetworks', ctx.names.vnet, 'subnets', subnetName);
}

export function roleDefinitionId(subscriptionId: string, roleGuid: string): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`;
}

/** The last segment of an id (the resource's name). */
export function nameOf(id: string): string {
  return id.split('/').filter(Boolean).pop() ?? id;
}

/** The value after `segment` in `id`, e.g. segmentValue(id, 'virtualNetworks') (segments compare case-insensitively). */
export function segmentValue(id: string, segment: string): string | undefined {
  const parts = id.split('/');
  const i = parts.findIndex((p) => p.toLowerCase() === segment.toLowerCase());
  return i >= 0 ? parts[i + 1] : undefined;
}

/** The resource group named in an id (ARM spells the segment resourceGroups or resourcegroups). */
export function resourceGroupOf(id: string): string | undefined {
  return segmentValue(id, 'resourceGroups');
}

/** resourceGroupOf, as the string an SDK call's resourceGroupName wants ('' for an id without one). */
export function resourceGroupOfId(id: string): string {
  return resourceGroupOf(id) ?? '';
}

/** True when `ancestor` is `id` itself or one of its parent scopes (ids compare case-insensitively). */
export function isSameOrAncestorScope(ancestor: string, id: string): boolean {
  const a = ancestor.replace(/\/+$/, '').toLowerCase();
  const b = id.replace(/\/+$/, '').toLowerCase();
  return a === b || b.startsWith(a + '/');
}

/**
 * A scope as the authorization client's `scope` parameter wants it. The SDK builds `/{scope}/providers/...`
 * without encoding the scope, so an id with its leading "/" becomes `//subscriptions/...`, a path Azure
 * does not promise to read as the same scope (a leading `//` even parses as a host in a URL).
 */
export function scopeParam(scope: string): string {
  return scope.replace(/^\/+/, '');
}

/** ARM ids are case-insensitive, and a trailing slash does not make another resource. */
export function sameId(a: string | undefined, b: string | undefined): boolean {
  return !!a && !!b && a.replace(/\/+$/, '').toLowerCase() === b.replace(/\/+$/, '').toLowerCase();
}

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

/** `.../networkInterfaces/nic-x/ipConfigurations/ipconfig1` -> `.../networkInterfaces/nic-x`: who uses a subnet or IP. */
export function ownerOf(childId: string): string {
  return childId.replace(/\/(ipConfigurations|frontendIPConfigurations|bastionHostIpConfigurations)\/[^/]+$/i, '');
}
