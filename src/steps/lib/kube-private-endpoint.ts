import type { ManagedCluster } from '@azure/arm-containerservice';
import type { PrivateEndpoint } from '@azure/arm-network';
import type { StepContext } from '../../engine/step.js';
import { azureCall, getOrUndefined } from './azure-errors.js';
import { sameId } from './diff.js';
import { nameOf, resourceGroupOf, subnetId } from './ids.js';

/** api-version of Microsoft.Network/privateDnsZones (its SDK package is not a dependency; the generic client reads it). */
export const PRIVATE_DNS_API_VERSION = '2024-06-01';

/** What Azure has for the private API server of the cluster. Every field is read, never assumed. */
export interface ApiServerEndpointView {
  cluster?: ManagedCluster;
  nodeResourceGroup?: string;
  privateFqdn?: string;
  /** 'system', 'none' or a zone resource id (apiServerAccessProfile.privateDNSZone). */
  dnsZoneMode?: string;
  endpoint?: PrivateEndpoint;
  privateIp?: string;
  zoneId?: string;
  recordName?: string;
  recordIps?: string[];
  /** What does not hold, one sentence each (empty when everything is in place). */
  problems: string[];
}

/** AKS names the endpoint kube-apiserver; its connection targets the cluster with group id "management". */
function isApiServerEndpoint(pe: PrivateEndpoint): boolean {
  const groups = [...(pe.privateLinkServiceConnections ?? []), ...(pe.manualPrivateLinkServiceConnections ?? [])].flatMap((c) => c.groupIds ?? []);
  return pe.name?.toLowerCase() === 'kube-apiserver' || groups.some((g) => g.toLowerCase() === 'management');
}

export async function inspectApiServerEndpoint(ctx: StepContext): Promise<ApiServerEndpointView> {
  const { resourceGroup } = ctx.config;
  const view: ApiServerEndpointView = { problems: [] };
  const aks = await ctx.azure.containerService();
  view.cluster = await azureCall(`Reading cluster ${ctx.names.cluster}`, () =>
    getOrUndefined(() => aks.managedClusters.get(resourceGroup, ctx.names.cluster)),
  );
  if (!view.cluster) {
    view.problems.push(`cluster ${ctx.names.cluster} does not exist in resource group ${resourceGroup}`);
    return view;
  }
  const access = view.cluster.apiServerAccessProfile;
  if (!access?.enablePrivateCluster) view.problems.push(`cluster ${ctx.names.cluster} is not a private cluster`);
  view.nodeResourceGroup = view.cluster.nodeResourceGroup;
  view.privateFqdn = view.cluster.privateFqdn;
  view.dnsZoneMode = access?.privateDNSZone ?? 'system';
  if (!view.nodeResourceGroup) {
    view.problems.push(`cluster ${ctx.names.cluster} reports no node resource group`);
    return view;
  }

  const network = await ctx.azure.network();
  const endpoints: PrivateEndpoint[] = await azureCall(`Listing private endpoints in ${view.nodeResourceGroup}`, async () => {
    const list: PrivateEndpoint[] = [];
    for await (const pe of network.privateEndpoints.list(view.nodeResourceGroup!)) list.push(pe);
    return list;
  });
  view.endpoint = endpoints.find(isApiServerEndpoint);
  const nodeSubnet = subnetId(ctx, ctx.names.nodeSubnet);
  if (!view.endpoint) {
    view.problems.push(`no API server private endpoint (kube-apiserver) in node resource group ${view.nodeResourceGroup}`);
  } else {
    const pe = view.endpoint;
    if (pe.provisioningState !== 'Succeeded') view.problems.push(`private endpoint ${pe.name} is ${pe.provisioningState ?? 'in an unknown state'}, not Succeeded`);
    if (!sameId(pe.subnet?.id, nodeSubnet)) view.problems.push(`private endpoint ${pe.name} is in subnet ${pe.subnet?.id ?? '(none)'}, not the node subnet ${ctx.names.nodeSubnet}`);
    view.privateIp = await endpointIp(ctx, pe);
    if (!view.privateIp) view.problems.push(`private endpoint ${pe.name} has no private IP address on its network interface`);
  }

  if (view.dnsZoneMode.toLowerCase() === 'none') return view; // the user resolves the name with their own DNS
  if (!view.privateFqdn) {
    view.problems.push(`cluster ${ctx.names.cluster} reports no private FQDN`);
    return view;
  }
  await inspectDns(ctx, view);
  return view;
}

/** The endpoint's IP from its network interface (what DNS must point at), falling back to its DNS configs. */
async function endpointIp(ctx: StepContext, pe: PrivateEndpoint): Promise<string | undefined> {
  const nicId = pe.networkInterfaces?.[0]?.id;
  if (nicId) {
    const network = await ctx.azure.network();
    const nic = await azureCall(`Reading network interface ${nameOf(nicId)}`, () =>
      getOrUndefined(() => network.networkInterfaces.get(resourceGroupOf(nicId) ?? '', nameOf(nicId))),
    );
    const ip = nic?.ipConfigurations?.find((c) => c.privateIPAddress)?.privateIPAddress;
    if (ip) return ip;
  }
  return pe.customDnsConfigs?.flatMap((c) => c.ipAddresses ?? [])[0] ?? pe.ipConfigurations?.find((c) => c.privateIPAddress)?.privateIPAddress;
}

async function inspectDns(ctx: StepContext, view: ApiServerEndpointView): Promise<void> {
  const resources = await ctx.azure.resources();
  const fqdn = view.privateFqdn!.toLowerCase();
  if (view.dnsZoneMode!.startsWith('/')) {
    view.zoneId = view.dnsZoneMode;
  } else {
    const zones = await azureCall(`Listing private DNS zones in ${view.nodeResourceGroup}`, async () => {
      const list: Array<{ id?: string; name?: string }> = [];
      const filter = "resourceType eq 'Microsoft.Network/privateDnsZones'";
      for await (const r of resources.resources.listByResourceGroup(view.nodeResourceGroup!, { filter })) list.push(r);
      return list;
    });
    view.zoneId = zones.find((z) => z.name && fqdn.endsWith(`.${z.name.toLowerCase()}`))?.id;
  }
  const region = ctx.config.location;
  if (!view.zoneId) {
    view.problems.push(`no private DNS zone *.privatelink.${region}.azmk8s.io for ${view.privateFqdn} in node resource group ${view.nodeResourceGroup}`);
    return;
  }
  const zoneName = nameOf(view.zoneId).toLowerCase();
  view.recordName = fqdn.endsWith(`.${zoneName}`) ? fqdn.slice(0, -(zoneName.length + 1)) : fqdn.split('.')[0];
  const record = await azureCall(`Reading A record ${view.recordName} of ${zoneName}`, () =>
    getOrUndefined(() => resources.resources.getById(`${view.zoneId}/A/${view.recordName}`, PRIVATE_DNS_API_VERSION)),
  );
  const aRecords: Array<{ ipv4Address?: string }> = (record?.properties as any)?.aRecords ?? [];
  view.recordIps = aRecords.map((a) => a.ipv4Address ?? '').filter(Boolean);
  if (!record) {
    view.problems.push(`private DNS zone ${zoneName} has no A record ${view.recordName} for the API server`);
  } else if (view.privateIp && !view.recordIps.includes(view.privateIp)) {
    view.problems.push(
      `A record ${view.recordName}.${zoneName} points to ${view.recordIps.join(', ') || 'nothing'}, not the private endpoint IP ${view.privateIp}`,
    );
  }
}
