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

/** The resource group named in an id (ARM spells the segment resourceGroups or resourcegroups). */
export function resourceGroupOf(id: string): string | undefined {
  const parts = id.split('/');
  const i = parts.findIndex((p) => p.toLowerCase() === 'resourcegroups');
  return i >= 0 ? parts[i + 1] : undefined;
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

/** ARM ids are case-insensitive. */
export function sameId(a: string | undefined, b: string | undefined): boolean {
  return !!a && !!b && a.toLowerCase() === b.toLowerCase();
}
