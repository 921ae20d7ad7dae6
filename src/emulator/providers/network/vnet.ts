/**
 * Virtual networks. Since api-version 2023-11-01 a PUT that omits `subnets` keeps the existing ones and
 * `subnets: []` deletes them; listed subnets are created or fully replaced. GET composes the subnets from
 * their own store entries.
 */
import type { ArmResource, EmulatorContext, Route, RouteHandler } from '../../core/contract.js';
import { overlaps } from '../../core/ip.js';
import { writableProperties } from './common.js';
import { commonRoutes, deleteRoute, envelope, idFor, NO_CONTENT, putRoute, readPut, type Kind } from './crud.js';
import { badRequest } from './errors.js';
import { T } from './ids.js';
import { assertNoFirewallInProgress } from './dependencies.js';
import { startDelete, startPut } from './lro.js';
import { assertSubnetUnused, buildSubnet, findByName, renderSubnet, validateSubnetSet, vnetCidrs } from './subnet-model.js';

export function renderVnet(ctx: EmulatorContext, vnet: ArmResource): ArmResource {
  const subnets = ctx.store.children(vnet.id, T.subnet).map((s) => renderSubnet(ctx, s));
  // Azure answers `dhcpOptions.dnsServers` even when no DNS server was set (an empty list: Azure DNS).
  const dhcpOptions = { dnsServers: [], ...(vnet.properties?.dhcpOptions ?? {}) };
  return { ...vnet, properties: { ...vnet.properties, dhcpOptions, subnets, virtualNetworkPeerings: [] } };
}

export const vnetKind: Kind = {
  type: T.vnet,
  segment: 'virtualNetworks',
  param: 'virtualNetworkName',
  label: 'virtual network',
  render: renderVnet,
};

function checkAddressSpace(vnet: ArmResource): void {
  const prefixes = vnet.properties?.addressSpace?.addressPrefixes;
  if (!Array.isArray(prefixes) || prefixes.length === 0) {
    throw badRequest(
      'InvalidAddressSpace',
      `Virtual network ${vnet.name} needs addressSpace.addressPrefixes with at least one range, e.g. 10.0.0.0/16.`,
    );
  }
  const cidrs = vnetCidrs(vnet);
  for (let i = 0; i < cidrs.length; i++) {
    for (let j = 0; j < i; j++) {
      if (overlaps(cidrs[i], cidrs[j])) {
        throw badRequest(
          'VnetAddressSpacesOverlap',
          `Address spaces ${prefixes[j]} and ${prefixes[i]} of virtual network ${vnet.name} overlap. Use ranges that do not overlap.`,
        );
      }
    }
  }
}

const put: RouteHandler = (req, ctx) => {
  const request = readPut(vnetKind, req, ctx);
  const { body, id, existing } = request;
  assertNoFirewallInProgress(ctx, id, id);
  const current = ctx.store.children(id, T.subnet);

  const vnet: ArmResource = {
    ...envelope(vnetKind, req, ctx, request),
    properties: {
      ...writableProperties(body, ['subnets', 'virtualNetworkPeerings']),
      resourceGuid: existing?.properties?.resourceGuid ?? ctx.newGuid(),
      enableDdosProtection: body.properties?.enableDdosProtection ?? false,
      privateEndpointVNetPolicies: body.properties?.privateEndpointVNetPolicies ?? 'Disabled',
    },
  };
  checkAddressSpace(vnet);

  const listed: unknown = body.properties?.subnets;
  let desired = current;
  let removals: string[] = [];
  if (Array.isArray(listed)) {
    desired = listed.map((s: any) => buildSubnet(ctx, vnet, s?.name, s, findByName(current, String(s?.name))));
    const names = new Set<string>();
    for (const s of desired) {
      if (names.has(s.name.toLowerCase()))
        throw badRequest('DuplicateResourceName', `Virtual network ${vnet.name} lists subnet ${s.name} twice. List each subnet once.`);
      names.add(s.name.toLowerCase());
    }
    const removed = current.filter((s) => !names.has(s.name.toLowerCase()));
    for (const s of removed) assertSubnetUnused(ctx.store, s);
    removals = removed.map((s) => s.id);
  }
  validateSubnetSet(vnet, desired);
  return startPut(req, ctx, {
    resource: vnet,
    existed: !!existing,
    azureSeconds: 5,
    render: (r) => renderVnet(ctx, r),
    children: Array.isArray(listed) ? desired : [],
    removals,
  });
};

const del: RouteHandler = (req, ctx) => {
  const vnet = ctx.store.get(idFor(vnetKind, req));
  if (!vnet) return NO_CONTENT;
  for (const s of ctx.store.children(vnet.id, T.subnet)) assertSubnetUnused(ctx.store, s);
  return startDelete(req, ctx, vnet);
};

export const vnetRoutes: Route[] = [...commonRoutes(vnetKind), putRoute(vnetKind, put), deleteRoute(vnetKind, del)];
