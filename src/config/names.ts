import { createHash } from 'node:crypto';
import type { ResolvedConfig, ResourceNames } from './types.js';

/**
 * Every name derives from the cluster name, following Microsoft's Cloud Adoption Framework abbreviations
 * (afw, afwp, rt, nsg, bas, pip, vm, nic, id), so a platform team recognises each resource on sight.
 */
export function resourceNames(
  config: Pick<ResolvedConfig, 'name'> & Partial<Pick<ResolvedConfig, 'subscriptionId' | 'resourceGroup' | 'location'>>,
): ResourceNames {
  const n = config.name;
  const vault = keyVaultNameFor(config);
  return {
    identity: `id-${n}`,
    vnet: `vnet-${n}`,
    firewallSubnet: 'AzureFirewallSubnet',
    bastionSubnet: 'AzureBastionSubnet',
    nodeSubnet: 'snet-aks-nodes',
    jumphostSubnet: 'snet-jumphost',
    firewall: `afw-${n}`,
    firewallPublicIp: `pip-afw-${n}`,
    firewallPolicy: `afwp-${n}`,
    aksRuleCollectionGroup: 'rcg-aks-egress',
    jumphostRuleCollectionGroup: 'rcg-jumphost-egress',
    routeTable: `rt-${n}`,
    cluster: n,
    dnsPrefix: dnsPrefixFor(n),
    nodeNsg: `nsg-${n}-nodes`,
    jumphostNsg: `nsg-${n}-jumphost`,
    bastionNsg: `nsg-${n}-bastion`,
    bastion: `bas-${n}`,
    bastionPublicIp: `pip-bas-${n}`,
    jumphostVm: `vm-${n}-jump`,
    jumphostComputerName: linuxComputerNameFor(`vm-${n}-jump`),
    jumphostNic: `nic-${n}-jump`,
    logAnalyticsWorkspace: `log-${n}`,
    // What `az aks enable-addons -a monitoring` names it, so a team that knows the CLI finds it.
    dataCollectionRule: `MSCI-${config.location ?? 'region'}-${n}`.slice(0, 64),
    dataCollectionRuleAssociation: 'ContainerInsightsExtension',
    keyVault: vault,
    keyVaultPrivateEndpoint: `pe-${vault}`,
    userPool: 'user',
    policyBaselineAssignment: `aks-baseline-${n}`.slice(0, 64),
  };
}

/**
 * Key Vault names are global (every tenant shares one namespace) and 3-24 characters: letters, digits and
 * single hyphens, starting with a letter and ending with a letter or digit
 * (https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftkeyvault).
 * A short hash of subscription, group and cluster keeps two teams' "aks-prod" apart and stays stable on re-run.
 */
export function keyVaultNameFor(
  config: Pick<ResolvedConfig, 'name'> & Partial<Pick<ResolvedConfig, 'subscriptionId' | 'resourceGroup'>>,
): string {
  const hash = createHash('sha256')
    .update(`${config.subscriptionId ?? ''}/${config.resourceGroup ?? ''}/${config.name}`.toLowerCase())
    .digest('hex')
    .slice(0, 8);
  const stem = config.name
    .replace(/[^A-Za-z0-9-]/g, '-')
    .replace(/-{2,}/g, '-')
    .slice(0, 12)
    .replace(/-+$/, '');
  return `kv-${stem}-${hash}`.replace(/-{2,}/g, '-');
}

/**
 * Letters, digits and hyphens only, at most `max` characters, starting and ending with a letter or digit.
 * Cluster names may hold `_` (and other names built from them inherit it); host names may not.
 */
function hostNameFor(name: string, max: number): string {
  return name
    .replace(/[^A-Za-z0-9-]/g, '-')
    .slice(0, max)
    .replace(/^-+|-+$/g, '');
}

/**
 * The cluster's DNS prefix: 1-54 letters, digits and hyphens with alphanumeric ends, while a cluster name
 * allows 63 characters and `_` (https://aka.ms/aks-naming-rules, the AKS FAQ's naming restrictions:
 * https://learn.microsoft.com/azure/aks/faq).
 */
export function dnsPrefixFor(clusterName: string): string {
  return hostNameFor(clusterName, 54);
}

/**
 * A Linux computerName (the VM's host name): at most 64 characters, no `_`, not only digits (OSProfile.computerName,
 * https://learn.microsoft.com/rest/api/compute/virtual-machines/create-or-update).
 */
export function linuxComputerNameFor(vmName: string): string {
  const name = hostNameFor(vmName, 64);
  return /^\d+$/.test(name) ? `vm-${name}`.slice(0, 64) : name;
}
