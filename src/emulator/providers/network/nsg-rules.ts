/**
 * Security rules: the six default rules every NSG carries, the checks Azure makes on a rule, and the
 * rule set Azure requires on an NSG attached to AzureBastionSubnet.
 */
import type { ArmResource, EmulatorContext } from '../../core/contract.js';
import { checkName, newEtag, writableProperties } from './common.js';
import { badRequest } from './errors.js';
import { portMatches } from './firewall-eval.js';
import { T } from './ids.js';

const DEFAULT_RULES = [
  ['AllowVnetInBound', 'Allow inbound traffic from all VMs in VNET', 'VirtualNetwork', 'VirtualNetwork', 'Allow', 65000, 'Inbound'],
  ['AllowAzureLoadBalancerInBound', 'Allow inbound traffic from azure load balancer', 'AzureLoadBalancer', '*', 'Allow', 65001, 'Inbound'],
  ['DenyAllInBound', 'Deny all inbound traffic', '*', '*', 'Deny', 65500, 'Inbound'],
  [
    'AllowVnetOutBound',
    'Allow outbound traffic from all VMs to all VMs in VNET',
    'VirtualNetwork',
    'VirtualNetwork',
    'Allow',
    65000,
    'Outbound',
  ],
  ['AllowInternetOutBound', 'Allow outbound traffic from all VMs to Internet', '*', 'Internet', 'Allow', 65001, 'Outbound'],
  ['DenyAllOutBound', 'Deny all outbound traffic', '*', '*', 'Deny', 65500, 'Outbound'],
] as const;

/** Azure's default rules carry the NSG's etag, as every network child does. */
export function defaultSecurityRules(nsgId: string, etag: string | undefined): ArmResource[] {
  return DEFAULT_RULES.map(([name, description, source, destination, access, priority, direction]) => ({
    name,
    id: `${nsgId}/defaultSecurityRules/${name}`,
    ...(etag ? { etag } : {}),
    type: 'Microsoft.Network/networkSecurityGroups/defaultSecurityRules',
    properties: {
      provisioningState: 'Succeeded',
      description,
      protocol: '*',
      sourcePortRange: '*',
      destinationPortRange: '*',
      sourceAddressPrefix: source,
      destinationAddressPrefix: destination,
      access,
      priority,
      direction,
      sourcePortRanges: [],
      destinationPortRanges: [],
      sourceAddressPrefixes: [],
      destinationAddressPrefixes: [],
    },
  }));
}

const PROTOCOLS = ['Tcp', 'Udp', 'Icmp', 'Esp', 'Ah', '*'];

/** Builds a stored security rule, refusing what Azure refuses (priority range, enums). */
export function buildSecurityRule(ctx: EmulatorContext, nsgId: string, name: unknown, body: any): ArmResource {
  if (typeof name !== 'string') throw badRequest('InvalidRequestFormat', `Every security rule of ${nsgId} needs a name.`);
  checkName(name, 'security rule');
  // Azure answers every rule with all four plural lists, empty when the singular form is used.
  const lists = { sourcePortRanges: [], destinationPortRanges: [], sourceAddressPrefixes: [], destinationAddressPrefixes: [] };
  const props: Record<string, any> = { ...lists, ...writableProperties(body, []) };
  const id = `${nsgId}/securityRules/${name}`;
  const priority = Number(props.priority);
  if (!Number.isInteger(priority) || priority < 100 || priority > 4096) {
    throw badRequest(
      'SecurityRuleInvalidPriority',
      `Security rule ${name} has invalid Priority. Value provided: ${props.priority}. Allowed range 100-4096.`,
      id,
    );
  }
  const enumChecks: Array<[string, readonly string[]]> = [
    ['protocol', PROTOCOLS],
    ['access', ['Allow', 'Deny']],
    ['direction', ['Inbound', 'Outbound']],
  ];
  for (const [field, allowed] of enumChecks) {
    if (!allowed.some((a) => a.toLowerCase() === String(props[field]).toLowerCase())) {
      throw badRequest(
        'SecurityRuleParameterInvalid',
        `Security rule ${name} has an invalid ${field} '${props[field]}'. Allowed values: ${allowed.join(', ')}.`,
        id,
      );
    }
  }
  return { id, name, type: T.securityRule, etag: newEtag(ctx), properties: props };
}

