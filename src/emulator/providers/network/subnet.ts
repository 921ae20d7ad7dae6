/**
 * Subnets as their own resource. A PUT fully replaces the subnet: omitting routeTable or
 * networkSecurityGroup disassociates them. A write while a sibling subnet is changing is accepted and
 * fails inside its operation; one that references a route table or NSG still changing gets 429; while
 * a firewall in the VNet is being created or updated, writes get 409 (see dependencies.ts).
 */
import type { ArmRequest, ArmResource, EmulatorContext, Route, RouteHandler } from '../../core/contract.js';
import { listBody, requireBody } from './common.js';
import { mustGet, NO_CONTENT } from './crud.js';
import { childNotFound } from './errors.js';
import { assertNoFirewallInProgress, assertReferencesProvisioned, failIfSiblingSubnetBusy } from './dependencies.js';
import { RG_PATH, T, networkId, refId } from './ids.js';
import { startDelete, startPut } from './lro.js';
import { vnetKind } from './vnet.js';
import { assertSubnetUnused, buildSubnet, renderSubnet, validateSubnetSet } from './subnet-model.js';

const ONE = `${RG_PATH}/virtualNetworks/{virtualNetworkName}/subnets/{subnetName}`;

const vnetOf = (req: ArmRequest, ctx: EmulatorContext): ArmResource => mustGet(vnetKind, req, ctx);

const get: RouteHandler = (req, ctx) => {
  const vnet = vnetOf(req, ctx);
  const subnet = ctx.store.get(`${vnet.id}/subnets/${req.params.subnetName}`);
  if (!subnet) throw childNotFound(`${vnet.id}/subnets/${req.params.subnetName}`);
  return { status: 200, body: renderSubnet(ctx, subnet) };
};

const list: RouteHandler = (req, ctx) => {
  const vnet = vnetOf(req, ctx);
  return { status: 200, body: listBody(ctx.store.children(vnet.id, T.subnet).map((s) => renderSubnet(ctx, s))) };
};

const put: RouteHandler = (req, ctx) => {
  const vnet = vnetOf(req, ctx);
  const body = requireBody(req);
  const existing = ctx.store.get(`${vnet.id}/subnets/${req.params.subnetName}`);
  const subnet = buildSubnet(ctx, vnet, req.params.subnetName, body, existing);
  assertNoFirewallInProgress(ctx, vnet.id, subnet.id);
  assertReferencesProvisioned(ctx, subnet.id, [refId(subnet.properties?.routeTable), refId(subnet.properties?.networkSecurityGroup)]);
  failIfSiblingSubnetBusy(req, ctx, vnet, subnet.id);
  const siblings = ctx.store.children(vnet.id, T.subnet).filter((s) => s.id.toLowerCase() !== subnet.id.toLowerCase());
  validateSubnetSet(vnet, [...siblings, subnet]);
  return startPut(req, ctx, { resource: subnet, existed: !!existing, azureSeconds: 3, render: (r) => renderSubnet(ctx, r) });
};

const del: RouteHandler = (req, ctx) => {
  const { subscriptionId, resourceGroupName, virtualNetworkName, subnetName } = req.params;
  const subnet = ctx.store.get(networkId(subscriptionId, resourceGroupName, 'virtualNetworks', virtualNetworkName, 'subnets', subnetName));
  if (!subnet) return NO_CONTENT;
  const vnet = vnetOf(req, ctx);
  assertNoFirewallInProgress(ctx, vnet.id, subnet.id);
  assertSubnetUnused(ctx.store, subnet);
  failIfSiblingSubnetBusy(req, ctx, vnet, subnet.id);
  return startDelete(req, ctx, subnet);
};

export const subnetRoutes: Route[] = [
  { method: 'GET', path: ONE, action: `${T.subnet}/read`, handler: get },
  { method: 'GET', path: `${RG_PATH}/virtualNetworks/{virtualNetworkName}/subnets`, action: `${T.subnet}/read`, handler: list },
  { method: 'PUT', path: ONE, action: `${T.subnet}/write`, handler: put },
  { method: 'DELETE', path: ONE, action: `${T.subnet}/delete`, handler: del },
];
