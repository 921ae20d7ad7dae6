/**
 * Read helpers over the store for traffic leaving a subnet: which route a destination takes (user routes
 * over system routes, longest prefix wins), which firewall sits at a next-hop IP, and what that
 * firewall's policy decides (firewall-eval.ts). The container service provider uses them for AKS's UDR
 * checks, node provisioning and egress probes.
 */
import type { ArmResource, Store } from '../../core/contract.js';
import { containsIp, parseIp, parseRange } from '../../core/ip.js';
import { ofType } from './common.js';
import { evaluateFirewall, type FirewallView, type Flow } from './firewall-eval.js';
import { T, parentIdOf, refId } from './ids.js';

export interface RouteEntry {
  name?: string;
  addressPrefix: string;
  nextHopType: string;
  nextHopIpAddress?: string;
}

export interface EffectiveRoute extends RouteEntry {
  source: 'User' | 'Default';
}

/** The route table associated with a subnet, with its routes, or undefined. */
export function routeTableOfSubnet(store: Store, subnetId: string): ArmResource | undefined {
  const tableId = refId(store.get(subnetId)?.properties?.routeTable);
  const table = tableId ? store.get(tableId) : undefined;
  if (!table) return undefined;
  return { ...table, properties: { ...table.properties, routes: store.children(table.id, T.route) } };
}

/** The user routes of a route table (empty when it does not exist). */
export function routesOf(store: Store, routeTableId: string): RouteEntry[] {
  return store.children(routeTableId, T.route).map((r) => ({ name: r.name, ...(r.properties as Omit<RouteEntry, 'name'>) }));
}

/**
 * The route a packet takes among the user routes and the system routes (0.0.0.0/0 to Internet, each of
 * `vnetRanges` VnetLocal): longest prefix, a user route winning a tie. A host name (`targetIp`
 * undefined) resolves to a public address the emulator cannot know, so only routes covering everything
 * apply to it. Routes to service tags are not matched.
 */
export function selectRoute(userRoutes: RouteEntry[], targetIp: number | undefined, vnetRanges: string[] = []): EffectiveRoute {
  const candidates: EffectiveRoute[] = [
    { addressPrefix: '0.0.0.0/0', nextHopType: 'Internet', source: 'Default' },
    ...vnetRanges.map((p) => ({ addressPrefix: p, nextHopType: 'VnetLocal', source: 'Default' as const })),
    ...userRoutes.map((r) => ({ ...r, source: 'User' as const })),
  ];
  let best: { route: EffectiveRoute; prefix: number } | undefined;
  for (const route of candidates) {
    const range = parseRange(String(route.addressPrefix));
    if (!range || (targetIp === undefined ? range.prefix !== 0 : !containsIp(range, targetIp))) continue;
    const better = !best || range.prefix > best.prefix || (range.prefix === best.prefix && route.source === 'User');
    if (better) best = { route, prefix: range.prefix };
  }
  return best!.route;
}

/** The route a packet from `subnetId` to `destinationIp` takes, the VNet's ranges included. */
export function effectiveRoute(store: Store, subnetId: string, destinationIp: string): EffectiveRoute {
  const dest = parseIp(destinationIp);
  if (dest === undefined) throw new RangeError(`${destinationIp} is not an IPv4 address.`);
  const vnet = store.get(parentIdOf(subnetId));
  const tableId = refId(store.get(subnetId)?.properties?.routeTable);
  return selectRoute(tableId ? routesOf(store, tableId) : [], dest, vnet?.properties?.addressSpace?.addressPrefixes ?? []);
}

/** The private IP of a firewall (its first ip configuration's), as ARM reports it. */
export function firewallPrivateIp(firewall: ArmResource): string | undefined {
  return firewall.properties?.ipConfigurations?.[0]?.properties?.privateIPAddress;
}

/** The firewall whose private IP is `ip`, if any. */
export function firewallAtIp(store: Store, ip: string): ArmResource | undefined {
  return ofType(store, T.firewall).find((f) => firewallPrivateIp(f) === ip);
}

function firewallView(store: Store, firewall: ArmResource, privateIp: string): FirewallView {
  const policyId = refId(firewall.properties?.firewallPolicy);
  const groups = policyId ? store.children(policyId, T.ruleCollectionGroup) : [];
  return {
    name: firewall.name,
    privateIp,
    ruleCollectionGroups: groups.map((g) => ({
      name: g.name,
      priority: Number(g.properties?.priority ?? 65000),
      ruleCollections: g.properties?.ruleCollections ?? [],
    })),
  };
}

/**
 * Every provisioned firewall in the virtual network `vnetId` with its policy's rule collection groups (a
 * firewall in flight routes nothing). A route's next-hop address is reached inside the subnet's own network
 * (peering is not modelled): two deployments may both put their firewall at 10.42.0.4 in separate networks,
 * and each subnet's traffic goes to its own.
 */
export function firewallViews(store: Store, vnetId: string): FirewallView[] {
  return ofType(store, T.firewall)
    .filter((fw) => fw.properties?.provisioningState === 'Succeeded' && firewallPrivateIp(fw))
    .filter((fw) => {
      const subnet = refId(fw.properties?.ipConfigurations?.[0]?.properties?.subnet);
      return !!subnet && parentIdOf(subnet).toLowerCase() === vnetId.toLowerCase();
    })
    .map((fw) => firewallView(store, fw, firewallPrivateIp(fw)!));
}

export interface Verdict {
  allowed: boolean;
  /** `<group>/<collection>/<rule>` that decided, when one did. */
  rule?: string;
  reason: string;
}

/** What a firewall (whatever its provisioning state) decides on a flow; no policy or no match: deny. */
export function firewallAllows(store: Store, firewall: ArmResource, flow: Flow): Verdict {
  const decision = evaluateFirewall(firewallView(store, firewall, firewallPrivateIp(firewall) ?? ''), flow, firewall.location ?? 'eastus');
  const rule = decision.rule && `${decision.rule.group}/${decision.rule.collection}/${decision.rule.name}`;
  return { allowed: decision.allowed, ...(rule ? { rule } : {}), reason: decision.reason };
}
