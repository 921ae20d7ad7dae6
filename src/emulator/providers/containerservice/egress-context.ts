/**
 * Reads, from the emulator's store, everything the egress evaluator needs for traffic leaving a subnet:
 * its route table's routes, its NSG's rules and every provisioned firewall with its policy's rule
 * collection groups. Child resources are separate store entries (contract.ts); an embedded array on the
 * parent is read too, so either way of storing them gives the same answer.
 */
import type { ArmResource, Store } from '../../core/contract.js';
import { nthAddress, parseCidr } from './cidr.js';
import type { EgressPath, FirewallView, NsgRule, RouteEntry } from './egress-probe.js';

function childProps(store: Store, parentId: string, type: string, embedded: any[] | undefined): any[] {
  const children = store.children(parentId, type);
  if (children.length > 0) return children.map((c) => ({ name: c.name, ...c.properties }));
  return (embedded ?? []).map((c: any) => ({ name: c.name, ...c.properties }));
}

export function subnetPrefix(subnet: ArmResource): string | undefined {
  return subnet.properties?.addressPrefix ?? subnet.properties?.addressPrefixes?.[0];
}

export function routesOf(store: Store, routeTableId: string): RouteEntry[] {
  const table = store.get(routeTableId);
  if (!table) return [];
  return childProps(store, table.id, 'Microsoft.Network/routeTables/routes', table.properties?.routes);
}

function nsgRulesOf(store: Store, nsgId: string | undefined): NsgRule[] {
  const nsg = nsgId ? store.get(nsgId) : undefined;
  if (!nsg) return [];
  return childProps(store, nsg.id, 'Microsoft.Network/networkSecurityGroups/securityRules', nsg.properties?.securityRules);
}

export function firewallPrivateIp(firewall: ArmResource): string | undefined {
  return firewall.properties?.ipConfigurations?.[0]?.properties?.privateIPAddress;
}

/** Every provisioned firewall with its policy's rule collection groups (a firewall in flight routes nothing). */
export function firewallViews(store: Store): FirewallView[] {
  return store
    .all()
    .filter((r) => r.type.toLowerCase() === 'microsoft.network/azurefirewalls' && r.properties?.provisioningState === 'Succeeded')
    .flatMap((fw) => {
      const privateIp = firewallPrivateIp(fw);
      if (!privateIp) return [];
      const policyId: string | undefined = fw.properties?.firewallPolicy?.id;
      const groups = policyId ? store.children(policyId, 'Microsoft.Network/firewallPolicies/ruleCollectionGroups') : [];
      return [
        {
          name: fw.name,
          privateIp,
          ruleCollectionGroups: groups.map((g) => ({
            name: g.name,
            priority: Number(g.properties?.priority ?? 65000),
            ruleCollections: g.properties?.ruleCollections ?? [],
          })),
        },
      ];
    });
}

/** The egress path of a machine in `subnetId`, or undefined when the subnet does not exist. */
export function egressPathForSubnet(store: Store, subnetId: string, region: string): EgressPath | undefined {
  const subnet = store.get(subnetId);
  if (!subnet) return undefined;
  const prefix = parseCidr(subnetPrefix(subnet) ?? '');
  const routeTableId: string | undefined = subnet.properties?.routeTable?.id;
  return {
    sourceIp: prefix ? nthAddress(prefix, 4) : '0.0.0.0',
    region,
    routes: routeTableId ? routesOf(store, routeTableId) : [],
    nsgRules: nsgRulesOf(store, subnet.properties?.networkSecurityGroup?.id),
    defaultOutboundAccess: subnet.properties?.defaultOutboundAccess !== false,
    firewalls: firewallViews(store),
  };
}
