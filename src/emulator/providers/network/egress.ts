/**
 * Pure read helpers for other providers: how a subnet routes a destination (user routes over system
 * routes, longest prefix wins), which firewall sits at a next-hop IP, and whether that firewall's policy
 * lets a flow out. The container service provider uses them for AKS's UDR checks and egress probes.
 */
import type { ArmResource, Store } from '../../core/contract.js';
import { checkCidr, checkIp, containsIp } from '../../../config/cidr.js';
import { ofType } from './common.js';
import { T, parentIdOf, refId } from './ids.js';

/** The route table associated with a subnet, with its routes, or undefined. */
export function routeTableOfSubnet(store: Store, subnetId: string): ArmResource | undefined {
  const tableId = refId(store.get(subnetId)?.properties?.routeTable);
  const table = tableId ? store.get(tableId) : undefined;
  if (!table) return undefined;
  return { ...table, properties: { ...table.properties, routes: store.children(table.id, T.route) } };
}

export interface EffectiveRoute {
  addressPrefix: string;
  nextHopType: string;
  nextHopIpAddress?: string;
  source: 'User' | 'Default';
}

/** The route a packet from `subnetId` to `destinationIp` takes. */
export function effectiveRoute(store: Store, subnetId: string, destinationIp: string): EffectiveRoute {
  const dest = checkIp(destinationIp);
  if (!dest.ok) throw new RangeError(`${destinationIp} is not an IPv4 address.`);
  const vnet = store.get(parentIdOf(subnetId));
  const candidates: EffectiveRoute[] = [
    { addressPrefix: '0.0.0.0/0', nextHopType: 'Internet', source: 'Default' },
    ...(vnet?.properties?.addressSpace?.addressPrefixes ?? []).map((p: string) => ({ addressPrefix: p, nextHopType: 'VnetLocal', source: 'Default' as const })),
    ...(routeTableOfSubnet(store, subnetId)?.properties?.routes ?? []).map((r: ArmResource) => ({
      addressPrefix: r.properties?.addressPrefix,
      nextHopType: r.properties?.nextHopType,
      ...(r.properties?.nextHopIpAddress ? { nextHopIpAddress: r.properties.nextHopIpAddress } : {}),
      source: 'User' as const,
    })),
  ];
  let best: { route: EffectiveRoute; prefix: number } | undefined;
  for (const route of candidates) {
    const cidr = checkCidr(String(route.addressPrefix));
    if (!cidr.ok || !containsIp(cidr.value, dest.value)) continue;
    const better = !best || cidr.value.prefix > best.prefix || (cidr.value.prefix === best.prefix && route.source === 'User');
    if (better) best = { route, prefix: cidr.value.prefix };
  }
  return best!.route;
}

/** The private IP of a firewall (its first ip configuration's), as ARM reports it. */
export function firewallPrivateIp(firewall: ArmResource): string | undefined {
  return firewall.properties?.ipConfigurations?.[0]?.properties?.privateIPAddress;
}

/** The firewall whose private IP is `ip`, if any. */
export function firewallAtIp(store: Store, ip: string): ArmResource | undefined {
  return ofType(store, T.firewall).find((f) => firewallPrivateIp(f) === ip);
}

/**
 * What the AzureKubernetesService FQDN tag covers here. Users report the real tag lags behind new AKS
 * endpoints; packages.aks.azure.com is left out on purpose so only explicit rules allow it.
 */
const AKS_TAG_FQDNS = ['mcr.microsoft.com', '*.data.mcr.microsoft.com', 'mcr-0001.mcr-msedge.net', 'management.azure.com', 'login.microsoftonline.com', 'packages.microsoft.com', 'acs-mirror.azureedge.net', '*.hcp.*.azmk8s.io'];

export interface Flow {
  sourceIp: string;
  /** For HTTP(S) flows matched by application rules. */
  fqdn?: string;
  destinationIp?: string;
  protocol: 'Http' | 'Https' | 'TCP' | 'UDP';
  port: number;
}

