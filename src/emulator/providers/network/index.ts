/**
 * The Microsoft.Network provider of the ARM emulator: every network resource the ten steps touch, with
 * Azure's validation, conflict rules and simulated durations. Builders and read helpers are exported for
 * the container service and compute providers.
 */
import type { ArmResource, EmulatorContext, Provider } from '../../core/contract.js';
import { bastionRoutes } from './bastion.js';
import { firewallRoutes, renderFirewall } from './firewall.js';
import { firewallPolicyRoutes, renderPolicy } from './firewall-policy.js';
import { T } from './ids.js';
import { nicRoutes, renderNic } from './nic.js';
import { nsgRoutes, renderNsg } from './nsg.js';
import { privateDnsRoutes, renderZone } from './private-dns.js';
import { privateEndpointRoutes } from './private-endpoint.js';
import { privateEndpointWriteRoutes } from './private-endpoint-put.js';
import { publicIpRoutes, renderPublicIp } from './public-ip.js';
import { renderRouteTable, routeTableRoutes } from './route-table.js';
import { ruleCollectionGroupRoutes } from './rule-collection-group.js';
import { renderSubnet } from './subnet-model.js';
import { subnetRoutes } from './subnet.js';
import { renderVnet, vnetRoutes } from './vnet.js';

type Render = (ctx: EmulatorContext, resource: ArmResource) => ArmResource;
const view = (render: Render) => (resource: ArmResource, ctx: EmulatorContext) => render(ctx, resource);

export const provider: Provider = {
  namespace: 'Microsoft.Network',
  routes: [
    ...vnetRoutes,
    ...subnetRoutes,
    ...routeTableRoutes,
    ...nsgRoutes,
    ...publicIpRoutes,
    ...firewallPolicyRoutes,
    ...ruleCollectionGroupRoutes,
    ...firewallRoutes,
    ...bastionRoutes,
    ...nicRoutes,
    ...privateEndpointRoutes,
    ...privateEndpointWriteRoutes,
    ...privateDnsRoutes,
  ],
  // The control API and generic GETs show the same composed bodies as this provider's own GETs.
  views: {
    [T.vnet]: view(renderVnet),
    [T.subnet]: view(renderSubnet),
    [T.routeTable]: view(renderRouteTable),
    [T.nsg]: view(renderNsg),
    [T.publicIp]: view(renderPublicIp),
    [T.firewallPolicy]: view(renderPolicy),
    [T.firewall]: view(renderFirewall),
    [T.nic]: view(renderNic),
    [T.dnsZone]: view(renderZone),
  },
};

export { makeNic, type NicSpec } from './nic.js';
export { makePrivateEndpoint, type PrivateEndpointSpec, type BuiltPrivateEndpoint } from './private-endpoint.js';
export { makePrivateDnsZone, type PrivateDnsZoneSpec } from './private-dns.js';
export {
  effectiveRoute,
  firewallAllows,
  firewallAtIp,
  firewallPrivateIp,
  routesOf,
  routeTableOfSubnet,
  type EffectiveRoute,
  type RouteEntry,
  type Verdict,
} from './egress.js';
export { egressPathForSubnet, evaluateEgress, type EgressPath, type EgressTarget, type EgressVerdict } from './egress-path.js';
export { aksFqdnTag, fqdnMatches, type Flow } from './firewall-eval.js';
export { allocatePrivateIp, subnetPrefixes } from './addresses.js';
export { T as NetworkTypes } from './ids.js';
