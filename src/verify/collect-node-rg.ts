import type { NetworkManagementClient, PrivateEndpoint } from '@azure/arm-network';
import type { ResourceManagementClient } from '@azure/arm-resources';
import type { ClusterEvidence, PrivateDnsZoneEvidence, PrivateEndpointEvidence } from './evidence.js';
import { parseArmId } from '../azure/ids.js';
import { collectAll, tryRead } from './lib/read.js';

/** Private DNS has its own SDK package; the generic resources client reads it with this api-version. */
export const PRIVATE_DNS_API_VERSION = '2024-06-01';

async function endpointEvidence(
  network: NetworkManagementClient,
  pe: PrivateEndpoint,
  readErrors: string[],
): Promise<PrivateEndpointEvidence> {
  let ips = [
    ...(pe.customDnsConfigs ?? []).flatMap((c) => c.ipAddresses ?? []),
    ...(pe.ipConfigurations ?? []).map((c) => c.privateIPAddress).filter((x): x is string => !!x),
  ];
  if (ips.length === 0) {
    // The endpoint's address lives on its NIC when neither DNS configs nor static IP configs list it.
    const nicId = parseArmId(pe.networkInterfaces?.[0]?.id);
    const nic =
      nicId && (await tryRead(`NIC ${nicId.name}`, readErrors, () => network.networkInterfaces.get(nicId.resourceGroup, nicId.name)));
    ips = (nic ? (nic.ipConfigurations ?? []) : []).map((c) => c.privateIPAddress).filter((x): x is string => !!x);
  }
  const connections = [...(pe.privateLinkServiceConnections ?? []), ...(pe.manualPrivateLinkServiceConnections ?? [])].map((c) => ({
    targetId: c.privateLinkServiceId,
    groupIds: c.groupIds ?? [],
    status: c.privateLinkServiceConnectionState?.status,
  }));
  return {
    id: pe.id ?? '',
    name: pe.name ?? '',
    provisioningState: pe.provisioningState,
    subnetId: pe.subnet?.id,
    privateIps: [...new Set(ips)],
    connections,
  };
}

export async function readPrivateEndpoints(
  network: NetworkManagementClient,
  nodeResourceGroup: string,
  readErrors: string[],
): Promise<PrivateEndpointEvidence[]> {
  const list = await tryRead(`private endpoints in ${nodeResourceGroup}`, readErrors, () =>
    collectAll(network.privateEndpoints.list(nodeResourceGroup)),
  );
  return Promise.all((list ?? []).map((pe) => endpointEvidence(network, pe, readErrors)));
}

/**
 * The private DNS zone that serves the API server name (the cluster's own zone id, or the zones AKS made in
 * the node resource group) with the one A record the API server needs.
 */
export async function readApiServerDns(
  resources: ResourceManagementClient,
  cluster: ClusterEvidence,
  readErrors: string[],
): Promise<PrivateDnsZoneEvidence[]> {
  const fqdn = cluster.privateFqdn?.toLowerCase();
  if (!fqdn) return [];
  const zoneSetting = cluster.privateDnsZone ?? 'system';
  let zoneIds: string[] = [];
  if (parseArmId(zoneSetting)) zoneIds = [zoneSetting];
  else if (cluster.nodeResourceGroup) {
    const listed = await tryRead(`private DNS zones in ${cluster.nodeResourceGroup}`, readErrors, () =>
      collectAll(
        resources.resources.listByResourceGroup(cluster.nodeResourceGroup!, {
          filter: "resourceType eq 'Microsoft.Network/privateDnsZones'",
        }),
      ),
    );
    zoneIds = (listed ?? []).map((r) => r.id).filter((x): x is string => !!x);
  }
  const zones: PrivateDnsZoneEvidence[] = [];
  for (const zoneId of zoneIds) {
    const zoneName = parseArmId(zoneId)!.name;
    if (!fqdn.endsWith(`.${zoneName.toLowerCase()}`)) continue;
    const label = fqdn.slice(0, -(zoneName.length + 1));
    const record = await tryRead(`A record ${label} in ${zoneName}`, readErrors, () =>
      resources.resources.getById(`${zoneId}/A/${label}`, PRIVATE_DNS_API_VERSION),
    );
    const aRecords = (record?.properties?.aRecords ?? []) as Array<{ ipv4Address?: string }>;
    zones.push({
      id: zoneId,
      name: zoneName,
      aRecords: record ? [{ name: label, ipv4s: aRecords.map((a) => a.ipv4Address).filter((x): x is string => !!x) }] : [],
    });
  }
  return zones;
}
