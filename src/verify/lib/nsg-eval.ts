import type { NsgEvidence, NsgRuleEvidence } from '../evidence.js';
import { cidrContains, isAnyPrefix, portIncludes } from './ip.js';

/**
 * Evaluates NSG rules the way Azure does: lowest priority number first, first match wins, then the
 * default rules every NSG carries. Used to ask "is this flow allowed?" instead of pattern-matching rule
 * names, so an audit is right whatever the rules are called.
 */

/** One side of a flow: service tags it belongs to, an address range, whether it is inside the VNet. */
export interface FlowEnd {
  tags?: string[];
  cidr?: string;
  inVnet?: boolean;
}

export interface Flow {
  direction: 'Inbound' | 'Outbound';
  protocol: 'Tcp' | 'Udp';
  port: number;
  source: FlowEnd;
  destination: FlowEnd;
}

const DEFAULT_RULES: NsgRuleEvidence[] = [
  rule('AllowVnetInBound', 'Inbound', 'Allow', 65000, ['VirtualNetwork'], ['VirtualNetwork']),
  rule('AllowAzureLoadBalancerInBound', 'Inbound', 'Allow', 65001, ['AzureLoadBalancer'], ['*']),
  rule('DenyAllInBound', 'Inbound', 'Deny', 65500, ['*'], ['*']),
  rule('AllowVnetOutBound', 'Outbound', 'Allow', 65000, ['VirtualNetwork'], ['VirtualNetwork']),
  rule('AllowInternetOutBound', 'Outbound', 'Allow', 65001, ['*'], ['Internet']),
  rule('DenyAllOutBound', 'Outbound', 'Deny', 65500, ['*'], ['*']),
];

function rule(name: string, direction: string, access: string, priority: number, src: string[], dst: string[]): NsgRuleEvidence {
  return { name, direction, access, priority, protocol: '*', sourcePrefixes: src, destinationPrefixes: dst, destinationPorts: ['*'] };
}

export function prefixMatches(prefix: string, end: FlowEnd): boolean {
  if (isAnyPrefix(prefix)) return true;
  const p = prefix.trim().toLowerCase();
  if (p === 'virtualnetwork') return !!end.inVnet;
  if (/^[\d.]+(\/\d+)?$/.test(p)) return !!end.cidr && cidrContains(p, end.cidr);
  return (end.tags ?? []).some((t) => t.toLowerCase() === p);
}

function ruleMatches(r: NsgRuleEvidence, flow: Flow): boolean {
  if (r.direction.toLowerCase() !== flow.direction.toLowerCase()) return false;
  const proto = r.protocol.toLowerCase();
  if (proto !== '*' && proto !== 'any' && proto !== flow.protocol.toLowerCase()) return false;
  if (!r.destinationPorts.some((p) => portIncludes(p, flow.port))) return false;
  return (
    r.sourcePrefixes.some((p) => prefixMatches(p, flow.source)) && r.destinationPrefixes.some((p) => prefixMatches(p, flow.destination))
  );
}

/** The rule that decides the flow (a custom rule or one of Azure's defaults). */
export function decidingRule(nsg: NsgEvidence | undefined, flow: Flow): NsgRuleEvidence {
  const ordered = [...(nsg?.rules ?? [])].sort((a, b) => a.priority - b.priority);
  return [...ordered, ...DEFAULT_RULES].find((r) => ruleMatches(r, flow)) ?? DEFAULT_RULES[2]!;
}

export function isAllowed(nsg: NsgEvidence | undefined, flow: Flow): boolean {
  return decidingRule(nsg, flow).access.toLowerCase() === 'allow';
}

export function describeFlow(flow: Flow): string {
  const end = (e: FlowEnd) => e.cidr ?? e.tags?.[0] ?? (e.inVnet ? 'VirtualNetwork' : '*');
  return `${flow.direction} ${flow.protocol.toUpperCase()}/${flow.port} ${end(flow.source)} -> ${end(flow.destination)}`;
}
