/**
 * What the steps write inside resources that carry no tag of their own: route names, NSG rules per NSG,
 * and the subnets that get the route table. Preflight describes an adoption with them, and destroy uses
 * them to tell our routes and rules from the ones a user added.
 */
import type { ResolvedConfig, ResourceNames } from '../../config/types.js';
import { DEFAULT_ROUTE_NAME, FIREWALL_PIP_ROUTE_NAME } from './egress-desired.js';
import { bastionNsgRules, jumphostNsgRules, nodeNsgRules, type NsgRuleSpec } from './nsg-rules.js';

/** Names of the routes step 3 writes. */
export const OUR_ROUTES = [DEFAULT_ROUTE_NAME, FIREWALL_PIP_ROUTE_NAME] as const;

/** The NSG of each protected subnet and its rules (the jumphost and Bastion ones only when enabled). */
export function nsgTargets(config: ResolvedConfig, names: ResourceNames): Array<{ subnet: string; nsg: string; rules: NsgRuleSpec[] }> {
  return [
    { subnet: names.nodeSubnet, nsg: names.nodeNsg, rules: nodeNsgRules(config) },
    ...(config.jumphost ? [{ subnet: names.jumphostSubnet, nsg: names.jumphostNsg, rules: jumphostNsgRules(config) }] : []),
    ...(config.bastion ? [{ subnet: names.bastionSubnet, nsg: names.bastionNsg, rules: bastionNsgRules() }] : []),
  ];
}

/** Rule names the steps may have written into an NSG, whatever parts are enabled now. */
export function ourRuleNames(config: ResolvedConfig, names: ResourceNames, nsgName?: string): Set<string> {
  const all = nsgTargets({ ...config, jumphost: true, bastion: true }, names).filter(
    (t) => !nsgName || t.nsg.toLowerCase() === nsgName.toLowerCase(),
  );
  // An adopted NSG (another name) may hold the rules of any subnet it protects.
  const targets = all.length ? all : nsgTargets({ ...config, jumphost: true, bastion: true }, names);
  return new Set(targets.flatMap((t) => t.rules.map((r) => r.name.toLowerCase())));
}

/** The subnets step 3 points at the route table: the node subnet, and the jumphost's when there is one. */
export function routedSubnets(config: ResolvedConfig, names: ResourceNames): string[] {
  return [names.nodeSubnet, ...(config.jumphost ? [names.jumphostSubnet] : [])];
}
