import type { AddonKey } from '../config/addons.js';
import type { CloudName } from '../config/regions.js';
import type { ProbeOutcome } from '../kube/addon-probe.js';

/**
 * What `verify` saw, in plain JSON. Collected read-only from ARM (collect.ts) and judged by pure checks
 * (checks/*.ts), so every check is unit-testable with a small fixture. Every field is optional: verify
 * must also audit clusters this tool did not build (public, no UDR, no firewall) without crashing.
 */

export interface AgentPoolEvidence {
  name: string;
  mode?: string;
  vnetSubnetId?: string;
  enableNodePublicIp?: boolean;
  orchestratorVersion?: string;
}

export interface ClusterEvidence {
  id: string;
  name: string;
  location: string;
  provisioningState?: string;
  kubernetesVersion?: string;
  currentKubernetesVersion?: string;
  nodeResourceGroup?: string;
  enablePrivateCluster?: boolean;
  enablePrivateClusterPublicFqdn?: boolean;
  /** 'system' | 'none' | a zone resource id. */
  privateDnsZone?: string;
  fqdn?: string;
  privateFqdn?: string;
  publicNetworkAccess?: string;
  authorizedIpRanges?: string[];
  outboundType?: string;
  networkPlugin?: string;
  networkPluginMode?: string;
  networkPolicy?: string;
  aadManaged?: boolean;
  enableAzureRbac?: boolean;
  disableLocalAccounts?: boolean;
  oidcIssuerEnabled?: boolean;
  workloadIdentityEnabled?: boolean;
  upgradeChannel?: string;
  nodeOsUpgradeChannel?: string;
  /** Names of enabled add-ons (azurepolicy, omsagent, azureKeyvaultSecretsProvider...). */
  enabledAddons?: string[];
  defenderEnabled?: boolean;
  agentPools: AgentPoolEvidence[];
}

export interface SubnetEvidence {
  id: string;
  name: string;
  addressPrefixes: string[];
  routeTableId?: string;
  nsgId?: string;
}

export interface VnetEvidence {
  id: string;
  name: string;
  addressSpace: string[];
  subnets: SubnetEvidence[];
}

export interface RouteEvidence {
  name: string;
  addressPrefix?: string;
  nextHopType?: string;
  nextHopIpAddress?: string;
}

export interface RouteTableEvidence {
  id: string;
  name: string;
  routes: RouteEvidence[];
}

export interface NsgRuleEvidence {
  name: string;
  direction: string;
  access: string;
  priority: number;
  protocol: string;
  sourcePrefixes: string[];
  destinationPrefixes: string[];
  destinationPorts: string[];
}

export interface NsgEvidence {
  id: string;
  name: string;
  rules: NsgRuleEvidence[];
}

export interface FirewallEvidence {
  id: string;
  name: string;
  provisioningState?: string;
  privateIp?: string;
  publicIps: string[];
  policyId?: string;
}

export interface AppRuleEvidence {
  ruleType: 'ApplicationRule';
  name: string;
  protocols: Array<{ type: string; port?: number }>;
  targetFqdns: string[];
  targetUrls: string[];
  fqdnTags: string[];
  webCategories: string[];
  sourceAddresses: string[];
  sourceIpGroups: string[];
}

export interface NetworkRuleEvidence {
  ruleType: 'NetworkRule';
  name: string;
  ipProtocols: string[];
  sourceAddresses: string[];
  sourceIpGroups: string[];
  destinationAddresses: string[];
  destinationFqdns: string[];
  destinationIpGroups: string[];
  destinationPorts: string[];
}

export interface OtherRuleEvidence {
  ruleType: string;
  name: string;
}

export type FirewallRuleEvidence = AppRuleEvidence | NetworkRuleEvidence | OtherRuleEvidence;

export interface RuleCollectionEvidence {
  name: string;
  priority: number;
  kind: string;
  /** Allow | Deny for filter collections; DNAT for NAT collections. */
  action?: string;
  rules: FirewallRuleEvidence[];
}