export interface Verdict {
  allowed: boolean;
  /** `<group>/<collection>/<rule>` that decided, when one did. */
  rule?: string;
  reason: string;
}

function fqdnMatches(pattern: string, fqdn: string): boolean {
  const re = new RegExp(`^${pattern.toLowerCase().split('.').map((l) => (l === '*' ? '[^.]+(?:\\.[^.]+)*' : l.replace(/[^a-z0-9-]/g, '\\$&'))).join('\\.')}$`);
  return pattern === '*' || re.test(fqdn.toLowerCase());
}

function addressMatches(list: string[] | undefined, ip: string | undefined): boolean {
  return (list ?? []).some((a) => {
    if (a === '*') return true;
    if (!ip) return false;
    const parsed = checkIp(ip);
    const cidr = checkCidr(a.includes('/') ? a : `${a}/32`);
    return parsed.ok && cidr.ok && containsIp(cidr.value, parsed.value);
  });
}

function portMatches(ports: string[] | undefined, port: number): boolean {
  return (ports ?? []).some((p) => {
    if (p === '*') return true;
    const [lo, hi = lo] = String(p).split('-').map(Number);
    return port >= lo && port <= hi;
  });
}

function ruleMatches(rule: any, flow: Flow, application: boolean): boolean {
  if (!addressMatches(rule.sourceAddresses, flow.sourceIp)) return false;
  if (application) {
    if (!flow.fqdn || !(flow.protocol === 'Http' || flow.protocol === 'Https')) return false;
    const protoOk = (rule.protocols ?? []).some((p: any) => p.protocolType === flow.protocol && Number(p.port) === flow.port) || (rule.fqdnTags?.length && !rule.protocols?.length && flow.port === 443);
    const targets: string[] = [...(rule.targetFqdns ?? []), ...((rule.fqdnTags ?? []).includes('AzureKubernetesService') ? AKS_TAG_FQDNS : [])];
    return !!protoOk && targets.some((t) => fqdnMatches(t, flow.fqdn!));
  }
  const proto = flow.protocol === 'UDP' ? 'UDP' : 'TCP';
  if (!(rule.ipProtocols ?? []).some((p: string) => p === 'Any' || p.toUpperCase() === proto)) return false;
  if (!portMatches(rule.destinationPorts, flow.port)) return false;
  return addressMatches(rule.destinationAddresses, flow.destinationIp) || (!!flow.fqdn && (rule.destinationFqdns ?? []).some((f: string) => fqdnMatches(f, flow.fqdn!)));
}

/** Azure Firewall's order: network rules before application rules; within each, group then collection priority. */
export function firewallAllows(store: Store, firewall: ArmResource, flow: Flow): Verdict {
  const policyId = refId(firewall.properties?.firewallPolicy);
  if (!policyId) return { allowed: false, reason: `firewall ${firewall.name} has no firewall policy, so it denies everything` };
  const groups = store.children(policyId, T.ruleCollectionGroup).sort((a, b) => a.properties?.priority - b.properties?.priority);
  for (const ruleType of ['NetworkRule', 'ApplicationRule']) {
    for (const g of groups) {
      const collections = [...(g.properties?.ruleCollections ?? [])]
        .filter((c: any) => c.ruleCollectionType === 'FirewallPolicyFilterRuleCollection')
        .sort((a: any, b: any) => a.priority - b.priority);
      for (const c of collections) {
        const hit = (c.rules ?? []).find((r: any) => r.ruleType === ruleType && ruleMatches(r, flow, ruleType === 'ApplicationRule'));
        if (hit) {
          const allowed = c.action?.type === 'Allow';
          return { allowed, rule: `${g.name}/${c.name}/${hit.name}`, reason: `${allowed ? 'allowed' : 'denied'} by rule ${g.name}/${c.name}/${hit.name}` };
        }
      }
    }
  }
  return { allowed: false, reason: `no rule of firewall policy ${policyId.split('/').pop()} matches; Azure Firewall denies by default` };
}