/** Two rules of one NSG with the same priority and direction: Azure refuses the set. */
export function checkRuleConflicts(nsgName: string, rules: ArmResource[]): void {
  const seen = new Map<string, string>();
  for (const r of rules) {
    const key = `${String(r.properties?.direction).toLowerCase()}/${r.properties?.priority}`;
    const other = seen.get(key);
    if (other) {
      throw badRequest(
        'SecurityRuleConflict',
        `Security rules ${other} and ${r.name} of network security group ${nsgName} have the same priority ${r.properties?.priority} in direction ${r.properties?.direction}. Give each rule a unique priority.`,
      );
    }
    seen.set(key, r.name);
  }
}

interface Need {
  direction: 'Inbound' | 'Outbound';
  source?: string;
  destination?: string;
  ports: number[];
  label: string;
}

/** Azure's required rules for an NSG on AzureBastionSubnet (learn.microsoft.com/azure/bastion/bastion-nsg). */
const BASTION_NEEDS: Need[] = [
  { direction: 'Inbound', source: 'Internet', ports: [443], label: 'inbound TCP 443 from Internet' },
  { direction: 'Inbound', source: 'GatewayManager', ports: [443], label: 'inbound TCP 443 from GatewayManager' },
  { direction: 'Inbound', source: 'AzureLoadBalancer', ports: [443], label: 'inbound TCP 443 from AzureLoadBalancer' },
  {
    direction: 'Inbound',
    source: 'VirtualNetwork',
    destination: 'VirtualNetwork',
    ports: [8080, 5701],
    label: 'inbound 8080,5701 VirtualNetwork to VirtualNetwork',
  },
  { direction: 'Outbound', destination: 'VirtualNetwork', ports: [22, 3389], label: 'outbound 22,3389 to VirtualNetwork' },
  { direction: 'Outbound', destination: 'AzureCloud', ports: [443], label: 'outbound TCP 443 to AzureCloud' },
  {
    direction: 'Outbound',
    source: 'VirtualNetwork',
    destination: 'VirtualNetwork',
    ports: [8080, 5701],
    label: 'outbound 8080,5701 VirtualNetwork to VirtualNetwork',
  },
  { direction: 'Outbound', destination: 'Internet', ports: [80], label: 'outbound 80 to Internet' },
];

function prefixesOf(p: any, side: 'source' | 'destination'): string[] {
  const list = [p[`${side}AddressPrefix`], ...(p[`${side}AddressPrefixes`] ?? [])].filter((x) => typeof x === 'string');
  return list.map((x: string) => x.toLowerCase());
}

function portsCover(p: any, port: number): boolean {
  const ranges = [p.destinationPortRange, ...(p.destinationPortRanges ?? [])].filter((x) => typeof x === 'string');
  return ranges.some((r: string) => portMatches(r, port));
}

function sideMatches(p: any, side: 'source' | 'destination', wanted: string | undefined): boolean {
  if (!wanted) return true;
  const list = prefixesOf(p, side);
  return list.includes('*') || list.includes(wanted.toLowerCase());
}

/**
 * What is missing from `rules` for Bastion, or undefined when compliant. Every required flow must be
 * allowed by an explicit rule that no higher-priority deny rule shadows.
 */
export function bastionNsgProblem(rules: ArmResource[]): string | undefined {
  const sorted = [...rules].sort((a, b) => Number(a.properties?.priority) - Number(b.properties?.priority));
  for (const need of BASTION_NEEDS) {
    for (const port of need.ports) {
      const first = sorted.find((r) => {
        const p = r.properties ?? {};
        return (
          String(p.direction).toLowerCase() === need.direction.toLowerCase() &&
          ['tcp', '*'].includes(String(p.protocol).toLowerCase()) &&
          sideMatches(p, 'source', need.source) &&
          sideMatches(p, 'destination', need.destination) &&
          portsCover(p, port)
        );
      });
      if (!first || String(first.properties?.access).toLowerCase() !== 'allow') return need.label;
    }
  }
  return undefined;
}

export function bastionNsgError(nsgName: string, missing: string) {
  return badRequest(
    'NetworkSecurityGroupNotCompliantForAzureBastionSubnet',
    `Network security group ${nsgName} does not have necessary rules for Azure Bastion Subnet AzureBastionSubnet (missing: ${missing}). Add the rules listed at https://learn.microsoft.com/azure/bastion/bastion-nsg.`,
  );
}
