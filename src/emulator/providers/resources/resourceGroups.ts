/** Resource groups: PUT is synchronous (201/200); DELETE is an LRO (202 + Location) that empties the group. */
import type { ArmRequest, ArmResource, ArmResponse, EmulatorContext, Route, StoreEffect } from '../../core/contract.js';
import { ArmError } from '../../core/contract.js';
import { resourceGroupNotFound } from '../../core/errors.js';
import { resourceGroupId } from '../../core/ids.js';
import { assertName, matchesTagFilter, normalizeLocation, parseEqFilter } from '../../core/validate.js';

const TYPE = 'Microsoft.Resources/resourceGroups';
const RG = '/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}';
const DELETE_AZURE_SECONDS = 20;

function existing(req: ArmRequest, ctx: EmulatorContext): ArmResource {
  const rg = ctx.store.get(resourceGroupId(req.params.subscriptionId, req.params.resourceGroupName));
  if (!rg) throw resourceGroupNotFound(req.params.resourceGroupName);
  return rg;
}

function put(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const { subscriptionId, resourceGroupName: name } = req.params;
  assertName(name, 'resource group', {
    min: 1,
    max: 90,
    pattern: /^[-\p{L}\p{N}_.()]*[-\p{L}\p{N}_()]$/u,
    description: 'contain only alphanumerics, underscores, parentheses, hyphens and periods, and not end in a period',
    code: 'InvalidResourceGroupName',
  });
  const location = normalizeLocation(ctx, req.body?.location, TYPE);
  const id = resourceGroupId(subscriptionId, name);
  const before = ctx.store.get(id);
  if (before && before.location !== location) {
    throw new ArmError(
      409,
      'InvalidResourceGroupLocation',
      `Invalid resource group location '${location}'. The Resource group already exists in location '${before.location}'.`,
    );
  }
  const rg: ArmResource = {
    id: before?.id ?? id,
    name: before?.name ?? name,
    type: TYPE,
    location,
    ...(req.body?.managedBy ? { managedBy: String(req.body.managedBy) } : {}),
    ...(req.body?.tags ? { tags: { ...req.body.tags } } : {}),
    properties: { provisioningState: 'Succeeded' },
  };
  ctx.store.put(rg);
  return { status: before ? 200 : 201, body: rg };
}

function patch(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const rg = { ...existing(req, ctx) };
  if (req.body?.tags !== undefined) rg.tags = { ...req.body.tags };
  if (req.body?.managedBy !== undefined) rg.managedBy = req.body.managedBy;
  ctx.store.put(rg);
  return { status: 200, body: rg };
}

function remove(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const rg = existing(req, ctx);
  // Groups managed by something inside this one (an AKS node resource group) go with it.
  const prefix = rg.id.toLowerCase() + '/';
  const managed = ctx.store
    .all()
    .filter((r) => r.type === TYPE && typeof r.managedBy === 'string' && (r.managedBy.toLowerCase() + '/').startsWith(prefix));
  const effects: StoreEffect[] = [rg, ...managed].map((r) => ({ delete: r.id, recursive: true }));
  return ctx.lro.start(req, {
    resourceId: rg.id,
    mode: 'location',
    azureSeconds: DELETE_AZURE_SECONDS,
    inFlightState: 'Deleting',
    outcome: { effects },
    initialStatus: 202,
  });
}

function list(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const filter = parseEqFilter(req.query.get('$filter'));
  const top = Number(req.query.get('$top') ?? Infinity);
  const value = ctx.store
    .under(`/subscriptions/${req.params.subscriptionId}`, TYPE)
    .filter((rg) => matchesTagFilter(rg.tags, filter))
    .slice(0, top);
  return { status: 200, body: { value } };
}

export const resourceGroupRoutes: Route[] = [
  { method: 'PUT', path: RG, action: 'Microsoft.Resources/subscriptions/resourceGroups/write', handler: put },
  { method: 'PATCH', path: RG, action: 'Microsoft.Resources/subscriptions/resourceGroups/write', handler: patch },
  {
    method: 'GET',
    path: RG,
    action: 'Microsoft.Resources/subscriptions/resourceGroups/read',
    handler: (req, ctx) => ({ status: 200, body: existing(req, ctx) }),
  },
  {
    method: 'HEAD',
    path: RG,
    action: 'Microsoft.Resources/subscriptions/resourceGroups/read',
    // 204 (not 200) is what checkExistence expects.
    handler: (req, ctx) => ({ status: ctx.store.resourceGroupExists(req.params.subscriptionId, req.params.resourceGroupName) ? 204 : 404 }),
  },
  { method: 'DELETE', path: RG, action: 'Microsoft.Resources/subscriptions/resourceGroups/delete', handler: remove },
  {
    method: 'GET',
    path: '/subscriptions/{subscriptionId}/resourcegroups',
    action: 'Microsoft.Resources/subscriptions/resourceGroups/read',
    handler: list,
  },
];