export interface RuleCollectionGroupEvidence {
  name: string;
  priority: number;
  ruleCollections: RuleCollectionEvidence[];
}

export interface FirewallPolicyEvidence {
  id: string;
  name: string;
  dnsProxyEnabled?: boolean;
  basePolicyId?: string;
  ruleCollectionGroups: RuleCollectionGroupEvidence[];
}

export interface PrivateEndpointEvidence {
  id: string;
  name: string;
  provisioningState?: string;
  subnetId?: string;
  privateIps: string[];
  /** Private link service ids this endpoint connects to, with their connection status. */
  connections: Array<{ targetId?: string; groupIds: string[]; status?: string }>;
}

export interface PrivateDnsZoneEvidence {
  id: string;
  name: string;
  aRecords: Array<{ name: string; ipv4s: string[] }>;
}

export interface JumphostEvidence {
  vmName: string;
  nicName?: string;
  publicIpIds: string[];
  subnetId?: string;
  subnetPrefixes: string[];
  subnetNsg?: NsgEvidence;
  nicNsg?: NsgEvidence;
}

export interface InClusterCommandEvidence {
  command: string;
  ok: boolean;
  exitCode?: number;
  logs?: string;
  error?: string;
}

/** One egress probe: the URL a short-lived pod tried and the HTTP status curl saw (0 = no HTTP answer). */
export interface EgressProbeEvidence {
  url: string;
  /** undefined when the probe pod never ran (image not pullable, runCommand refused). */
  httpCode?: number;
}

/** The deployment's Key Vault: the name its add-on asks for and the private endpoint's address it must resolve to. */
export interface KeyVaultEvidence {
  name: string;
  /** The vault's host name, from its URI (`<vault>.vault.azure.net` in the public cloud). */
  host: string;
  endpointIp?: string;
}

export interface InClusterEvidence {
  nodes?: InClusterCommandEvidence;
  systemPods?: InClusterCommandEvidence;
  /** Both probes run in one runCommand call (each call costs a command pod). */
  egress?: InClusterCommandEvidence & { allowed: EgressProbeEvidence; blocked: EgressProbeEvidence };
  /** The pods of every namespace and one probe per enabled add-on to one of its FQDNs (one runCommand call). */
  addons?: InClusterCommandEvidence & { probes: Partial<Record<AddonKey, ProbeOutcome & { host: string }>> };
}

export interface Evidence {
  subscriptionId: string;
  /** Known when auditing a secure-aks deployment with the Key Vault option. */
  keyVault?: KeyVaultEvidence;
  /** The Azure cloud the cluster is in (add-on FQDNs differ per cloud); AzureCloud when unknown. */
  cloud?: CloudName;
  resourceGroup: string;
  clusterName: string;
  cluster?: ClusterEvidence;
  /** Newest-first major.minor versions AKS lists as generally available for the region. */
  supportedVersions?: string[];
  nodeVnet?: VnetEvidence;
  nodeSubnet?: SubnetEvidence;
  routeTable?: RouteTableEvidence;
  nodeNsg?: NsgEvidence;
  /** Every firewall the subscription has (the default route must point at one of them). */
  firewalls?: FirewallEvidence[];
  /** The firewall whose private IP is the default route's next hop. */
  firewall?: FirewallEvidence;
  firewallPolicy?: FirewallPolicyEvidence;
  privateEndpoints?: PrivateEndpointEvidence[];
  privateDnsZones?: PrivateDnsZoneEvidence[];
  bastionSubnet?: SubnetEvidence;
  bastionNsg?: NsgEvidence;
  jumphost?: JumphostEvidence;
  inCluster?: InClusterEvidence;
  /** Reads that failed for a reason other than "not found" (permission, throttling): shown, never fatal. */
  readErrors: string[];
}
