/**
 * Route tables and their routes. A route table PUT is a full replacement: the `routes` it lists are the
 * routes it has afterwards. `subnets` on GET lists the subnets associated with the table.
 */
import type { ArmResource, EmulatorContext, Route, RouteHandler } from '../../core/contract.js';
import { parseIp } from '../../core/ip.js';
import { checkName, newEtag, writableProperties } from './common.js';
import { childRoutes, putWithInlineChildren, type ChildKind } from './child.js';
import { commonRoutes, deleteRoute, envelope, idFor, NO_CONTENT, putRoute, readPut, type Kind } from './crud.js';
import { parsePrefix } from './addresses.js';
import { badRequest, inUse } from './errors.js';
import { T, ref } from './ids.js';
import { startDelete } from './lro.js';
import { subnetsReferencing } from './refs.js';

const NEXT_HOP_TYPES = ['VirtualNetworkGateway', 'VnetLocal', 'Internet', 'VirtualAppliance', 'None'];

export function renderRouteTable(ctx: EmulatorContext, table: ArmResource): ArmResource {
  const properties: Record<string, any> = { ...table.properties, routes: ctx.store.children(table.id, T.route) };
  const subnets = subnetsReferencing(ctx.store, 'routeTable', table.id).map((s) => ref(s.id));
  if (subnets.length > 0) properties.subnets = subnets;
  return { ...table, properties };
}

export const routeTableKind: Kind = {
  type: T.routeTable,
  segment: 'routeTables',
  param: 'routeTableName',
  label: 'route table',
  render: renderRouteTable,
};

export function buildRoute(ctx: EmulatorContext, table: ArmResource, name: unknown, body: any): ArmResource {
  if (typeof name !== 'string') throw badRequest('InvalidRequestFormat', `Every route of route table ${table.name} needs a name.`);
  checkName(name, 'route');
  const id = `${table.id}/routes/${name}`;
  const props = writableProperties(body, []);
  // Service tags (e.g. AzureCloud) are valid destinations as well as CIDR ranges.
  if (typeof props.addressPrefix !== 'string' || !/^[A-Za-z][A-Za-z0-9.]*$/.test(props.addressPrefix)) parsePrefix(props.addressPrefix, id);
  const hop = NEXT_HOP_TYPES.find((t) => t.toLowerCase() === String(props.nextHopType).toLowerCase());
  if (!hop) {
    throw badRequest(
      'InvalidNextHopType',
      `Route ${name} has nextHopType '${props.nextHopType}'. Use one of ${NEXT_HOP_TYPES.join(', ')}.`,
      id,
    );
  }
  props.nextHopType = hop;
  if (hop === 'VirtualAppliance') {
    if (!props.nextHopIpAddress) {
      throw badRequest(
        'MissingNextHopIpAddress',
        `NextHopIpAddress cannot be Null or Empty in route ${name} when NextHopType is VirtualAppliance. Set nextHopIpAddress to the appliance's private IP (the firewall's).`,
        id,
      );
    }
    if (parseIp(props.nextHopIpAddress) === undefined) {
      throw badRequest(
        'InvalidNextHopIpAddress',
        `Route ${name} has nextHopIpAddress '${props.nextHopIpAddress}', which is not an IPv4 address.`,
        id,
      );
    }
  } else if (props.nextHopIpAddress) {
    throw badRequest(
      'NextHopIpAddressNotAllowed',
      `Route ${name} has a nextHopIpAddress but nextHopType ${hop}; only VirtualAppliance routes take one. Remove nextHopIpAddress.`,
      id,
    );
  }
  props.hasBgpOverride = false;
  return { id, name, type: T.route, etag: newEtag(ctx), properties: props };
}

function checkRouteSet(table: ArmResource, routes: ArmResource[]): void {
  const seen = new Map<string, string>();
  for (const r of routes) {
    const prefix = String(r.properties?.addressPrefix).toLowerCase();
    const other = seen.get(prefix);
    if (other) {
      throw badRequest(
        'RouteConflict',
        `Routes ${other} and ${r.name} of route table ${table.name} have the same address prefix ${r.properties?.addressPrefix}. Keep one route per prefix.`,
      );
    }
    seen.set(prefix, r.name);
  }
}

const put: RouteHandler = (req, ctx) => {
  const request = readPut(routeTableKind, req, ctx);
  const { body, existing } = request;
  const table: ArmResource = {
    ...envelope(routeTableKind, req, ctx, request),
    properties: {
      ...writableProperties(body, ['routes', 'subnets']),
      disableBgpRoutePropagation: body.properties?.disableBgpRoutePropagation ?? false,
      resourceGuid: existing?.properties?.resourceGuid ?? ctx.newGuid(),
    },
  };
  return putWithInlineChildren(req, ctx, routeKind, table, !!existing, body.properties?.routes, 3);
};

const del: RouteHandler = (req, ctx) => {
  const table = ctx.store.get(idFor(routeTableKind, req));
  if (!table) return NO_CONTENT;
  const users = subnetsReferencing(ctx.store, 'routeTable', table.id).map((s) => s.id);
  if (users.length > 0) throw inUse('InUseRouteTableCannotBeDeleted', table.id, users, 'Route table');
  return startDelete(req, ctx, table);
};

export const routeKind: ChildKind = {
  parent: routeTableKind,
  type: T.route,
  segment: 'routes',
  param: 'routeName',
  azureSeconds: 2,
  deleteSeconds: 2,
  whenParentBusy: 'retry',
  build: buildRoute,
  validateSet: (_ctx, table, routes) => checkRouteSet(table, routes),
};

export const routeTableRoutes: Route[] = [
  ...commonRoutes(routeTableKind),
  putRoute(routeTableKind, put),
  deleteRoute(routeTableKind, del),
  ...childRoutes(routeKind),
];
