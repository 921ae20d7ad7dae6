import type {
  ApplicationRule,
  FirewallPolicyFilterRuleCollection,
  FirewallPolicyRuleCollectionGroup,
  FirewallPolicyRuleCollectionUnion,
  NetworkRule,
} from '@azure/arm-network';
import type { PropertyDiff } from '../../core/step.js';
import type { StepContext } from '../../engine/step.js';
import { sameId } from '../../azure/ids.js';
import {
  AKS_FQDN_TAG,
  AKS_REQUIRED_FQDN_RULES,
  JUMPHOST_FQDN_RULES,
  NODE_OS_UPDATE_FQDN_RULES,
  NTP_NETWORK_RULE,
  type FqdnRule,
} from '../../azure/egress-fqdns.js';
import type { CloudName } from '../../config/regions.js';
import { addonRuleCollections, isAddonCollection } from './addon-rules.js';
import { ADDON_KEYS, type AddonKey } from '../../config/addons.js';

export interface DesiredRuleGroup {
  name: string;
  priority: number;
  ruleCollections: FirewallPolicyFilterRuleCollection[];
}

const appRule = (r: FqdnRule, source: string): ApplicationRule => ({
  ruleType: 'ApplicationRule',
  name: r.name,
  sourceAddresses: [source],
  targetFqdns: r.fqdns,
  protocols: r.protocols.map((p) => ({ protocolType: p.type, port: p.port })),
});

const allow = (name: string, priority: number, rules: FirewallPolicyFilterRuleCollection['rules']): FirewallPolicyFilterRuleCollection => ({
  ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
  name,
  priority,
  action: { type: 'Allow' },
  rules,
});

/**
 * The rule collection groups step 4 owns. Sources are subnet CIDRs: with Azure CNI Overlay pod traffic
 * leaves SNATed to its node's IP, so the node subnet covers pods too. Each enabled add-on adds its own
 * collection to the AKS group (addon-rules.ts), and so does each add-on in `kept`.
 */
export function desiredRuleGroups(
  ctx: Pick<StepContext, 'config' | 'names'>,
  cloud: CloudName = 'AzureCloud',
  kept: readonly AddonKey[] = [],
): DesiredRuleGroup[] {
  const { config, names } = ctx;
  // `kept`: add-ons turned off whose collection stays until the cluster no longer runs them (step 5).
  const addons = ADDON_KEYS.filter((k) => config[k] === true || kept.includes(k));
  const nodes = config.nodeSubnetCidr;
  const networkRules: NetworkRule[] = [
    {
      ruleType: 'NetworkRule',
      name: NTP_NETWORK_RULE.name,
      ipProtocols: [NTP_NETWORK_RULE.protocol],
      sourceAddresses: [nodes],
      destinationFqdns: NTP_NETWORK_RULE.fqdns,
      destinationPorts: [String(NTP_NETWORK_RULE.port)],
    },
  ];
  const groups: DesiredRuleGroup[] = [
    {
      name: names.aksRuleCollectionGroup,
      priority: 200,
      ruleCollections: [
        allow('aks-network', 100, networkRules),
        allow('aks-application', 200, [
          {
            ruleType: 'ApplicationRule',
            name: 'aks-fqdn-tag',
            sourceAddresses: [nodes],
            fqdnTags: [AKS_FQDN_TAG],
            protocols: [
              { protocolType: 'Http', port: 80 },
              { protocolType: 'Https', port: 443 },
            ],
          },
          ...[...AKS_REQUIRED_FQDN_RULES, ...NODE_OS_UPDATE_FQDN_RULES].map((r) => appRule(r, nodes)),
        ]),
        ...addonRuleCollections(config, cloud, addons),
      ],
    },
  ];
  if (config.jumphost) {
    groups.push({
      name: names.jumphostRuleCollectionGroup,
      priority: 300,
      ruleCollections: [
        allow(
          'jumphost-application',
          100,
          JUMPHOST_FQDN_RULES.map((r) => appRule(r, config.jumphostSubnetCidr)),
        ),
      ],
    });
  }
  return groups;
}

