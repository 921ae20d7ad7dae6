import type {
  AppRuleEvidence,
  FirewallPolicyEvidence,
  FirewallRuleEvidence,
  NetworkRuleEvidence,
  RuleCollectionEvidence,
} from '../evidence.js';
import { cidrContains, isAnyPrefix, portIncludes, portIsAll } from './ip.js';

/**
 * Reads a firewall policy the way Azure Firewall applies it: rule collection groups by priority, then rule
 * collections by priority (lower number first); the first collection with a matching rule decides.
 */

export interface OrderedCollection {
  group: string;
  collection: RuleCollectionEvidence;
}

export function orderedCollections(policy: FirewallPolicyEvidence | undefined): OrderedCollection[] {
  const groups = [...(policy?.ruleCollectionGroups ?? [])].sort((a, b) => a.priority - b.priority);
  return groups.flatMap((g) =>
    [...g.ruleCollections].sort((a, b) => a.priority - b.priority).map((collection) => ({ group: g.name, collection })),
  );
}

export const isAppRule = (r: { ruleType: string }): r is AppRuleEvidence => r.ruleType === 'ApplicationRule';
export const isNetworkRule = (r: { ruleType: string }): r is NetworkRuleEvidence => r.ruleType === 'NetworkRule';
export const isAllow = (c: RuleCollectionEvidence) => (c.action ?? '').toLowerCase() === 'allow';

/** Does a rule's FQDN pattern cover `fqdn` (which may itself be a `*.` wildcard)? */
export function fqdnPatternCovers(pattern: string, fqdn: string): boolean {
  const p = pattern.trim().toLowerCase();
  const f = fqdn.trim().toLowerCase();
  if (p === '*' || p === f) return true;
  if (!p.startsWith('*.')) return false;
  const suffix = p.slice(2);
  const name = f.startsWith('*.') ? f.slice(2) : f;
  // `*.mcr.microsoft.com` covers `*.data.mcr.microsoft.com` and `x.mcr.microsoft.com`, not the apex.
  return f.startsWith('*.') ? name === suffix || name.endsWith(`.${suffix}`) : name.endsWith(`.${suffix}`);
}

/** A wildcard that lets a pod reach most of the Internet: `*` or `*.<tld>`. */
export function isBroadFqdnPattern(pattern: string): boolean {
  const p = pattern.trim();
  return p === '*' || /^\*\.[^.]+$/.test(p);
}

function sourceCovers(rule: { sourceAddresses: string[]; sourceIpGroups: string[] }, sourceCidrs: string[]): boolean {
  // IP groups are not resolved: give them the benefit of the doubt rather than report a false failure.
  if (rule.sourceIpGroups.length > 0) return true;
  if (sourceCidrs.length === 0) return rule.sourceAddresses.length > 0;
  return sourceCidrs.every((cidr) => rule.sourceAddresses.some((a) => isAnyPrefix(a) || cidrContains(a, cidr)));
}

export interface FqdnRequest {
  fqdn: string;
  protocol: 'Https' | 'Http';
  port: number;
  /** The node subnet's prefixes: the rule must apply to traffic from them. */
  sourceCidrs: string[];
}

function appRuleMatches(rule: AppRuleEvidence, req: FqdnRequest): boolean {
  const protocolOk = rule.protocols.some((p) => p.type.toLowerCase() === req.protocol.toLowerCase() && (p.port ?? req.port) === req.port);
  return protocolOk && rule.targetFqdns.some((t) => fqdnPatternCovers(t, req.fqdn)) && sourceCovers(rule, req.sourceCidrs);
}

function networkRuleMatches(rule: NetworkRuleEvidence, req: FqdnRequest): boolean {
  const protocolOk = rule.ipProtocols.some((p) => ['tcp', 'any'].includes(p.toLowerCase()));
  return (
    protocolOk &&
    rule.destinationPorts.some((p) => portIncludes(p, req.port)) &&
    rule.destinationFqdns.some((d) => fqdnPatternCovers(d, req.fqdn)) &&
    sourceCovers(rule, req.sourceCidrs)
  );
}

/**
 * Whether the policy lets this FQDN through, and which collection decided. Network rules are processed
 * before application rules, whatever their priorities. FQDN tags are not counted: the
 * AzureKubernetesService tag has lagged behind new endpoints, so each name must be explicit.
 */
export function fqdnDecision(policy: FirewallPolicyEvidence | undefined, req: FqdnRequest): { allowed: boolean; by?: string } {
  const collections = orderedCollections(policy);
  const passes = [
    (r: FirewallRuleEvidence) => isNetworkRule(r) && networkRuleMatches(r, req),
    (r: FirewallRuleEvidence) => isAppRule(r) && appRuleMatches(r, req),
  ];
  for (const matches of passes) {
    for (const { group, collection } of collections) {
      if (collection.rules.some(matches)) return { allowed: isAllow(collection), by: `${group}/${collection.name}` };
    }
  }
  return { allowed: false };
}

export function usesFqdnTag(policy: FirewallPolicyEvidence | undefined, tag: string): boolean {
  return orderedCollections(policy).some(
    ({ collection }) =>
      isAllow(collection) && collection.rules.some((r) => isAppRule(r) && r.fqdnTags.some((t) => t.toLowerCase() === tag.toLowerCase())),
  );
}

export function isAnyDestination(rule: NetworkRuleEvidence): boolean {
  return rule.destinationAddresses.some(isAnyPrefix) || rule.destinationFqdns.some((f) => f.trim() === '*');
}

export function coversAllPorts(rule: NetworkRuleEvidence): boolean {
  return rule.destinationPorts.some(portIsAll);
}

export function allowsPort(rule: NetworkRuleEvidence, protocol: 'TCP' | 'UDP', port: number): boolean {
  const protocolOk = rule.ipProtocols.some((p) => [protocol.toLowerCase(), 'any'].includes(p.toLowerCase()));
  return protocolOk && rule.destinationPorts.some((p) => portIncludes(p, port));
}
