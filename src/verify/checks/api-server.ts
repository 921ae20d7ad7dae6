import type { Evidence, PrivateEndpointEvidence } from '../evidence.js';
import { type Check, NO_CLUSTER, fail, notApplicable, pass, warn } from './types.js';

const PRIVATE_CLUSTERS = 'https://learn.microsoft.com/azure/aks/private-clusters';
const AUTHORIZED_IPS = 'https://learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges';

/** The API server's private endpoint: the one in the node resource group connected to this cluster. */
export function apiServerEndpoint(e: Evidence): PrivateEndpointEvidence | undefined {
  const clusterId = e.cluster?.id.toLowerCase();
  const endpoints = e.privateEndpoints ?? [];
  return (
    endpoints.find((pe) => pe.connections.some((c) => c.targetId?.toLowerCase() === clusterId)) ??
    endpoints.find((pe) => pe.connections.some((c) => c.groupIds.includes('management'))) ??
    endpoints.find((pe) => pe.name.toLowerCase() === 'kube-apiserver')
  );
}

const isPrivate = (e: Evidence) => e.cluster?.enablePrivateCluster === true;

export const apiServerChecks: Check[] = [
  {
    id: 'api-server.private',
    area: 'api-server',
    title: 'API server is private',
    baseline: 'AKS baseline; CIS AKS 5.4.2',
    docs: PRIVATE_CLUSTERS,
    remediation:
      'Create the cluster with apiServerAccessProfile.enablePrivateCluster = true (it cannot be turned on later; recreate the cluster, e.g. with `secure-aks init`).',
    run: (e) => {
      if (!e.cluster) return NO_CLUSTER;
      return isPrivate(e)
        ? pass(`Cluster ${e.cluster.name} has enablePrivateCluster = true (private FQDN ${e.cluster.privateFqdn ?? 'unknown'}).`)
        : fail(`Cluster ${e.cluster.name} has a public API server${e.cluster.fqdn ? ` at ${e.cluster.fqdn}` : ''}.`);
    },
  },
  {
    id: 'api-server.no-public-fqdn',
    area: 'api-server',
    title: 'API server has no public DNS name',
    baseline: 'AKS baseline',
    docs: `${PRIVATE_CLUSTERS}#disable-a-public-fqdn`,
    remediation: 'Set apiServerAccessProfile.enablePrivateClusterPublicFQDN = false (az aks update --disable-public-fqdn).',
    run: (e) => {
      const c = e.cluster;
      if (!c) return NO_CLUSTER;
      if (!isPrivate(e)) return fail(`The API server is public; its name ${c.fqdn ?? '(unknown)'} resolves on the Internet.`);
      if (c.enablePrivateClusterPublicFqdn === true)
        return fail(`enablePrivateClusterPublicFQDN is true: ${c.fqdn ?? 'a public name'} resolves to the private IP from anywhere.`);
      return pass(
        `enablePrivateClusterPublicFQDN is ${String(c.enablePrivateClusterPublicFqdn ?? false)}; only the private FQDN ${c.privateFqdn ?? ''} exists.`.trim(),
      );
    },
  },
  {
    id: 'api-server.private-endpoint',
    area: 'api-server',
    title: 'API server private endpoint exists and Succeeded',
    baseline: 'AKS private cluster docs',
    docs: PRIVATE_CLUSTERS,
    remediation:
      'The API server private endpoint (kube-apiserver) in the node resource group is managed by AKS: do not edit or delete it; reconcile the cluster (az aks update) or recreate it.',
    run: (e) => {
      const c = e.cluster;
      if (!c) return NO_CLUSTER;
      if (!isPrivate(e)) return notApplicable('The API server is public: there is no private endpoint.');
      const pe = apiServerEndpoint(e);
      if (!pe) return fail(`No private endpoint for the API server in node resource group ${c.nodeResourceGroup ?? '(unknown)'}.`);
      const state = pe.provisioningState ?? 'unknown';
      const status = pe.connections.map((x) => x.status).find(Boolean);
      if (state !== 'Succeeded') return fail(`Private endpoint ${pe.name} is ${state}, not Succeeded.`);
      if (status && status !== 'Approved') return fail(`Private endpoint ${pe.name} connection is ${status}, not Approved.`);
      // AKS places the endpoint in a node pool's subnet; anywhere else the nodes may not resolve or reach it.
      const poolSubnets = c.agentPools.map((p) => p.vnetSubnetId?.toLowerCase()).filter(Boolean);
      if (poolSubnets.length && pe.subnetId && !poolSubnets.includes(pe.subnetId.toLowerCase())) {
        return fail(`Private endpoint ${pe.name} is in subnet ${pe.subnetId}, not a node pool subnet (${poolSubnets.join(', ')}).`);
      }
      if (pe.privateIps.length === 0) return fail(`Private endpoint ${pe.name} has no private IP address.`);
      return pass(`Private endpoint ${pe.name} is Succeeded with IP ${pe.privateIps.join(', ') || '(none)'}.`);
    },
  },
  {
    id: 'api-server.private-dns',
    area: 'api-server',
    title: 'Private DNS A record points at the private endpoint',
    baseline: 'AKS private cluster docs',
    docs: `${PRIVATE_CLUSTERS}#configure-a-private-dns-zone`,
    remediation:
      'Restore the A record for the API server in the private DNS zone with the private endpoint IP (AKS recreates it on `az aks update` when privateDNSZone is system).',
    run: (e) => {
      const c = e.cluster;
      if (!c) return NO_CLUSTER;
      if (!isPrivate(e)) return notApplicable('The API server is public: no private DNS zone.');
      if (c.privateDnsZone?.toLowerCase() === 'none')
        return warn(
          'privateDNSZone is none: clients must resolve the API server themselves.',
          'Use privateDNSZone system or your own privatelink zone so the name resolves in the VNet.',
        );
      const pe = apiServerEndpoint(e);
      const fqdn = c.privateFqdn?.toLowerCase();
      if (!fqdn) return fail('The cluster reports no private FQDN.');
      const zone = (e.privateDnsZones ?? []).find((z) => fqdn.endsWith(`.${z.name.toLowerCase()}`));
      if (!zone) return fail(`No private DNS zone found for ${fqdn}.`);
      const label = fqdn.slice(0, -(zone.name.length + 1));
      const record = zone.aRecords.find((r) => r.name.toLowerCase() === label);
      if (!record) return fail(`Zone ${zone.name} has no A record ${label}.`);
      const ip = pe?.privateIps[0];
      if (!ip) return fail(`A record ${label}.${zone.name} exists (${record.ipv4s.join(', ')}) but the private endpoint IP is unknown.`);
      return record.ipv4s.includes(ip)
        ? pass(`A record ${label}.${zone.name} -> ${record.ipv4s.join(', ')} matches the private endpoint IP ${ip}.`)
        : fail(`A record ${label}.${zone.name} points to ${record.ipv4s.join(', ') || 'nothing'}, not the private endpoint IP ${ip}.`);
    },
  },
  {
    id: 'api-server.authorized-ip-ranges',
    area: 'api-server',
    title: 'API server access does not rely on authorized IP ranges',
    baseline: 'AKS baseline; CIS AKS 5.4.1',
    docs: AUTHORIZED_IPS,
    remediation: 'Make the API server private; authorized IP ranges only filter a public endpoint.',
    run: (e) => {
      const c = e.cluster;
      if (!c) return NO_CLUSTER;
      const ranges = c.authorizedIpRanges ?? [];
      if (isPrivate(e)) {
        return ranges.length
          ? warn(
              `Private cluster also lists authorized IP ranges (${ranges.join(', ')}); they do not filter the private endpoint.`,
              'Remove the ranges to avoid a false sense of protection.',
            )
          : pass('Private cluster; no authorized IP ranges needed.');
      }
      return ranges.length
        ? fail(`Public API server protected only by authorized IP ranges ${ranges.join(', ')}.`)
        : fail('Public API server open to every address (no authorized IP ranges).');
    },
  },
];
