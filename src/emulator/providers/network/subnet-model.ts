/**
 * Subnets as stored entries: building one from a request (full replacement of its writable properties),
 * the checks Azure makes on a VNet's set of subnets, and the GET shape with its back-references.
 */
import type { ArmResource, EmulatorContext, Store } from '../../core/contract.js';
import { containsCidr, overlaps, type Cidr } from '../../core/ip.js';
import { checkName, newEtag, writableProperties } from './common.js';
import { parsePrefix, subnetCidrs, subnetPrefixes } from './addresses.js';
import { badRequest, inUse, invalidReference } from './errors.js';
import { T, refId, sameId } from './ids.js';
import { bastionNsgProblem, bastionNsgError } from './nsg-rules.js';
import { referencedBy, subnetIpConfigurations, subnetPrivateEndpoints } from './refs.js';

export const FIREWALL_SUBNET = 'AzureFirewallSubnet';
export const BASTION_SUBNET = 'AzureBastionSubnet';
/** Both special subnets must be /26 or larger. */
const SPECIAL_SUBNET_MAX_PREFIX = 26;

const READ_ONLY = [
  'ipConfigurations',
  'privateEndpoints',
  'purpose',
  'resourceNavigationLinks',
  'serviceAssociationLinks',
  'ipConfigurationProfiles',
];

export function vnetCidrs(vnet: ArmResource): Cidr[] {
  return (vnet.properties?.addressSpace?.addressPrefixes ?? []).map((p: unknown) => parsePrefix(p, vnet.id));
}

/** Builds the stored subnet from a request body, checking what Azure checks on one subnet. */
export function buildSubnet(ctx: EmulatorContext, vnet: ArmResource, name: unknown, body: any, existing?: ArmResource): ArmResource {
  if (typeof name !== 'string') throw badRequest('InvalidRequestFormat', `Every subnet of virtual network ${vnet.name} needs a name.`);
  checkName(name, 'subnet');
  const id = `${vnet.id}/subnets/${existing?.name ?? name}`;
  const subnet: ArmResource = {
    id,
    name: existing?.name ?? name,
    type: T.subnet,
    etag: newEtag(ctx),
    properties: {
      ...writableProperties(body, READ_ONLY),
      privateEndpointNetworkPolicies: body?.properties?.privateEndpointNetworkPolicies ?? 'Disabled',
      privateLinkServiceNetworkPolicies: body?.properties?.privateLinkServiceNetworkPolicies ?? 'Enabled',
    },
  };
  if (subnetPrefixes(subnet).length === 0) {
    throw badRequest(
      'NoAddressPrefixOrPoolProvided',
      `Subnet ${name} of virtual network ${vnet.name} has no addressPrefix. Give it a range inside the VNet, e.g. 10.0.1.0/24.`,
    );
  }
  const cidrs = subnetCidrs(subnet);
  for (const field of ['routeTable', 'networkSecurityGroup', 'natGateway'] as const) {
    const target = refId(subnet.properties![field]);
    if (subnet.properties![field] !== undefined && !target) delete subnet.properties![field];
    if (target && !ctx.store.get(target)) throw invalidReference(target, id);
  }
  checkSpecialSubnet(ctx.store, subnet, cidrs);
  return subnet;
}

