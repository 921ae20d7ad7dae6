/**
 * What AKS nodes and the jumphost may reach through the firewall, as data (Microsoft's "outbound network
 * and FQDN rules for AKS", global Azure). The FQDN tag covers the core list but has lagged behind new
 * endpoints, so the explicit list is allowed as well. Private clusters reach the API server through the
 * private endpoint: no `*.hcp.<region>.azmk8s.io`, no UDP 1194 / TCP 9000 network rules.
 */

export type FirewallProtocol = 'Http' | 'Https';

export interface FqdnRule {
  /** Rule name inside its collection. */
  name: string;
  fqdns: string[];
  protocols: Array<{ type: FirewallProtocol; port: number }>;
}

const https = [{ type: 'Https' as const, port: 443 }];
const http = [{ type: 'Http' as const, port: 80 }];

/** The firewall FQDN tag Microsoft maintains for AKS. */
export const AKS_FQDN_TAG = 'AzureKubernetesService';

/** Required by every AKS cluster with locked-down egress. */
export const AKS_REQUIRED_FQDN_RULES: readonly FqdnRule[] = [
  { name: 'container-images', fqdns: ['mcr.microsoft.com', '*.data.mcr.microsoft.com', 'mcr-0001.mcr-msedge.net'], protocols: https },
  { name: 'azure-management', fqdns: ['management.azure.com', 'login.microsoftonline.com'], protocols: https },
  { name: 'node-packages', fqdns: ['packages.microsoft.com', 'acs-mirror.azureedge.net', 'packages.aks.azure.com'], protocols: https },
];

/** Recommended: node OS security updates (Ubuntu mirrors speak plain HTTP; the snapshot service HTTPS). */
export const NODE_OS_UPDATE_FQDN_RULES: readonly FqdnRule[] = [
  { name: 'ubuntu-updates', fqdns: ['security.ubuntu.com', 'azure.archive.ubuntu.com', 'changelogs.ubuntu.com'], protocols: http },
  { name: 'ubuntu-snapshots', fqdns: ['snapshot.ubuntu.com'], protocols: https },
];

/** Workload identity: pods exchange their federated token for an Entra token. */
export const WORKLOAD_IDENTITY_FQDNS: readonly string[] = ['login.microsoftonline.com'];

/** NTP for nodes provisioned before March 2021; harmless to keep for older node images. */
export const NTP_NETWORK_RULE = { name: 'ntp', fqdns: ['ntp.ubuntu.com'], protocol: 'UDP' as const, port: 123 };

/**
 * The jumphost installs the Azure CLI, kubectl and kubelogin and then talks to Entra ID and ARM; nothing
 * else. Scoped to the jumphost subnet only.
 */
export const JUMPHOST_FQDN_RULES: readonly FqdnRule[] = [
  { name: 'os-packages', fqdns: ['azure.archive.ubuntu.com', 'security.ubuntu.com'], protocols: [...http, ...https] },
  { name: 'azure-cli', fqdns: ['packages.microsoft.com', 'aka.ms'], protocols: https },
  { name: 'kubectl', fqdns: ['dl.k8s.io', 'cdn.dl.k8s.io'], protocols: https },
  // GitHub release downloads redirect to release-assets.githubusercontent.com (since 2025); older links and
  // mirrors still answer from objects.githubusercontent.com.
  { name: 'kubelogin', fqdns: ['github.com', 'release-assets.githubusercontent.com', 'objects.githubusercontent.com'], protocols: https },
  { name: 'azure-sign-in', fqdns: ['login.microsoftonline.com', 'management.azure.com'], protocols: https },
];
