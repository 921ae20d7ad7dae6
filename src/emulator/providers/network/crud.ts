/**
 * The routes every top-level network type shares: GET one, list in a resource group and in the
 * subscription, PATCH tags. PUT and DELETE are per type (their validation differs).
 */
import type { ArmRequest, ArmResource, EmulatorContext, Route, RouteHandler } from '../../core/contract.js';
import { checkLocation, checkName, listBody, newEtag, ofType, requireBody, tagsOf } from './common.js';
import { resourceNotFound } from './errors.js';
import { RG_PATH, SUB_PATH, networkId, resourceGroupOf, sameId, subscriptionOf } from './ids.js';

export interface Kind {
  /** e.g. Microsoft.Network/virtualNetworks */
  type: string;
  /** URL segment, e.g. virtualNetworks */
  segment: string;
  /** Route parameter holding the name, e.g. virtualNetworkName */
  param: string;
  /** Words for messages, e.g. "virtual network" */
  label: string;
  render: (ctx: EmulatorContext, resource: ArmResource) => ArmResource;
}

/** Where a request names a resource: the URL segment and route parameter of its type. */
type Address = Pick<Kind, 'segment' | 'param'>;

export function idFor(kind: Address, req: ArmRequest): string {
  const { subscriptionId, resourceGroupName } = req.params;
  return networkId(subscriptionId, resourceGroupName, kind.segment, req.params[kind.param]);
}

/** The stored resource a request names, or 404 ResourceNotFound. */
export function mustGet(kind: Address, req: ArmRequest, ctx: EmulatorContext): ArmResource {
  const id = idFor(kind, req);
  const found = ctx.store.get(id);
  if (!found) throw resourceNotFound(id);
  return found;
}

export function commonRoutes(kind: Kind): Route[] {
  const one = `${RG_PATH}/${kind.segment}/{${kind.param}}`;
  const get: RouteHandler = (req, ctx) => ({ status: 200, body: kind.render(ctx, mustGet(kind, req, ctx)) });
  const listRg: RouteHandler = (req, ctx) => {
    const { subscriptionId, resourceGroupName } = req.params;
    const items = ofType(ctx.store, kind.type).filter(
      (r) => sameId(subscriptionOf(r.id), subscriptionId) && sameId(resourceGroupOf(r.id), resourceGroupName),
    );
    return { status: 200, body: listBody(items.map((r) => kind.render(ctx, r))) };
  };
  const listSub: RouteHandler = (req, ctx) => {
    const items = ofType(ctx.store, kind.type).filter((r) => sameId(subscriptionOf(r.id), req.params.subscriptionId));
    return { status: 200, body: listBody(items.map((r) => kind.render(ctx, r))) };
  };
  // PATCH replaces tags only and is synchronous for these types.
  const patchTags: RouteHandler = (req, ctx) => {
    const found = mustGet(kind, req, ctx);
    const updated: ArmResource = { ...structuredClone(found), etag: newEtag(ctx) };
    if (req.body?.tags && typeof req.body.tags === 'object') updated.tags = { ...req.body.tags };
    ctx.store.put(updated);
    return { status: 200, body: kind.render(ctx, updated) };
  };
  return [
    { method: 'GET', path: one, action: `${kind.type}/read`, handler: get },
    { method: 'GET', path: `${RG_PATH}/${kind.segment}`, action: `${kind.type}/read`, handler: listRg },
    { method: 'GET', path: `${SUB_PATH}/${kind.segment}`, action: `${kind.type}/read`, handler: listSub },
    { method: 'PATCH', path: one, action: `${kind.type}/write`, handler: patchTags },
  ];
}

/** What every top-level PUT reads first: the body, the id, the name check, what exists, the region. */
export interface PutRequest {
  body: any;
  id: string;
  existing?: ArmResource;
  location: string;
}

export function readPut(kind: Kind, req: ArmRequest, ctx: EmulatorContext): PutRequest {
  const body = requireBody(req);
  const id = idFor(kind, req);
  checkName(req.params[kind.param], kind.label);
  const existing = ctx.store.get(id);
  return { body, id, existing, location: checkLocation(ctx, body, kind.type, existing) };
}

/** The stored envelope of a top-level resource: the name keeps its first casing, tags only when given, a new etag. */
export function envelope(kind: Kind, req: ArmRequest, ctx: EmulatorContext, put: PutRequest): ArmResource {
  const tags = tagsOf(put.body);
  return {
    id: put.existing?.id ?? put.id,
    name: put.existing?.name ?? req.params[kind.param],
    type: kind.type,
    location: put.location,
    ...(tags ? { tags } : {}),
    etag: newEtag(ctx),
  };
}

export function putRoute(kind: Kind, handler: RouteHandler): Route {
  return { method: 'PUT', path: `${RG_PATH}/${kind.segment}/{${kind.param}}`, action: `${kind.type}/write`, handler };
}

export function deleteRoute(kind: Kind, handler: RouteHandler): Route {
  return { method: 'DELETE', path: `${RG_PATH}/${kind.segment}/{${kind.param}}`, action: `${kind.type}/delete`, handler };
}

/** DELETE of something that does not exist: ARM network answers 204 at once. */
export const NO_CONTENT = { status: 204 } as const;
