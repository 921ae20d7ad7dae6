/**
 * Read-only questions to Azure that both the preflight checks and the interactive pickers ask: which
 * subscriptions, regions, VM sizes and Kubernetes versions exist for this caller, and how much vCPU quota
 * is left. One module, so a picker never offers what preflight would then refuse.
 */
import { createPipelineRequest } from '@azure/core-rest-pipeline';
import type { ResourceSku } from '@azure/arm-compute';
import type { AzureClients } from '../azure/types.js';
import { versionsByMinor, type KubernetesVersionInfo } from '../config/kubernetes-version.js';

// Version ordering lives with the configuration (step 5 resolves "newest" the same way).
export { compareVersions, newestStable, type KubernetesVersionInfo } from '../config/kubernetes-version.js';

export interface SubscriptionInfo {
  id: string;
  name: string;
  state: string;
}

export interface RegionInfo {
  name: string;
  displayName: string;
  /** Availability zones the region offers for VMs (empty: none). */
  zones: string[];
}

export interface VmSizeInfo {
  name: string;
  family: string;
  vCPUs: number;
  memoryGB: number;
  /** Zones the size may use in this region for this subscription. */
  zones: string[];
  /** Why the subscription may not deploy it here (Azure's restriction reason code), if it may not. */
  restriction?: string;
}

export interface QuotaUsage {
  name: string;
  label: string;
  current: number;
  limit: number;
}

const API = '2022-12-01';

/** GET on an ARM path through a client's own pipeline (endpoint, credential, TLS trust, retries). */
async function armGet<T>(azure: AzureClients, path: string, signal?: AbortSignal): Promise<T> {
  const rm = await azure.resources();
  const url = `${azure.target.armEndpoint.replace(/\/$/, '')}${path}${path.includes('?') ? '&' : '?'}api-version=${API}`;
  const res = await rm.sendRequest(createPipelineRequest({ url, method: 'GET', abortSignal: signal }));
  const body = res.bodyAsText ? JSON.parse(res.bodyAsText) : {};
  if (res.status >= 400) {
    throw Object.assign(new Error(body.error?.message ?? `HTTP ${res.status} from GET ${path}`), {
      name: 'RestError',
      statusCode: res.status,
      code: body.error?.code,
    });
  }
  return body as T;
}

/** Enabled subscriptions the caller can see, `current` (if listed) first. */
export async function listSubscriptions(azure: AzureClients, current?: string): Promise<SubscriptionInfo[]> {
  const body = await armGet<{ value?: Array<{ subscriptionId: string; displayName?: string; state?: string }> }>(azure, '/subscriptions');
  const subs = (body.value ?? [])
    .filter((s) => (s.state ?? 'Enabled') === 'Enabled')
    .map((s) => ({ id: s.subscriptionId, name: s.displayName ?? s.subscriptionId, state: s.state ?? 'Enabled' }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const i = subs.findIndex((s) => s.id.toLowerCase() === current?.toLowerCase());
  if (i > 0) subs.unshift(...subs.splice(i, 1));
  return subs;
}

const norm = (s: string) => s.replace(/\s+/g, '').toLowerCase();

/** Lower-case region names in which a provider's resource type is offered. */
async function typeLocations(azure: AzureClients, namespace: string, type: string): Promise<Set<string>> {
  const rm = await azure.resources();
  const p = await rm.providers.get(namespace);
  const rt = (p.resourceTypes ?? []).find((t) => t.resourceType?.toLowerCase() === type.toLowerCase());
  return new Set((rt?.locations ?? []).map(norm));
}

/** VM SKUs of one region as this subscription sees them (restrictions honoured). */
export async function listVmSizes(azure: AzureClients, location: string): Promise<VmSizeInfo[]> {
  const compute = await azure.compute();
  const out: VmSizeInfo[] = [];
  for await (const sku of compute.resourceSkus.list({ filter: `location eq '${location}'` })) {
    if (sku.resourceType !== 'virtualMachines' || !sku.name) continue;
    if (!(sku.locations ?? []).some((l) => norm(l) === location)) continue;
    out.push(vmSizeOf(sku, location));
  }
  return out.sort((a, b) => a.vCPUs - b.vCPUs || a.name.localeCompare(b.name));
}

function capability(sku: ResourceSku, name: string): number {
  return Number(sku.capabilities?.find((c) => c.name === name)?.value ?? 0);
}

function vmSizeOf(sku: ResourceSku, location: string): VmSizeInfo {
  const blocked = (sku.restrictions ?? []).find(
    (r) => r.type === 'Location' && (r.values ?? r.restrictionInfo?.locations ?? []).some((l) => norm(l) === location),
  );
  const zoneBlocked = new Set((sku.restrictions ?? []).filter((r) => r.type === 'Zone').flatMap((r) => r.restrictionInfo?.zones ?? []));
  const zones = (sku.locationInfo ?? []).filter((i) => norm(i.location ?? '') === location).flatMap((i) => i.zones ?? []);
  return {
    name: sku.name!,
    family: sku.family ?? '',
    vCPUs: capability(sku, 'vCPUs'),
    memoryGB: capability(sku, 'MemoryGB'),
    zones: zones.filter((z) => !zoneBlocked.has(z)).sort(),
    ...(blocked ? { restriction: blocked.reasonCode ?? 'NotAvailableForSubscription' } : {}),
  };
}

/**
 * Regions of the subscription that offer both AKS and Azure Firewall, each with its availability zones
 * (the locations API lists a subscription's logical zones per region).
 */
export async function listRegions(azure: AzureClients): Promise<RegionInfo[]> {
  type Location = {
    name: string;
    displayName?: string;
    metadata?: { regionType?: string };
    availabilityZoneMappings?: Array<{ logicalZone?: string }>;
  };
  const [locations, aks, firewall] = await Promise.all([
    armGet<{ value?: Location[] }>(azure, `/subscriptions/${azure.subscriptionId}/locations`),
    typeLocations(azure, 'Microsoft.ContainerService', 'managedClusters'),
    typeLocations(azure, 'Microsoft.Network', 'azureFirewalls'),
  ]);
  return (locations.value ?? [])
    .filter((l) => (l.metadata?.regionType ?? 'Physical') === 'Physical')
    .filter((l) => aks.has(norm(l.name)) && firewall.has(norm(l.name)))
    .map((l) => ({
      name: norm(l.name),
      displayName: l.displayName ?? l.name,
      zones: (l.availabilityZoneMappings ?? [])
        .map((z) => z.logicalZone ?? '')
        .filter(Boolean)
        .sort(),
    }))
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** The region's Kubernetes versions, newest first. */
export async function listKubernetesVersions(azure: AzureClients, location: string): Promise<KubernetesVersionInfo[]> {
  const aks = await azure.containerService();
  return versionsByMinor(await aks.managedClusters.listKubernetesVersions(location));
}

export async function listQuota(azure: AzureClients, location: string): Promise<QuotaUsage[]> {
  const compute = await azure.compute();
  const out: QuotaUsage[] = [];
  for await (const u of compute.usage.list(location)) {
    out.push({
      name: u.name?.value ?? '',
      label: u.name?.localizedValue ?? u.name?.value ?? '',
      current: Number(u.currentValue ?? 0),
      limit: Number(u.limit ?? 0),
    });
  }
  return out;
}
