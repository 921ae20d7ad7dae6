import type { AgentPool, ManagedCluster, ManagedClusterAgentPoolProfile } from '@azure/arm-containerservice';
import type { AzureClients } from '../azure/types.js';
import type { AgentPoolEvidence, ClusterEvidence } from './evidence.js';
import { tryRead } from './lib/read.js';

export function poolEvidence(p: AgentPool | ManagedClusterAgentPoolProfile): AgentPoolEvidence {
  return {
    name: p.name ?? '',
    mode: p.mode,
    vnetSubnetId: p.vnetSubnetID,
    enableNodePublicIp: p.enableNodePublicIP,
    orchestratorVersion: p.currentOrchestratorVersion ?? p.orchestratorVersion,
  };
}

export function clusterEvidence(c: ManagedCluster, pools: AgentPoolEvidence[]): ClusterEvidence {
  const api = c.apiServerAccessProfile;
  const net = c.networkProfile;
  const addons = Object.entries(c.addonProfiles ?? {})
    .filter(([, a]) => a?.enabled)
    .map(([name]) => name);
  return {
    id: c.id ?? '',
    name: c.name ?? '',
    location: (c.location ?? '').toLowerCase().replace(/\s+/g, ''),
    provisioningState: c.provisioningState,
    kubernetesVersion: c.kubernetesVersion,
    currentKubernetesVersion: c.currentKubernetesVersion,
    nodeResourceGroup: c.nodeResourceGroup,
    enablePrivateCluster: api?.enablePrivateCluster,
    enablePrivateClusterPublicFqdn: api?.enablePrivateClusterPublicFqdn,
    privateDnsZone: api?.privateDNSZone,
    fqdn: c.fqdn,
    privateFqdn: c.privateFqdn,
    publicNetworkAccess: c.publicNetworkAccess,
    authorizedIpRanges: api?.authorizedIPRanges,
    outboundType: net?.outboundType,
    networkPlugin: net?.networkPlugin,
    networkPluginMode: net?.networkPluginMode,
    networkPolicy: net?.networkPolicy,
    aadManaged: c.aadProfile?.managed,
    enableAzureRbac: c.aadProfile?.enableAzureRbac,
    disableLocalAccounts: c.disableLocalAccounts,
    oidcIssuerEnabled: c.oidcIssuerProfile?.enabled,
    workloadIdentityEnabled: c.securityProfile?.workloadIdentity?.enabled,
    upgradeChannel: c.autoUpgradeProfile?.upgradeChannel,
    nodeOsUpgradeChannel: c.autoUpgradeProfile?.nodeOSUpgradeChannel,
    enabledAddons: addons,
    defenderEnabled: c.securityProfile?.defender?.securityMonitoring?.enabled,
    agentPools: pools,
  };
}

/** GA (non-preview) major.minor versions AKS offers in the region, newest first. */
export async function readSupportedVersions(azure: AzureClients, location: string, readErrors: string[]): Promise<string[] | undefined> {
  const aks = await azure.containerService();
  const result = await tryRead(`Kubernetes versions in ${location}`, readErrors, () =>
    aks.managedClusters.listKubernetesVersions(location),
  );
  const versions = (result?.values ?? []).filter((v) => !v.isPreview && v.version).map((v) => v.version!);
  const key = (v: string) => v.split('.').map(Number);
  return versions.length ? versions.sort((a, b) => key(b)[0]! - key(a)[0]! || key(b)[1]! - key(a)[1]!) : undefined;
}
