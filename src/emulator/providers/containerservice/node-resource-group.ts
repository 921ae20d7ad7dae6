/**
 * What AKS creates in the node resource group when a cluster finishes: the group itself (managed by the
 * cluster, carrying its tags), one scale set per node pool and, for a private cluster, the kube-apiserver
 * private endpoint in the node subnet with its NIC and (privateDNSZone `system`) the private DNS zone
 * with the API server's A record and a link to the node VNet.
 */
import type { ArmResource, EmulatorContext, StoreEffect } from '../../core/contract.js';
import { parentIdOf, resourceGroupId } from '../../core/ids.js';
import { firstUsable, formatIp, parseRange } from '../../core/ip.js';
import { shortHash, shortNumber } from './stable-names.js';
import { makePrivateDnsZone, makePrivateEndpoint, subnetPrefixes } from '../network/index.js';

type BuildContext = Pick<EmulatorContext, 'store' | 'newGuid'>;

export function nodeResourceGroupId(cluster: ArmResource): string {
  const sub = cluster.id.split('/')[2];
  return resourceGroupId(sub, cluster.properties!.nodeResourceGroup);
}

export function scaleSetName(cluster: ArmResource, pool: string): string {
  return `aks-${pool}-${shortNumber(`${cluster.id}/${pool}`)}-vmss`;
}

function scaleSet(cluster: ArmResource, rgId: string, pool: any, tags: Record<string, string>): ArmResource {
  const name = scaleSetName(cluster, pool.name);
  return {
    id: `${rgId}/providers/Microsoft.Compute/virtualMachineScaleSets/${name}`,
    name,
    type: 'Microsoft.Compute/virtualMachineScaleSets',
    location: cluster.location,
    tags: { ...tags, 'aks-managed-poolName': pool.name, 'aks-managed-orchestrator': `Kubernetes:${pool.currentOrchestratorVersion}` },
    sku: { name: pool.vmSize, tier: 'Standard', capacity: pool.count },
    properties: {
      provisioningState: 'Succeeded',
      orchestrationMode: 'Uniform',
      uniqueId: shortHash(name, 8) + '-' + shortHash(`${name}/u`, 4),
      virtualMachineProfile: {
        networkProfile: {
          networkInterfaceConfigurations: [
            {
              name,
              properties: {
                primary: true,
                enableIPForwarding: true,
                ipConfigurations: [
                  { name: 'ipconfig1', properties: { primary: true, ...(pool.vnetSubnetID ? { subnet: { id: pool.vnetSubnetID } } : {}) } },
                ],
              },
            },
          ],
        },
      },
    },
  };
}

function privateEndpointResources(ctx: BuildContext, cluster: ArmResource, rgName: string, tags: Record<string, string>): ArmResource[] {
  const pool = cluster.properties!.agentPoolProfiles[0];
  const subnetId: string | undefined = pool?.vnetSubnetID;
  const subnet = subnetId ? ctx.store.get(subnetId) : undefined;
  const cidr = parseRange(subnet ? (subnetPrefixes(subnet)[0] ?? '') : '');
  if (!subnetId || !cidr) return [];
  const subscriptionId = cluster.id.split('/')[2];
  const built = makePrivateEndpoint(ctx, {
    subscriptionId,
    resourceGroup: rgName,
    name: 'kube-apiserver',
    location: cluster.location!,
    subnetId,
    privateLinkServiceId: cluster.id,
    groupId: 'management',
    tags,
    // The nodes take the first addresses of the subnet before the endpoint is placed.
    excludeIps: Array.from({ length: pool.count ?? 0 }, (_, i) => formatIp(firstUsable(cidr) + i)),
  });
  const fqdn: string | undefined = cluster.properties!.privateFQDN;
  const pe = {
    ...built.privateEndpoint,
    properties: { ...built.privateEndpoint.properties, customDnsConfigs: fqdn ? [{ fqdn, ipAddresses: [built.privateIPAddress] }] : [] },
  };
  const out = [built.nic, pe];
  if (cluster.properties!.apiServerAccessProfile?.privateDNSZone === 'system' && fqdn) {
    const [host, ...zone] = fqdn.split('.');
    out.push(
      ...makePrivateDnsZone(ctx, {
        subscriptionId,
        resourceGroup: rgName,
        zoneName: zone.join('.'),
        tags,
        aRecords: [{ name: host, ipv4Address: built.privateIPAddress, ttl: 300 }],
        vnetLinks: [{ name: shortHash(parentIdOf(subnetId), 16), vnetId: parentIdOf(subnetId) }],
      }),
    );
  }
  return out;
}

/** Store writes that land when the create finishes (the node resource group and what it holds). */
export function nodeResourceGroupEffects(ctx: BuildContext, cluster: ArmResource): StoreEffect[] {
  const rgId = nodeResourceGroupId(cluster);
  const rg = cluster.id.split('/')[4];
  const tags = { ...(cluster.tags ?? {}), 'aks-managed-cluster-name': cluster.name, 'aks-managed-cluster-rg': rg };
  const group: ArmResource = {
    id: rgId,
    name: cluster.properties!.nodeResourceGroup,
    type: 'Microsoft.Resources/resourceGroups',
    location: cluster.location,
    tags,
    managedBy: cluster.id,
    properties: { provisioningState: 'Succeeded' },
  };
  const pools: any[] = cluster.properties!.agentPoolProfiles ?? [];
  const resources = [
    group,
    ...pools.map((p) => scaleSet(cluster, rgId, p, tags)),
    ...(cluster.properties!.apiServerAccessProfile?.enablePrivateCluster ? privateEndpointResources(ctx, cluster, group.name, tags) : []),
  ];
  return resources.map((put) => ({ put }));
}
