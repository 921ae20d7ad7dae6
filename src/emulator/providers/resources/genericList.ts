/**
 * The generic resource lists (`.../resourceGroups/{rg}/resources`, `/subscriptions/{s}/resources`):
 * top-level resources only (no subnets, no role assignments), filtered by tag, type or name.
 */
import type { ArmRequest, ArmResource, EmulatorContext, Route } from '../../core/contract.js';
import { isTopLevelResource, resourceGroupId } from '../../core/ids.js';
import { matchesTagFilter, parseEqFilter } from '../../core/validate.js';

const GENERIC_FIELDS = ['id', 'name', 'type', 'location', 'tags', 'sku', 'kind', 'identity', 'managedBy', 'zones', 'extendedLocation'];

function summary(r: ArmResource): Record<string, unknown> {
  return Object.fromEntries(GENERIC_FIELDS.filter((f) => r[f] !== undefined).map((f) => [f, r[f]]));
}

function listUnder(prefix: string, req: ArmRequest, ctx: EmulatorContext) {
  const filter = parseEqFilter(req.query.get('$filter'));
  const top = Number(req.query.get('$top') ?? Infinity);
  const value = ctx.store
    .under(prefix)
    .filter((r) => isTopLevelResource(r.id))
    .filter((r) => matchesTagFilter(r.tags, filter))
    .filter((r) => !filter.resourcetype || r.type.toLowerCase() === filter.resourcetype.toLowerCase())
    .filter((r) => !filter.name || r.name.toLowerCase() === filter.name.toLowerCase())
    .slice(0, top)
    .map((r) => {
      const shown = ctx.present(r);
      return /properties/i.test(req.query.get('$expand') ?? '') ? shown : summary(shown);
    });
  return { status: 200, body: { value } };
}

export const genericListRoutes: Route[] = [
  {
    method: 'GET',
    path: '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/resources',
    action: 'Microsoft.Resources/subscriptions/resourceGroups/resources/read',
    handler: (req, ctx) => listUnder(resourceGroupId(req.params.subscriptionId, req.params.resourceGroupName), req, ctx),
  },
  {
    method: 'GET',
    path: '/subscriptions/{subscriptionId}/resources',
    action: 'Microsoft.Resources/subscriptions/resources/read',
    handler: (req, ctx) => listUnder(`/subscriptions/${req.params.subscriptionId}`, req, ctx),
  },
];
