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
}

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
}
