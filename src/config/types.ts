/** The resolved configuration every step receives. Produced by src/config from flags > env > file > defaults > prompts. */
export interface ResolvedConfig {
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  /** The cluster name; every other name derives from it (see names.ts). */
  name: string;
  vnetCidr: string;
  firewallSubnetCidr: string;
  nodeSubnetCidr: string;
  bastionSubnetCidr: string;
  jumphostSubnetCidr: string;
  podCidr: string;
  serviceCidr: string;
  dnsServiceIp: string;
  nodeCount: number;
  nodeVmSize: string;
  /** undefined = the region's newest supported non-preview version, resolved in step 5. */
  kubernetesVersion?: string;
  bastion: boolean;
  jumphost: boolean;
  testDeployment: boolean;
  /**
   * Names of existing resources the user lets secure-aks change although it did not create them (see
   * src/preflight/ownership.ts). Absent in states written before adoption existed: same as none.
   */
  adopt?: string[];
  /** AKS pricing tier: free (no SLA), standard (uptime SLA), premium (SLA + long-term support). */
  tier: ClusterTier;
  /** Availability zones of the System pool ("1", "2", "3"); empty = no zone pinning. Fixed once the pool exists. */
  zones: string[];
  /** Cluster autoscaler bounds of the System pool; both set or neither (nodeCount is then the initial count). */
  nodeMinCount?: number;
  nodeMaxCount?: number;
  /** A separate User pool for workloads; the System pool is then tainted CriticalAddonsOnly=true:NoSchedule. */
  userPool: boolean;
  userPoolVmSize?: string;
  userPoolCount: number;
  userPoolZones: string[];
  userPoolMinCount?: number;
  userPoolMaxCount?: number;
  /** The user's own tags ("key=value"), put on every resource beside managed-by and secure-aks-deployment. */
  tags: string[];
  /** Add-ons, each off by default; each adds exactly its egress rules (see src/config/addons.ts). */
  monitoring: boolean;
  /** An existing Log Analytics workspace (resource id) for monitoring/defender; absent = create one. */
  logAnalyticsWorkspace?: string;
  azurePolicy: boolean;
  /** Assign the built-in AKS pod security baseline initiative to the cluster (needs azurePolicy). */
  policyBaseline: boolean;
  defender: boolean;
  keyVault: boolean;
  /** Weekly windows, "<Day> <HH:MM> <hours>h [+HH:MM]" (e.g. "Sunday 02:00 4h"); absent = any time. */
  autoUpgradeWindow?: string;
  nodeOsUpgradeWindow?: string;
}

export type ClusterTier = 'free' | 'standard' | 'premium';

/** Names of everything the wizard creates, derived from the cluster name (src/config/names.ts). */
export interface ResourceNames {
  identity: string;
  vnet: string;
  firewallSubnet: 'AzureFirewallSubnet';
  bastionSubnet: 'AzureBastionSubnet';
  nodeSubnet: string;
  jumphostSubnet: string;
  firewall: string;
  firewallPublicIp: string;
  firewallPolicy: string;
  aksRuleCollectionGroup: string;
  jumphostRuleCollectionGroup: string;
  routeTable: string;
  cluster: string;
  /** The cluster's dnsPrefix, valid for any accepted cluster name (see config/names.ts). */
  dnsPrefix: string;
  nodeNsg: string;
  jumphostNsg: string;
  bastionNsg: string;
  bastion: string;
  bastionPublicIp: string;
  jumphostVm: string;
  /** The jumphost's Linux host name (osProfile.computerName): no `_`, at most 64 characters. */
  jumphostComputerName: string;
  jumphostNic: string;
  /** Names of what the add-ons need (created only when the add-on is on). */
  logAnalyticsWorkspace: string;
  dataCollectionRule: string;
  dataCollectionRuleAssociation: 'ContainerInsightsExtension';
  keyVault: string;
  keyVaultPrivateEndpoint: string;
  userPool: 'user';
  policyBaselineAssignment: string;
}
