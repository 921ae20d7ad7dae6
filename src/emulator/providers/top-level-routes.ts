/**
 * The routes a top-level resource type of the compute and container service providers has: PUT, GET and
 * DELETE of one resource (the type's own handlers), and its lists in a resource group and in the
 * subscription, which only read the store and so are the same for every type.
 */
import type { Route, RouteHandler } from '../core/contract.js';
import { resourceGroupId } from '../core/ids.js';

export interface TopLevelType {
  /** e.g. Microsoft.Compute */
  namespace: string;
  /** URL segment, e.g. virtualMachines */
  segment: string;
  /** Route parameter holding the name, e.g. vmName */
  param: string;
  put: RouteHandler;
  get: RouteHandler;
  delete: RouteHandler;
}

/** The path of one resource of the type, for the type's further routes (`.../managedClusters/{resourceName}`). */
export function resourcePath(t: Pick<TopLevelType, 'namespace' | 'segment' | 'param'>): string {
  return `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/${t.namespace}/${t.segment}/{${t.param}}`;
}

export function topLevelRoutes(t: TopLevelType): Route[] {
  const type = `${t.namespace}/${t.segment}`;
  const one = resourcePath(t);
  const list: RouteHandler = (req, ctx) => {
    const { subscriptionId, resourceGroupName } = req.params;
    const scope = resourceGroupName ? resourceGroupId(subscriptionId, resourceGroupName) : `/subscriptions/${subscriptionId}`;
    return { status: 200, body: { value: ctx.store.under(scope, type).map((r) => ctx.present(r)) } };
  };
  return [
    { method: 'PUT', path: one, action: `${type}/write`, handler: t.put },
    { method: 'GET', path: one, action: `${type}/read`, handler: t.get },
    { method: 'DELETE', path: one, action: `${type}/delete`, handler: t.delete },
    {
      method: 'GET',
      path: `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/${type}`,
      action: `${type}/read`,
      handler: list,
    },
    { method: 'GET', path: `/subscriptions/{subscriptionId}/providers/${type}`, action: `${type}/read`, handler: list },
  ];
}
