/**
 * Decides whether a connection from a node subnet reaches its destination, the way Azure would: the
 * subnet NSG's outbound rules (they match the ORIGINAL destination, so "deny Internet" also blocks
 * firewall-bound traffic), then the route table (longest prefix), then, for a virtual-appliance next hop,
 * the Azure Firewall policy (network rules before application rules, each by rule collection group then
 * rule collection priority, first match wins, default deny). Pure: the caller gathers the inputs.
 */
import { cidrContains, ipToInt, parseCidr } from './cidr.js';

export interface EgressTarget {
  /** Host name (application rules, FQDN network rules) or an IP address. */
  host: string;
  port: number;
  protocol: 'TCP' | 'UDP';
  /** Http or Https when the client speaks it (application rules only see these). */
  scheme?: 'Http' | 'Https';
}

export interface RouteEntry {
  name?: string;
  addressPrefix: string;
  nextHopType: string;
  nextHopIpAddress?: string;
}

export interface NsgRule {
  name: string;
  priority: number;
  direction: string;
  access: string;
  protocol: string;
  destinationAddressPrefix?: string;
  destinationAddressPrefixes?: string[];
  destinationPortRange?: string;
  destinationPortRanges?: string[];
}

export interface FirewallView {
  name: string;
  privateIp: string;
  /** Rule collection groups of the firewall's policy (ARM shape: properties.priority / ruleCollections). */
  ruleCollectionGroups: Array<{ name: string; priority: number; ruleCollections: any[] }>;
}

export interface EgressPath {
  sourceIp: string;
  region: string;
  routes: RouteEntry[];
  nsgRules: NsgRule[];
  /** false when the subnet was created without default outbound access (Azure's default since 2025). */
  defaultOutboundAccess: boolean;
  firewalls: FirewallView[];
}

export type EgressVerdict =
  | { allowed: true; via: 'firewall' | 'internet'; reason: string }
  | { allowed: false; blockedBy: 'nsg' | 'route' | 'firewall'; reason: string };

/**
 * The FQDNs the AzureKubernetesService firewall tag covers here. Users report the real tag lags behind
 * new AKS endpoints: packages.aks.azure.com is left out (as the network provider does) so only an
 * explicit rule allows it.
 */
export function aksFqdnTag(region: string): string[] {
  return [
    'mcr.microsoft.com',
    '*.data.mcr.microsoft.com',
    'mcr-0001.mcr-msedge.net',
    'management.azure.com',
    'login.microsoftonline.com',
    'packages.microsoft.com',
    'acs-mirror.azureedge.net',
    `*.hcp.${region}.azmk8s.io`,
  ];
}

export function fqdnMatches(pattern: string, host: string): boolean {
  const p = pattern.trim().toLowerCase();
  const h = host.toLowerCase();
  if (p === '*') return true;
  if (p.startsWith('*.')) return h.endsWith(p.slice(1)) && h.length > p.length - 1;
  return p === h;
}

function portMatches(spec: string | number, port: number): boolean {
  const text = String(spec).trim();
  if (text === '*') return true;
  const [lo, hi] = text.split('-').map(Number);
  return hi === undefined ? lo === port : port >= lo && port <= hi;
}

function addressMatches(spec: string, targetIp: number | undefined): boolean {
  const s = spec.trim();
  if (s === '*' || s.toLowerCase() === 'any') return true;
  if (s.toLowerCase() === 'internet') return targetIp === undefined || !isPrivate(targetIp);
  const cidr = parseCidr(s);
  if (cidr) return targetIp !== undefined && cidrContains(cidr, targetIp);
  // Service tags other than Internet match only an address we can place; an FQDN is never inside one.
  return false;
}

function isPrivate(ip: number): boolean {
  return ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].some((c) => cidrContains(parseCidr(c)!, ip));
}

function sourceMatches(rule: any, sourceIp: number): boolean {
  const sources: string[] = rule.sourceAddresses ?? [];
  if (sources.length === 0) return (rule.sourceIpGroups ?? []).length > 0;
  return sources.some((s) => s === '*' || (parseCidr(s) !== undefined && cidrContains(parseCidr(s)!, sourceIp)));
}

function evaluateNsg(rules: NsgRule[], target: EgressTarget, targetIp: number | undefined): NsgRule | undefined {
  const outbound = rules
    .filter((r) => r.direction?.toLowerCase() === 'outbound')
    .sort((a, b) => a.priority - b.priority);
  return outbound.find((r) => {
    const protocolOk = r.protocol === '*' || r.protocol?.toUpperCase() === target.protocol;
    const ports = r.destinationPortRanges?.length ? r.destinationPortRanges : [r.destinationPortRange ?? '*'];
    const addresses = r.destinationAddressPrefixes?.length ? r.destinationAddressPrefixes : [r.destinationAddressPrefix ?? '*'];
    return protocolOk && ports.some((p) => portMatches(p, target.port)) && addresses.some((a) => addressMatches(a, targetIp));
  });
}

