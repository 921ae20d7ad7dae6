/**
 * Subnets as their own resource. A PUT fully replaces the subnet: omitting routeTable or
 * networkSecurityGroup disassociates them. Writes while the VNet or a sibling subnet is changing get
 * Azure's 429 RetryableError (the SDK retries after Retry-After).
 */
import type { ArmRequest, ArmResource, EmulatorContext, Route, RouteHandler } from '../../core/contract.js';
import { listBody, requireBody } from './common.js';
import { NO_CONTENT } from './crud.js';
import { childNotFound, resourceNotFound, retryableDueToAnotherOperation } from './errors.js';
import { RG_PATH, T, networkId } from './ids.js';
import { startDelete, startPut } from './lro.js';
import { assertSubnetUnused, buildSubnet, renderSubnet, validateSubnetSet } from './subnet-model.js';

const ONE = `${RG_PATH}/virtualNetworks/{virtualNetworkName}/subnets/{subnetName}`;

function vnetOf(req: ArmRequest, ctx: EmulatorContext): ArmResource {
  const { subscriptionId, resourceGroupName, virtualNetworkName } = req.params;
  const vnetId = networkId(subscriptionId, resourceGroupName, 'virtualNetworks', virtualNetworkName);
  const vnet = ctx.store.get(vnetId);
  if (!vnet) throw resourceNotFound(vnetId);
  return vnet;
}

/** The VNet or another of its subnets has an operation running: retry later. */
function assertVnetQuiet(ctx: EmulatorContext, vnet: ArmResource, subnetId: string): void {
  if (ctx.lro.inFlight(vnet.id)) throw retryableDueToAnotherOperation(subnetId, vnet.id);
  const busy = ctx.store.children(vnet.id, T.subnet).find((s) => s.id.toLowerCase() !== subnetId.toLowerCase() && ctx.lro.inFlight(s.id));
  if (busy) throw retryableDueToAnotherOperation(subnetId, busy.id);
}

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
  assertVnetQuiet(ctx, vnet, subnet.id);
  const siblings = ctx.store.children(vnet.id, T.subnet).filter((s) => s.id.toLowerCase() !== subnet.id.toLowerCase());
  validateSubnetSet(vnet, [...siblings, subnet]);
  return startPut(req, ctx, { resource: subnet, existed: !!existing, azureSeconds: 3, render: (r) => renderSubnet(ctx, r) });
};

const del: RouteHandler = (req, ctx) => {
  const { subscriptionId, resourceGroupName, virtualNetworkName, subnetName } = req.params;
  const subnet = ctx.store.get(networkId(subscriptionId, resourceGroupName, 'virtualNetworks', virtualNetworkName, 'subnets', subnetName));
  if (!subnet) return NO_CONTENT;
  const vnet = vnetOf(req, ctx);
  assertVnetQuiet(ctx, vnet, subnet.id);
  assertSubnetUnused(ctx.store, subnet);
  return startDelete(req, ctx, subnet);
};

export const subnetRoutes: Route[] = [
  { method: 'GET', path: ONE, action: `${T.subnet}/read`, handler: get },
  { method: 'GET', path: `${RG_PATH}/virtualNetworks/{virtualNetworkName}/subnets`, action: `${T.subnet}/read`, handler: list },
  { method: 'PUT', path: ONE, action: `${T.subnet}/write`, handler: put },
  { method: 'DELETE', path: ONE, action: `${T.subnet}/delete`, handler: del },
];
