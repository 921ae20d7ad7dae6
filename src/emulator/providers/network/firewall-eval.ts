/**
 * The one Azure Firewall rule evaluator of the emulator (firewall policy rule collection groups), and the
 * address/port matchers NSG evaluation shares with it. Pure: callers gather the rule collection groups.
 *
 * Azure's order: every network rule before any application rule, whatever their priorities; within each
 * kind, rule collection groups by priority, then their filter collections by priority, then rules in
 * order; the first matching rule decides with its collection's action; nothing matched: deny.
 */
import { containsIp, parseIp, parseRange } from '../../core/ip.js';

/** A connection as the firewall sees it. */
export interface Flow {
  sourceIp: string;
  /** Host name (application rules, FQDN network rules) or an IP address. */
  host: string;
  port: number;
  protocol: 'TCP' | 'UDP';
  /** Http or Https when the client speaks it (application rules only see these). */
  scheme?: 'Http' | 'Https';
}

/** A firewall as the evaluator needs it: its private IP and its policy's rule collection groups. */
export interface FirewallView {
  name: string;
  privateIp: string;
  /** ARM shape of each group's properties: priority and ruleCollections. */
  ruleCollectionGroups: Array<{ name: string; priority: number; ruleCollections: any[] }>;
}

export interface FirewallDecision {
  allowed: boolean;
  /** The rule that decided; absent when nothing matched (default deny). */
  rule?: { group: string; collection: string; name: string };
  /** Worded like Azure Firewall's log (the text curl shows for a denied HTTP request). */
  reason: string;
}

/**
 * What the AzureKubernetesService FQDN tag covers here. Users report the real tag lags behind new AKS
 * endpoints, so packages.aks.azure.com is left out on purpose: only an explicit rule allows it (the
 * product must use the tag AND the explicit list).
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

/** `*` matches everything; `*.example.com` matches subdomains only (not example.com); case-insensitive. */
export function fqdnMatches(pattern: string, host: string): boolean {
  const p = pattern.trim().toLowerCase();
  const h = host.toLowerCase();
  if (p === '*') return true;
  if (p.startsWith('*.')) return h.endsWith(p.slice(1)) && h.length > p.length - 1;
  return p === h;
}

/** `*`, a single port or a `lo-hi` range. */
export function portMatches(spec: string | number, port: number): boolean {
  const text = String(spec).trim();
  if (text === '*') return true;
  const [lo, hi = lo] = text.split('-').map(Number);
  return port >= lo && port <= hi;
}

export function isPrivateIp(ip: number): boolean {
  return ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].some((c) => containsIp(parseRange(c)!, ip));
}

/**
 * A destination address spec (`*`, `Any`, the `Internet` service tag, an address or range) against a
 * target address; `undefined` is a host name whose public address is unknown (it is on the Internet).
 * Other service tags match nothing: the emulator cannot place an address inside them.
 */
export function addressMatches(spec: string, targetIp: number | undefined): boolean {
  const s = spec.trim();
  if (s === '*' || s.toLowerCase() === 'any') return true;
  if (s.toLowerCase() === 'internet') return targetIp === undefined || !isPrivateIp(targetIp);
  const range = parseRange(s);
  return range !== undefined && targetIp !== undefined && containsIp(range, targetIp);
}

function sourceMatches(rule: any, sourceIp: number): boolean {
  const sources: string[] = rule.sourceAddresses ?? [];
  // IP groups are not modelled: a rule scoped to them is taken to include the source.
  if (sources.length === 0) return (rule.sourceIpGroups ?? []).length > 0;
  return sources.some((s) => s.trim() === '*' || (parseRange(s) !== undefined && containsIp(parseRange(s)!, sourceIp)));
}

function networkRuleMatches(rule: any, flow: Flow, targetIp: number | undefined): boolean {
  const protocols: string[] = (rule.ipProtocols ?? []).map((p: string) => p.toUpperCase());
  if (!protocols.includes('ANY') && !protocols.includes(flow.protocol)) return false;
  if (!(rule.destinationPorts ?? []).some((p: string) => portMatches(p, flow.port))) return false;
  const byAddress = (rule.destinationAddresses ?? []).some((a: string) => addressMatches(a, targetIp));
  const byFqdn = targetIp === undefined && (rule.destinationFqdns ?? []).some((f: string) => fqdnMatches(f, flow.host));
  return byAddress || byFqdn;
}

function applicationRuleMatches(rule: any, flow: Flow, region: string): boolean {
  if (!flow.scheme || flow.protocol !== 'TCP') return false;
  const tags: string[] = (rule.fqdnTags ?? []).map((t: string) => t.toLowerCase());
  // A rule of FQDN tags alone (no protocols) is taken as HTTPS on 443.
  const protocols: any[] = rule.protocols?.length ? rule.protocols : tags.length ? [{ protocolType: 'Https', port: 443 }] : [];
  const protocolOk = protocols.some(
    (p) => String(p.protocolType).toLowerCase() === flow.scheme!.toLowerCase() && Number(p.port) === flow.port,
  );
  if (!protocolOk) return false;
  const patterns: string[] = [...(rule.targetFqdns ?? []), ...(tags.includes('azurekubernetesservice') ? aksFqdnTag(region) : [])];
  return patterns.some((p) => fqdnMatches(p, flow.host));
}

function orderedCollections(groups: FirewallView['ruleCollectionGroups']): Array<{ group: string; collection: any }> {
  return [...groups]
    .sort((a, b) => a.priority - b.priority)
    .flatMap((g) =>
      [...(g.ruleCollections ?? [])]
        .filter((c) => c.ruleCollectionType === 'FirewallPolicyFilterRuleCollection')
        .sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0))
        .map((collection) => ({ group: g.name, collection })),
    );
}

/** The firewall's decision on a flow (`region` picks the regional names the AKS FQDN tag covers). */
export function evaluateFirewall(firewall: FirewallView, flow: Flow, region: string): FirewallDecision {
  const sourceIp = parseIp(flow.sourceIp) ?? 0;
  const targetIp = parseIp(flow.host);
  const collections = orderedCollections(firewall.ruleCollectionGroups);
  for (const kind of ['NetworkRule', 'ApplicationRule'] as const) {
    for (const { group, collection } of collections) {
      for (const rule of collection.rules ?? []) {
        if (rule.ruleType !== kind || !sourceMatches(rule, sourceIp)) continue;
        const hit = kind === 'NetworkRule' ? networkRuleMatches(rule, flow, targetIp) : applicationRuleMatches(rule, flow, region);
        if (!hit) continue;
        const where = `rule collection group ${group}, collection ${collection.name}, rule ${rule.name}`;
        const decided = { group, collection: collection.name, name: rule.name };
        return String(collection.action?.type).toLowerCase() === 'deny'
          ? { allowed: false, rule: decided, reason: `Action: Deny. Rule: ${where}.` }
          : { allowed: true, rule: decided, reason: `Allowed by firewall ${firewall.name}: ${where}.` };
      }
    }
  }
  return { allowed: false, reason: 'Action: Deny. Reason: No rule matched. Proceeding with default action.' };
}
