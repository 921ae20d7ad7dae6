/**
 * Firewall policy rule collection groups: an LRO of about 90 Azure seconds that updates every firewall
 * using the policy. One change at a time per policy (409 AnotherOperationInProgress otherwise). Rule
 * shapes are checked lightly: the fields a rule cannot work without.
 */
import type { ArmResource, EmulatorContext, Route } from '../../core/contract.js';
import { checkName, newEtag, writableProperties } from './common.js';
import { childRoutes, type ChildKind } from './child.js';
import { badRequest } from './errors.js';
import { T } from './ids.js';
import { policyKind } from './firewall-policy.js';
import { assertPolicyFirewallsIdle } from './dependencies.js';

const nonEmpty = (v: unknown) => Array.isArray(v) && v.length > 0;

function ruleProblem(rule: any, proxyEnabled: boolean): string | undefined {
  if (typeof rule?.name !== 'string' || rule.name === '') return 'a rule has no name';
  switch (rule.ruleType) {
    case 'ApplicationRule':
      if (!nonEmpty(rule.protocols) && !nonEmpty(rule.fqdnTags)) return `application rule ${rule.name} has no protocols`;
      if (![rule.targetFqdns, rule.fqdnTags, rule.targetUrls, rule.webCategories].some(nonEmpty))
        return `application rule ${rule.name} has no targetFqdns, fqdnTags, targetUrls or webCategories`;
      if (![rule.sourceAddresses, rule.sourceIpGroups].some(nonEmpty))
        return `application rule ${rule.name} has no sourceAddresses or sourceIpGroups`;
      return undefined;
    case 'NetworkRule':
      if (!nonEmpty(rule.ipProtocols)) return `network rule ${rule.name} has no ipProtocols`;
      if (!nonEmpty(rule.destinationPorts)) return `network rule ${rule.name} has no destinationPorts`;
      if (![rule.destinationAddresses, rule.destinationFqdns, rule.destinationIpGroups].some(nonEmpty))
        return `network rule ${rule.name} has no destination`;
      if (![rule.sourceAddresses, rule.sourceIpGroups].some(nonEmpty))
        return `network rule ${rule.name} has no sourceAddresses or sourceIpGroups`;
      if (nonEmpty(rule.destinationFqdns) && !proxyEnabled) return `proxy:network rule ${rule.name} uses destinationFqdns`;
      return undefined;
    case 'NatRule':
      return rule.translatedAddress || rule.translatedFqdn ? undefined : `NAT rule ${rule.name} has no translatedAddress or translatedFqdn`;
    default:
      return `rule ${rule.name} has ruleType '${rule.ruleType}' (use ApplicationRule, NetworkRule or NatRule)`;
  }
}

function collectionProblem(c: any, proxyEnabled: boolean): string | undefined {
  if (typeof c?.name !== 'string' || c.name === '') return 'a rule collection has no name';
  if (!['FirewallPolicyFilterRuleCollection', 'FirewallPolicyNatRuleCollection'].includes(c.ruleCollectionType)) {
    return `rule collection ${c.name} has ruleCollectionType '${c.ruleCollectionType}'`;
  }
  const priority = Number(c.priority);
  if (!Number.isInteger(priority) || priority < 100 || priority > 65000)
    return `rule collection ${c.name} has priority ${c.priority} (allowed 100-65000)`;
  const names = new Set<string>();
  for (const rule of c.rules ?? []) {
    const problem = ruleProblem(rule, proxyEnabled);
    if (problem) return problem;
    if (names.has(String(rule.name).toLowerCase())) return `rule collection ${c.name} has two rules named ${rule.name}`;
    names.add(String(rule.name).toLowerCase());
  }
  return undefined;
}

export function buildRuleCollectionGroup(ctx: EmulatorContext, policy: ArmResource, name: string, body: any): ArmResource {
  checkName(name, 'rule collection group');
  const id = `${policy.id}/ruleCollectionGroups/${name}`;
  const props = writableProperties(body, ['size']);
  const priority = Number(props.priority);
  if (!Number.isInteger(priority) || priority < 100 || priority > 65000) {
    throw badRequest(
      'FirewallPolicyRuleCollectionGroupInvalidPriority',
      `Rule collection group ${name} has priority ${props.priority}; use 100-65000.`,
      id,
    );
  }
  const proxyEnabled = policy.properties?.dnsSettings?.enableProxy === true;
  const names = new Set<string>();
  for (const c of props.ruleCollections ?? []) {
    let problem = collectionProblem(c, proxyEnabled);
    if (!problem && names.has(String(c.name).toLowerCase())) problem = `two rule collections are named ${c.name}`;
    if (problem?.startsWith('proxy:')) {
      throw badRequest(
        'FirewallPolicyNetworkRuleWithFqdnRequiresDnsProxy',
        `In rule collection group ${name}, ${problem.slice(6)}, which needs DNS proxy: set dnsSettings.enableProxy=true on firewall policy ${policy.name} first.`,
        id,
      );
    }
    if (problem)
      throw badRequest(
        'InvalidFirewallPolicyRuleCollectionGroup',
        `Rule collection group ${name} is invalid: ${problem}. Fix the rule and send it again.`,
        id,
      );
    names.add(String(c.name).toLowerCase());
  }
  const ruleCollections = (props.ruleCollections ?? []).map((c: any) => ({ ...c, rules: (c.rules ?? []).map(withEmptyLists) }));
  const size = `${(JSON.stringify(props).length / 1024 / 1024).toFixed(4)}MB`;
  // A group answers with its policy's location, as real GETs show.
  return {
    id,
    name,
    type: T.ruleCollectionGroup,
    location: policy.location,
    etag: newEtag(ctx),
    properties: { ...props, ruleCollections, size },
  };
}

/**
 * Azure answers every list a rule type has, empty when not sent: a network rule's
 * `destinationFqdns`, `destinationIpGroups` and `sourceIpGroups` (seen in real rule collection group
 * GETs, e.g. the network rule listing in demisto/content Packs/AzureFirewall/Integrations/AzureFirewall/README.md).
 */
const EMPTY_LISTS: Record<string, string[]> = {
  NetworkRule: ['sourceAddresses', 'sourceIpGroups', 'destinationAddresses', 'destinationIpGroups', 'destinationFqdns'],
  ApplicationRule: ['sourceAddresses', 'sourceIpGroups', 'targetFqdns', 'fqdnTags', 'targetUrls', 'webCategories'],
};

function withEmptyLists(rule: any): any {
  const defaults = Object.fromEntries((EMPTY_LISTS[rule?.ruleType] ?? []).map((k) => [k, []]));
  return { ...defaults, ...rule };
}

export const ruleCollectionGroupKind: ChildKind = {
  parent: policyKind,
  type: T.ruleCollectionGroup,
  segment: 'ruleCollectionGroups',
  param: 'ruleCollectionGroupName',
  azureSeconds: 'rule-collection-group-write',
  deleteSeconds: 60,
  whenParentBusy: 'conflict',
  assertWritable: (ctx, policy, id) => assertPolicyFirewallsIdle(ctx, policy.id, id),
  build: buildRuleCollectionGroup,
};

export const ruleCollectionGroupRoutes: Route[] = childRoutes(ruleCollectionGroupKind);
