import type { AzureFirewall, NetworkManagementClient } from '@azure/arm-network';
import type { Evidence, FirewallEvidence, FirewallPolicyEvidence, NsgEvidence } from './evidence.js';
import { parseArmId, vnetIdOfSubnet } from '../azure/ids.js';
import {
  firewallEvidence,
  nsgEvidence,
  routeTableEvidence,
  ruleCollectionGroupEvidence,
  subnetEvidence,
  vnetEvidence,
} from './lib/map-network.js';
import { collectAll, tryRead } from './lib/read.js';

type NetworkEvidence = Pick<
  Evidence,
  'nodeVnet' | 'nodeSubnet' | 'routeTable' | 'nodeNsg' | 'firewalls' | 'firewall' | 'firewallPolicy' | 'bastionSubnet' | 'bastionNsg'
>;

/** The resource an ARM id names; undefined when there is no id or the read failed (noted in readErrors). */
async function readNamed<T>(
  what: string,
  armId: string | undefined,
  readErrors: string[],
  get: (resourceGroup: string, name: string) => Promise<T>,
): Promise<T | undefined> {
  const id = parseArmId(armId);
  return id && tryRead(`${what} ${id.name}`, readErrors, () => get(id.resourceGroup, id.name));
}

export async function readNsg(
  network: NetworkManagementClient,
  nsgId: string | undefined,
  readErrors: string[],
): Promise<NsgEvidence | undefined> {
  const nsg = await readNamed('NSG', nsgId, readErrors, (rg, name) => network.networkSecurityGroups.get(rg, name));
  return nsg && nsgEvidence(nsg);
}

/** Node subnet, its VNet, route table and NSG, the Bastion subnet, and the firewall egress goes through. */
export async function readNetwork(
  network: NetworkManagementClient,
  nodeSubnetId: string,
  fallbackGroups: string[],
  readErrors: string[],
): Promise<NetworkEvidence> {
  const out: NetworkEvidence = {};
  const vnetId = parseArmId(vnetIdOfSubnet(nodeSubnetId));
  const subnetId = parseArmId(nodeSubnetId);
  if (!vnetId || !subnetId) return out;
  const vnet = await tryRead(`VNet ${vnetId.name}`, readErrors, () => network.virtualNetworks.get(vnetId.resourceGroup, vnetId.name));
  out.nodeVnet = vnet && vnetEvidence(vnet);
  out.nodeSubnet = out.nodeVnet?.subnets.find((s) => s.name.toLowerCase() === subnetId.name.toLowerCase());
  if (!out.nodeSubnet) {
    const s = await tryRead(`subnet ${subnetId.name}`, readErrors, () =>
      network.subnets.get(vnetId.resourceGroup, vnetId.name, subnetId.name),
    );
    out.nodeSubnet = s && subnetEvidence(s);
  }
  const rt = await readNamed('route table', out.nodeSubnet?.routeTableId, readErrors, (rg, name) => network.routeTables.get(rg, name));
  if (rt) out.routeTable = routeTableEvidence(rt);
  out.nodeNsg = await readNsg(network, out.nodeSubnet?.nsgId, readErrors);
  out.bastionSubnet = out.nodeVnet?.subnets.find((s) => s.name === 'AzureBastionSubnet');
  out.bastionNsg = await readNsg(network, out.bastionSubnet?.nsgId, readErrors);

  const firewalls = await readFirewalls(network, [...new Set([vnetId.resourceGroup, ...fallbackGroups])], readErrors);
  out.firewalls = firewalls.map(firewallEvidence);
  const nextHop = out.routeTable?.routes.find((r) => r.addressPrefix === '0.0.0.0/0')?.nextHopIpAddress;
  const index = nextHop ? out.firewalls.findIndex((f) => f.privateIp === nextHop) : -1;
  if (index >= 0) {
    out.firewall = await withPublicIps(network, firewalls[index]!, out.firewalls[index]!, readErrors);
    out.firewallPolicy = await readPolicy(network, out.firewall.policyId, readErrors);
  }
  return out;
}

/** Every firewall in the subscription; if listing the subscription is refused, those of the given groups. */
async function readFirewalls(network: NetworkManagementClient, groups: string[], readErrors: string[]): Promise<AzureFirewall[]> {
  const all = await tryRead('firewalls in the subscription', [], () => collectAll(network.azureFirewalls.listAll()));
  if (all) return all;
  const perGroup = await Promise.all(
    groups.map((g) => tryRead(`firewalls in ${g}`, readErrors, () => collectAll(network.azureFirewalls.list(g)))),
  );
  return perGroup.flatMap((x) => x ?? []);
}

async function withPublicIps(
  network: NetworkManagementClient,
  fw: AzureFirewall,
  evidence: FirewallEvidence,
  readErrors: string[],
): Promise<FirewallEvidence> {
  const ids = (fw.ipConfigurations ?? []).map((c) => parseArmId(c.publicIPAddress?.id)).filter((x) => !!x);
  const ips = await Promise.all(
    ids.map((id) => tryRead(`public IP ${id.name}`, readErrors, () => network.publicIPAddresses.get(id.resourceGroup, id.name))),
  );
  return { ...evidence, publicIps: ips.map((p) => p?.ipAddress).filter((x): x is string => !!x) };
}

async function readPolicy(
  network: NetworkManagementClient,
  policyId: string | undefined,
  readErrors: string[],
): Promise<FirewallPolicyEvidence | undefined> {
  const policy = await readNamed('firewall policy', policyId, readErrors, (rg, name) => network.firewallPolicies.get(rg, name));
  const id = parseArmId(policyId);
  if (!policy || !id) return undefined;
  const groups = await tryRead(`rule collection groups of ${id.name}`, readErrors, () =>
    collectAll(network.firewallPolicyRuleCollectionGroups.list(id.resourceGroup, id.name)),
  );
  return {
    id: policy.id ?? policyId!,
    name: policy.name ?? id.name,
    dnsProxyEnabled: policy.dnsSettings?.enableProxy,
    basePolicyId: policy.basePolicy?.id,
    ruleCollectionGroups: (groups ?? []).map(ruleCollectionGroupEvidence),
  };
}
