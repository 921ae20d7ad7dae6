/** Constants of the emulated cloud and helpers to read ARM resource ids. */

export const SUBSCRIPTION_ID = '00000000-0000-0000-0000-000000000000';
export const TENANT_ID = '00000000-0000-0000-0000-0000000000e1';
/** Matches the fallback principal of the client factory when the token carries no `oid` claim. */
export const DEFAULT_PRINCIPAL_ID = '11111111-1111-1111-1111-111111111111';

export const REGION_DISPLAY_NAMES: Readonly<Record<string, string>> = {
  eastus: 'East US',
  westus2: 'West US 2',
  westeurope: 'West Europe',
  northeurope: 'North Europe',
  uksouth: 'UK South',
  // A region without availability zones (providers/compute/zones.ts).
  australiasoutheast: 'Australia Southeast',
};
export const REGIONS: readonly string[] = Object.keys(REGION_DISPLAY_NAMES);

export interface ParsedId {
  subscriptionId?: string;
  resourceGroup?: string;
  /** Provider namespace of the resource itself (the last `/providers/{ns}` in the id). */
  namespace?: string;
  /** e.g. Microsoft.Network/virtualNetworks/subnets */
  type?: string;
  name?: string;
  /** The id of the parent resource, resource group, subscription or extended resource. */
  parentId?: string;
}

export function segmentsOf(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

/** Canonical spelling of the fixed segments (the SDK mixes `resourcegroups` and `resourceGroups`). */
export function canonicalId(path: string): string {
  const segs = segmentsOf(path);
  if (segs[0]?.toLowerCase() === 'subscriptions') segs[0] = 'subscriptions';
  if (segs[2]?.toLowerCase() === 'resourcegroups') segs[2] = 'resourceGroups';
  for (let i = 0; i < segs.length; i++) if (segs[i].toLowerCase() === 'providers') segs[i] = 'providers';
  return '/' + segs.join('/');
}

/** The id of a child resource's parent (drops the last type/name pair): a subnet's VNet. */
export function parentIdOf(id: string): string {
  return id.split('/').slice(0, -2).join('/');
}

export function resourceGroupId(subscriptionId: string, resourceGroupName: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}`;
}

/** The resource group id a path lives in, if it is below one. */
export function resourceGroupIdOf(path: string): string | undefined {
  const segs = segmentsOf(path);
  if (segs.length >= 4 && segs[0].toLowerCase() === 'subscriptions' && segs[2].toLowerCase() === 'resourcegroups') {
    return resourceGroupId(segs[1], segs[3]);
  }
  return undefined;
}

export function parseResourceId(id: string): ParsedId {
  const segs = segmentsOf(id);
  const out: ParsedId = {};
  if (segs[0]?.toLowerCase() === 'subscriptions') out.subscriptionId = segs[1];
  if (segs[2]?.toLowerCase() === 'resourcegroups') out.resourceGroup = segs[3];
  let p = -1;
  for (let i = segs.length - 1; i >= 0; i--) {
    if (segs[i].toLowerCase() === 'providers') {
      p = i;
      break;
    }
  }
  if (p < 0) {
    if (segs.length === 4 && out.resourceGroup) {
      return {
        ...out,
        namespace: 'Microsoft.Resources',
        type: 'Microsoft.Resources/resourceGroups',
        name: segs[3],
        parentId: `/subscriptions/${segs[1]}`,
      };
    }
    if (segs.length === 2 && out.subscriptionId)
      return { ...out, namespace: 'Microsoft.Resources', type: 'Microsoft.Resources/subscriptions', name: segs[1] };
    return out;
  }
  const rest = segs.slice(p + 2);
  out.namespace = segs[p + 1];
  if (rest.length < 2 || rest.length % 2 !== 0)
    return { ...out, type: rest.length ? `${out.namespace}/${rest.filter((_, i) => i % 2 === 0).join('/')}` : undefined };
  const types = rest.filter((_, i) => i % 2 === 0);
  out.type = `${out.namespace}/${types.join('/')}`;
  out.name = rest[rest.length - 1];
  out.parentId = '/' + segs.slice(0, rest.length > 2 ? segs.length - 2 : p).join('/');
  return out;
}

/** A resource directly below a provider namespace (not a child such as a subnet, not an extension). */
export function isTopLevelResource(id: string): boolean {
  const segs = segmentsOf(id);
  const providerIdx = segs.findIndex((s) => s.toLowerCase() === 'providers');
  if (providerIdx < 0) return false;
  const lastIdx = segs.map((s) => s.toLowerCase()).lastIndexOf('providers');
  return providerIdx === lastIdx && segs.length - providerIdx === 4;
}
