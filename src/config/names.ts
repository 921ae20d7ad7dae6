import type { ResolvedConfig, ResourceNames } from './types.js';

/**
 * Every name derives from the cluster name, following Microsoft's Cloud Adoption Framework abbreviations
 * (afw, afwp, rt, nsg, bas, pip, vm, nic, id), so a platform team recognises each resource on sight.
 */
export function resourceNames(config: Pick<ResolvedConfig, 'name'>): ResourceNames {
  const n = config.name;
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
    nodeNsg: `nsg-${n}-nodes`,
    jumphostNsg: `nsg-${n}-jumphost`,
    bastionNsg: `nsg-${n}-bastion`,
    bastion: `bas-${n}`,
    bastionPublicIp: `pip-bas-${n}`,
    jumphostVm: `vm-${n}-jump`,
    jumphostNic: `nic-${n}-jump`,
    sshKeyFile: `${n}-jumphost.key`,
  };
}