function selectRoute(routes: RouteEntry[], targetIp: number | undefined): RouteEntry | undefined {
  // An FQDN resolves to a public address we cannot know; only routes covering everything apply to it.
  const candidates = routes.filter((r) => {
    const cidr = parseCidr(r.addressPrefix);
    if (!cidr) return false;
    return targetIp === undefined ? cidr.prefix === 0 : cidrContains(cidr, targetIp);
  });
  return candidates.sort((a, b) => parseCidr(b.addressPrefix)!.prefix - parseCidr(a.addressPrefix)!.prefix)[0];
}

function orderedCollections(firewall: FirewallView): Array<{ group: string; collection: any }> {
  return [...firewall.ruleCollectionGroups]
    .sort((a, b) => a.priority - b.priority)
    .flatMap((g) =>
      [...(g.ruleCollections ?? [])]
        .filter((c) => c.ruleCollectionType === 'FirewallPolicyFilterRuleCollection')
        .sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0))
        .map((collection) => ({ group: g.name, collection })),
    );
}

function networkRuleMatches(rule: any, target: EgressTarget, targetIp: number | undefined): boolean {
  const protocols: string[] = (rule.ipProtocols ?? []).map((p: string) => p.toUpperCase());
  if (!protocols.includes('ANY') && !protocols.includes(target.protocol)) return false;
  if (!(rule.destinationPorts ?? []).some((p: string) => portMatches(p, target.port))) return false;
  const byAddress = (rule.destinationAddresses ?? []).some((a: string) => addressMatches(a, targetIp));
  const byFqdn = targetIp === undefined && (rule.destinationFqdns ?? []).some((f: string) => fqdnMatches(f, target.host));
  return byAddress || byFqdn;
}

function applicationRuleMatches(rule: any, target: EgressTarget, region: string): boolean {
  if (!target.scheme || target.protocol !== 'TCP') return false;
  const protocolOk = (rule.protocols ?? []).some(
    (p: any) => p.protocolType?.toLowerCase() === target.scheme!.toLowerCase() && Number(p.port) === target.port,
  );
  if (!protocolOk) return false;
  const patterns: string[] = [...(rule.targetFqdns ?? [])];
  if ((rule.fqdnTags ?? []).some((t: string) => t.toLowerCase() === 'azurekubernetesservice')) patterns.push(...aksFqdnTag(region));
  return patterns.some((p) => fqdnMatches(p, target.host));
}

function evaluateFirewall(firewall: FirewallView, path: EgressPath, target: EgressTarget, targetIp: number | undefined): EgressVerdict {
  const sourceIp = ipToInt(path.sourceIp) ?? 0;
  const collections = orderedCollections(firewall);
  // Azure Firewall processes network rules before application rules, whatever their priorities.
  for (const kind of ['NetworkRule', 'ApplicationRule'] as const) {
    for (const { group, collection } of collections) {
      for (const rule of collection.rules ?? []) {
        if (rule.ruleType !== kind || !sourceMatches(rule, sourceIp)) continue;
        const hit = kind === 'NetworkRule' ? networkRuleMatches(rule, target, targetIp) : applicationRuleMatches(rule, target, path.region);
        if (!hit) continue;
        const where = `rule collection group ${group}, collection ${collection.name}, rule ${rule.name}`;
        return collection.action?.type === 'Deny'
          ? { allowed: false, blockedBy: 'firewall', reason: `Action: Deny. Rule: ${where}.` }
          : { allowed: true, via: 'firewall', reason: `Allowed by firewall ${firewall.name}: ${where}.` };
      }
    }
  }
  return { allowed: false, blockedBy: 'firewall', reason: 'Action: Deny. Reason: No rule matched. Proceeding with default action.' };
}

export function evaluateEgress(path: EgressPath, target: EgressTarget): EgressVerdict {
  const targetIp = ipToInt(target.host);
  const nsgHit = evaluateNsg(path.nsgRules, target, targetIp);
  if (nsgHit && nsgHit.access?.toLowerCase() === 'deny') {
    return { allowed: false, blockedBy: 'nsg', reason: `Outbound NSG rule ${nsgHit.name} (priority ${nsgHit.priority}) denies the traffic.` };
  }
  const route = selectRoute(path.routes, targetIp);
  const hop = route?.nextHopType ?? 'Internet';
  if (hop === 'Internet') {
    return path.defaultOutboundAccess
      ? { allowed: true, via: 'internet', reason: 'Routed directly to the Internet.' }
      : { allowed: false, blockedBy: 'route', reason: 'The subnet has no outbound Internet access (no default outbound access, NAT gateway or route to a firewall).' };
  }
  if (hop !== 'VirtualAppliance') {
    return { allowed: false, blockedBy: 'route', reason: `Route ${route?.name ?? route?.addressPrefix} sends the traffic to ${hop}, which does not reach the Internet.` };
  }
  const firewall = path.firewalls.find((f) => f.privateIp === route?.nextHopIpAddress);
  if (!firewall) {
    return { allowed: false, blockedBy: 'route', reason: `No firewall answers at the next hop ${route?.nextHopIpAddress ?? '(none)'} of route ${route?.name ?? route?.addressPrefix}.` };
  }
  return evaluateFirewall(firewall, path, target, targetIp);
}