/** A rule collection in a comparable form: lists sorted and lower-cased, only the fields we set. */
function normalize(c: FirewallPolicyRuleCollectionUnion): unknown {
  const lower = (xs: string[] | undefined) => (xs ?? []).map((x) => x.toLowerCase()).sort();
  const filter = c as FirewallPolicyFilterRuleCollection;
  return {
    type: c.ruleCollectionType,
    priority: c.priority,
    action: filter.action?.type?.toLowerCase(),
    rules: (filter.rules ?? [])
      .map((r) => {
        const a = r as Partial<Omit<ApplicationRule, 'ruleType'>> & Partial<Omit<NetworkRule, 'ruleType'>>;
        return {
          ruleType: r.ruleType,
          name: r.name?.toLowerCase(),
          sourceAddresses: lower(a.sourceAddresses),
          targetFqdns: lower(a.targetFqdns),
          fqdnTags: lower(a.fqdnTags),
          protocols: (a.protocols ?? []).map((p) => `${p.protocolType?.toLowerCase()}:${p.port}`).sort(),
          ipProtocols: lower(a.ipProtocols),
          destinationFqdns: lower(a.destinationFqdns),
          destinationAddresses: lower(a.destinationAddresses),
          destinationPorts: lower(a.destinationPorts),
        };
      })
      .sort((x, y) => (x.name ?? '').localeCompare(y.name ?? '')),
  };
}

/**
 * Collections of ours the group holds but should not: an add-on's collection once the add-on is off.
 * Only names step 4 owns count; collections a user added stay untouched.
 */
function unwanted(current: FirewallPolicyRuleCollectionGroup, want: DesiredRuleGroup): FirewallPolicyRuleCollectionUnion[] {
  return (current.ruleCollections ?? []).filter(
    (c) => isAddonCollection(c.name) && !want.ruleCollections.some((w) => sameId(w.name, c.name)),
  );
}

/** What differs in a group we own: its priority and each of our collections (user collections are ignored). */
export function ruleGroupDiff(current: FirewallPolicyRuleCollectionGroup, want: DesiredRuleGroup): PropertyDiff[] {
  const diffs: PropertyDiff[] = [];
  if (current.priority !== want.priority) diffs.push({ property: 'priority', current: current.priority, desired: want.priority });
  for (const w of want.ruleCollections) {
    const have = current.ruleCollections?.find((c) => sameId(c.name, w.name));
    if (!have || JSON.stringify(normalize(have)) !== JSON.stringify(normalize(w))) {
      diffs.push({ property: `ruleCollections.${w.name}`, current: have ? summarize(have) : undefined, desired: summarize(w) });
    }
  }
  for (const gone of unwanted(current, want)) {
    diffs.push({ property: `ruleCollections.${gone.name}`, current: summarize(gone), desired: undefined });
  }
  return diffs;
}

function summarize(c: FirewallPolicyRuleCollectionUnion): string {
  const rules = (c as FirewallPolicyFilterRuleCollection).rules ?? [];
  return `${rules.length} rule${rules.length === 1 ? '' : 's'}: ${rules.map((r) => r.name).join(', ')}`;
}

/**
 * The group to PUT: our collections replace theirs by name, the collection of an add-on turned off is
 * dropped; collections a user added to the group stay.
 */
export function ruleGroupBody(want: DesiredRuleGroup, current?: FirewallPolicyRuleCollectionGroup): FirewallPolicyRuleCollectionGroup {
  const theirs = (current?.ruleCollections ?? []).filter(
    (c) => !want.ruleCollections.some((w) => sameId(w.name, c.name)) && !isAddonCollection(c.name),
  );
  return { priority: want.priority, ruleCollections: [...want.ruleCollections, ...theirs] };
}
