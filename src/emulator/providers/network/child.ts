/**
 * Child resources that can also be written inline in their parent's PUT (routes of a route table,
 * security rules of an NSG, rule collection groups of a policy): GET, list, PUT, DELETE.
 */
import type { ArmRequest, ArmResource, ArmResponse, EmulatorContext, Route, RouteHandler } from '../../core/contract.js';
import { listBody, requireBody } from './common.js';
import { idFor, mustGet, NO_CONTENT, type Kind } from './crud.js';
import { anotherOperationInProgress, childNotFound, retryableDueToAnotherOperation } from './errors.js';
import { RG_PATH } from './ids.js';
import type { DurationKey } from '../../core/timing.js';
import { startDelete, startPut } from './lro.js';

export interface ChildKind {
  parent: Kind;
  type: string;
  segment: string;
  param: string;
  /** Azure seconds of a write, or the timing profile's entry for it. */
  azureSeconds: number | DurationKey;
  deleteSeconds: number;
  build: (ctx: EmulatorContext, parent: ArmResource, name: string, body: any) => ArmResource;
  /** Checks on the whole set of children after a write or delete (conflicts, Bastion compliance). */
  validateSet?: (ctx: EmulatorContext, parent: ArmResource, children: ArmResource[]) => void;
  /**
   * 'retry': a write while the parent or a sibling is busy gets 429 RetryableError (subnets, routes, rules);
   * 'conflict': it gets 409 AnotherOperationInProgress (firewall policy rule collection groups).
   */
  whenParentBusy: 'retry' | 'conflict';
  /** Refusals beyond the parent and siblings (rule collection groups: a firewall using the policy is busy). */
  assertWritable?: (ctx: EmulatorContext, parent: ArmResource, id: string) => void;
}

/**
 * A parent PUT that lists its children inline (a route table's `routes`, an NSG's `securityRules`) is a
 * full replacement: the listed children are built and checked as a set, the unlisted ones go when the
 * operation completes.
 */
export function putWithInlineChildren(
  req: ArmRequest,
  ctx: EmulatorContext,
  kind: ChildKind,
  parent: ArmResource,
  existed: boolean,
  listed: unknown,
  azureSeconds: number,
): ArmResponse {
  const children = ((Array.isArray(listed) ? listed : []) as any[]).map((c) => kind.build(ctx, parent, c?.name, c));
  kind.validateSet?.(ctx, parent, children);
  const keep = new Set(children.map((c) => c.id.toLowerCase()));
  const removals = ctx.store
    .children(parent.id, kind.type)
    .filter((c) => !keep.has(c.id.toLowerCase()))
    .map((c) => c.id);
  return startPut(req, ctx, { resource: parent, existed, azureSeconds, render: (r) => kind.parent.render(ctx, r), children, removals });
}

export function childRoutes(kind: ChildKind): Route[] {
  const base = `${RG_PATH}/${kind.parent.segment}/{${kind.parent.param}}/${kind.segment}`;
  const one = `${base}/{${kind.param}}`;
  const childId = (parent: ArmResource, req: ArmRequest) => `${parent.id}/${kind.segment}/${req.params[kind.param]}`;

  const assertQuiet = (ctx: EmulatorContext, parent: ArmResource, id: string) => {
    const busy = [parent, ...ctx.store.children(parent.id, kind.type)].find(
      (r) => r.id.toLowerCase() !== id.toLowerCase() && ctx.lro.inFlight(r.id),
    );
    kind.assertWritable?.(ctx, parent, id);
    if (!busy) return;
    throw kind.whenParentBusy === 'retry' ? retryableDueToAnotherOperation(id, busy.id) : anotherOperationInProgress(busy.id);
  };

  const get: RouteHandler = (req, ctx) => {
    const parent = mustGet(kind.parent, req, ctx);
    const child = ctx.store.get(childId(parent, req));
    if (!child) throw childNotFound(childId(parent, req));
    return { status: 200, body: child };
  };
  const list: RouteHandler = (req, ctx) => {
    const parent = mustGet(kind.parent, req, ctx);
    return { status: 200, body: listBody(ctx.store.children(parent.id, kind.type)) };
  };
  const put: RouteHandler = (req, ctx) => {
    const parent = mustGet(kind.parent, req, ctx);
    const body = requireBody(req);
    const existing = ctx.store.get(childId(parent, req));
    const child = kind.build(ctx, parent, existing?.name ?? req.params[kind.param], body);
    assertQuiet(ctx, parent, child.id);
    const siblings = ctx.store.children(parent.id, kind.type).filter((c) => c.id.toLowerCase() !== child.id.toLowerCase());
    kind.validateSet?.(ctx, parent, [...siblings, child]);
    return startPut(req, ctx, {
      resource: child,
      existed: !!existing,
      azureSeconds: typeof kind.azureSeconds === 'number' ? kind.azureSeconds : ctx.seconds(kind.azureSeconds),
      render: (r) => r,
    });
  };
  const del: RouteHandler = (req, ctx) => {
    const parent = ctx.store.get(idFor(kind.parent, req));
    if (!parent) return NO_CONTENT;
    const child = ctx.store.get(childId(parent, req));
    if (!child) return NO_CONTENT;
    assertQuiet(ctx, parent, child.id);
    const rest = ctx.store.children(parent.id, kind.type).filter((c) => c.id.toLowerCase() !== child.id.toLowerCase());
    kind.validateSet?.(ctx, parent, rest);
    return startDelete(req, ctx, child, { azureSeconds: kind.deleteSeconds });
  };
  return [
    { method: 'GET', path: one, action: `${kind.type}/read`, handler: get },
    { method: 'GET', path: base, action: `${kind.type}/read`, handler: list },
    { method: 'PUT', path: one, action: `${kind.type}/write`, handler: put },
    { method: 'DELETE', path: one, action: `${kind.type}/delete`, handler: del },
  ];
}
