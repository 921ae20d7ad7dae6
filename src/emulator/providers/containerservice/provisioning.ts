/**
 * Node provisioning as AKS runs it: the nodes' custom script extension (vmssCSE) must reach the required
 * endpoints over HTTPS, through whatever the node subnet's route table, NSG and firewall allow. When one
 * is unreachable, AKS ends the create Failed with CreateVMSSAgentPoolFailed and vmssCSE exit status 50.
 */
import type { ArmResource, Store } from '../../core/contract.js';
import { egressPathForSubnet, evaluateEgress, type EgressVerdict } from '../network/index.js';

/**
 * What a node must reach while it boots: the long-standing core of Microsoft's required outbound list
 * (all covered by the AzureKubernetesService tag, so the tag alone lets nodes provision).
 */
export function requiredNodeEndpoints(region: string): string[] {
  return [
    'mcr.microsoft.com',
    `${region}.data.mcr.microsoft.com`,
    'management.azure.com',
    'login.microsoftonline.com',
    'packages.microsoft.com',
    'acs-mirror.azureedge.net',
  ];
}

/** The verdict for an HTTPS connection from the node subnet, or undefined when the nodes use Azure's default egress. */
export function nodeEgressVerdict(
  store: Store,
  cluster: ArmResource,
  host: string,
  port = 443,
  scheme: 'Http' | 'Https' = 'Https',
): EgressVerdict | undefined {
  const subnetId: string | undefined = cluster.properties?.agentPoolProfiles?.[0]?.vnetSubnetID;
  const path = subnetId ? egressPathForSubnet(store, subnetId, cluster.location ?? 'eastus') : undefined;
  if (!path) return undefined;
  // With a load balancer (or NAT gateway) AKS gives the nodes their own way out; the subnet's routes still apply.
  if (cluster.properties?.networkProfile?.outboundType !== 'userDefinedRouting') path.defaultOutboundAccess = true;
  return evaluateEgress(path, { host, port, protocol: 'TCP', scheme });
}

export function provisioningFailure(store: Store, cluster: ArmResource): { code: string; message: string } | undefined {
  const region = cluster.location ?? 'eastus';
  for (const host of requiredNodeEndpoints(region)) {
    const verdict = nodeEgressVerdict(store, cluster, host);
    if (verdict && !verdict.allowed) {
      const pool = cluster.properties?.agentPoolProfiles?.[0]?.name ?? 'nodepool1';
      return {
        code: 'CreateVMSSAgentPoolFailed',
        message:
          `Agent pool ${pool} failed to provision: vmssCSE exit status=50: unable to establish outbound connection from agents ` +
          `(${host}:443 unreachable: ${verdict.reason}) Allow the required AKS egress (the AzureKubernetesService FQDN tag and ` +
          'https://aka.ms/aks-required-ports-and-addresses) on the firewall your route table points to, then retry.',
      };
    }
  }
  return undefined;
}