function checkSpecialSubnet(store: Store, subnet: ArmResource, cidrs: Cidr[]): void {
  const special = [FIREWALL_SUBNET, BASTION_SUBNET].find((n) => n.toLowerCase() === subnet.name.toLowerCase());
  if (!special) return;
  if (cidrs.some((c) => c.prefix > SPECIAL_SUBNET_MAX_PREFIX)) {
    const code = special === FIREWALL_SUBNET ? 'AzureFirewallSubnetPrefixTooSmall' : 'AzureBastionSubnetPrefixTooSmall';
    throw badRequest(
      code,
      `Subnet ${special} (${subnetPrefixes(subnet).join(', ')}) is too small: it must be /${SPECIAL_SUBNET_MAX_PREFIX} or larger. Give it a /${SPECIAL_SUBNET_MAX_PREFIX} range.`,
    );
  }
  const routeTableId = refId(subnet.properties?.routeTable);
  if (special === FIREWALL_SUBNET && routeTableId) {
    // The firewall needs its own direct path to the Internet; a default route elsewhere loops egress.
    const bad = store
      .children(routeTableId, T.route)
      .find((r) => r.properties?.addressPrefix === '0.0.0.0/0' && r.properties?.nextHopType !== 'Internet');
    if (bad) {
      throw badRequest(
        'AzureFirewallSubnetDefaultRouteMustBeInternet',
        `Route table ${routeTableId} sends 0.0.0.0/0 to ${bad.properties?.nextHopType}; a route table on ${FIREWALL_SUBNET} must keep the default route to Internet. Associate the route table with the workload subnets instead.`,
      );
    }
  }
  const nsgId = refId(subnet.properties?.networkSecurityGroup);
  if (special === BASTION_SUBNET && nsgId) {
    const nsg = store.get(nsgId)!;
    const problem = bastionNsgProblem(store.children(nsg.id, T.securityRule));
    if (problem) throw bastionNsgError(nsg.name, problem);
  }
}

/** Azure's checks across a VNet's subnets: inside the address space, no two overlapping. */
export function validateSubnetSet(vnet: ArmResource, subnets: ArmResource[]): void {
  const space = vnetCidrs(vnet);
  const ranges = subnets.map((s) => ({ s, cidrs: subnetCidrs(s) }));
  for (const { s, cidrs } of ranges) {
    if (!cidrs.every((c) => space.some((v) => containsCidr(v, c)))) {
      throw badRequest(
        'NetcfgSubnetRangeOutsideVnet',
        `Subnet '${s.name}' is not valid because its IP address range (${subnetPrefixes(s).join(', ')}) is outside the IP address range of virtual network '${vnet.name}' (${(vnet.properties?.addressSpace?.addressPrefixes ?? []).join(', ')}). Choose a range inside the VNet.`,
      );
    }
  }
  for (let i = 0; i < ranges.length; i++) {
    for (let j = 0; j < i; j++) {
      if (ranges[i].cidrs.some((a) => ranges[j].cidrs.some((b) => overlaps(a, b)))) {
        throw badRequest(
          'NetcfgSubnetRangesOverlap',
          `Subnet '${ranges[i].s.name}' is not valid because its IP address range overlaps with that of an existing subnet '${ranges[j].s.name}' in virtual network '${vnet.name}'. Choose a range that no other subnet uses.`,
        );
      }
    }
  }
}

/** Refuses to delete a subnet that something still uses (a NIC, firewall, Bastion, private endpoint, cluster). */
export function assertSubnetUnused(store: Store, subnet: ArmResource): void {
  const vnetId = subnet.id.split('/').slice(0, -2).join('/');
  const configs = subnetIpConfigurations(store, subnet.id).map((r) => r.id);
  const users = configs.length > 0 ? configs : referencedBy(store, subnet.id, vnetId).map((r) => r.id);
  if (users.length > 0) throw inUse('InUseSubnetCannotBeDeleted', subnet.id, users, 'Subnet');
}

export function renderSubnet(ctx: EmulatorContext, subnet: ArmResource): ArmResource {
  const ipConfigurations = subnetIpConfigurations(ctx.store, subnet.id);
  const privateEndpoints = subnetPrivateEndpoints(ctx.store, subnet.id);
  // Azure lists `delegations` on every subnet, empty when none was asked for.
  const properties: Record<string, any> = { delegations: [], ...subnet.properties };
  if (ipConfigurations.length > 0) properties.ipConfigurations = ipConfigurations;
  if (privateEndpoints.length > 0) properties.privateEndpoints = privateEndpoints;
  return { ...subnet, type: T.subnet, properties };
}

export function findByName(list: ArmResource[], name: string): ArmResource | undefined {
  return list.find((r) => sameId(r.name, name));
}
