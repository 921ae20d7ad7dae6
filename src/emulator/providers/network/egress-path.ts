/**
 * Whether a connection from a subnet reaches its destination, the way Azure decides it: the subnet NSG's
 * outbound rules first (they match the ORIGINAL destination, so "deny Internet" also blocks
 * firewall-bound traffic), then the route (egress.ts), then, for a virtual-appliance next hop, the Azure
 * Firewall at that address (firewall-eval.ts). `evaluateEgress` is pure; `egressPathForSubnet` gathers
 * its inputs from the store.
 */
import type { Store } from '../../core/contract.js';
import { firstUsable, formatIp, parseIp, parseRange } from '../../core/ip.js';
import { subnetPrefixes } from './addresses.js';
import { firewallViews, routesOf, selectRoute, type RouteEntry } from './egress.js';
import { addressMatches, evaluateFirewall, portMatches, type FirewallView, type Flow } from './firewall-eval.js';
import { T, parentIdOf, refId } from './ids.js';

export type EgressTarget = Omit<Flow, 'sourceIp'>;

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

export interface EgressPath {
  sourceIp: string;
  region: string;
  /** The user routes of the subnet's route table. */
  routes: RouteEntry[];
  nsgRules: NsgRule[];
  /** false when the subnet was created without default outbound access (Azure's default since 2025). */
  defaultOutboundAccess: boolean;
  firewalls: FirewallView[];
}

export type EgressVerdict =
  | { allowed: true; via: 'firewall' | 'internet'; reason: string }
  | { allowed: false; blockedBy: 'nsg' | 'route' | 'firewall'; reason: string };

function deniedByNsg(rules: NsgRule[], target: EgressTarget, targetIp: number | undefined): NsgRule | undefined {
  const hit = rules
    .filter((r) => r.direction?.toLowerCase() === 'outbound')
    .sort((a, b) => a.priority - b.priority)
    .find((r) => {
      const protocolOk = r.protocol === '*' || r.protocol?.toUpperCase() === target.protocol;
      const ports = r.destinationPortRanges?.length ? r.destinationPortRanges : [r.destinationPortRange ?? '*'];
      const addresses = r.destinationAddressPrefixes?.length ? r.destinationAddressPrefixes : [r.destinationAddressPrefix ?? '*'];
      return protocolOk && ports.some((p) => portMatches(p, target.port)) && addresses.some((a) => addressMatches(a, targetIp));
    });
  return hit?.access?.toLowerCase() === 'deny' ? hit : undefined;
}

export function evaluateEgress(path: EgressPath, target: EgressTarget): EgressVerdict {
  const targetIp = parseIp(target.host);
  const nsgHit = deniedByNsg(path.nsgRules, target, targetIp);
  if (nsgHit)
    return {
      allowed: false,
      blockedBy: 'nsg',
      reason: `Outbound NSG rule ${nsgHit.name} (priority ${nsgHit.priority}) denies the traffic.`,
    };
  const route = selectRoute(path.routes, targetIp);
  const label = route.name ?? route.addressPrefix;
  if (route.nextHopType === 'Internet') {
    return path.defaultOutboundAccess
      ? { allowed: true, via: 'internet', reason: 'Routed directly to the Internet.' }
      : {
          allowed: false,
          blockedBy: 'route',
          reason: 'The subnet has no outbound Internet access (no default outbound access, NAT gateway or route to a firewall).',
        };
  }
  if (route.nextHopType !== 'VirtualAppliance') {
    return {
      allowed: false,
      blockedBy: 'route',
      reason: `Route ${label} sends the traffic to ${route.nextHopType}, which does not reach the Internet.`,
    };
  }
  const firewall = path.firewalls.find((f) => f.privateIp === route.nextHopIpAddress);
  if (!firewall) {
    return {
      allowed: false,
      blockedBy: 'route',
      reason: `No firewall answers at the next hop ${route.nextHopIpAddress ?? '(none)'} of route ${label}.`,
    };
  }
  const decision = evaluateFirewall(firewall, { ...target, sourceIp: path.sourceIp }, path.region);
  return decision.allowed
    ? { allowed: true, via: 'firewall', reason: decision.reason }
    : { allowed: false, blockedBy: 'firewall', reason: decision.reason };
}

/** The egress path of a machine in `subnetId` (the subnet's first usable address), or undefined when there is no such subnet. */
export function egressPathForSubnet(store: Store, subnetId: string, region: string): EgressPath | undefined {
  const subnet = store.get(subnetId);
  if (!subnet) return undefined;
  const range = parseRange(subnetPrefixes(subnet)[0] ?? '');
  const routeTableId = refId(subnet.properties?.routeTable);
  const nsgId = refId(subnet.properties?.networkSecurityGroup);
  return {
    sourceIp: range ? formatIp(firstUsable(range)) : '0.0.0.0',
    region,
    routes: routeTableId ? routesOf(store, routeTableId) : [],
    nsgRules: nsgId ? store.children(nsgId, T.securityRule).map((r) => ({ name: r.name, ...(r.properties as Omit<NsgRule, 'name'>) })) : [],
    defaultOutboundAccess: subnet.properties?.defaultOutboundAccess !== false,
    firewalls: firewallViews(store, parentIdOf(subnetId)),
  };
}
