/**
 * Microsoft.ManagedIdentity: user-assigned identities. PUT is synchronous (201 create / 200 update); a
 * create's 201 carries `Location: <the identity's id>`, as recorded Azure traffic shows (Azure/azure-cli
 * src/azure-cli/azure/cli/command_modules/identity/tests/latest/recordings/test_identity_management.yaml);
 * principalId and clientId are generated once and kept across updates. The creation time is kept
 * privately so role assignments can refuse an identity that directory replication has not reached yet.
 */
import type { ArmRequest, ArmResource, ArmResponse, EmulatorContext, Provider } from '../../core/contract.js';
import { resourceNotFound } from '../../core/errors.js';
import { canonicalId, resourceGroupId, TENANT_ID } from '../../core/ids.js';
import { assertName, matchesTagFilter, normalizeLocation, parseEqFilter } from '../../core/validate.js';
import { listAssociatedResources } from './associated.js';
import { listOperations } from './operations.js';

export const IDENTITY_TYPE = 'Microsoft.ManagedIdentity/userAssignedIdentities';
const BASE =
  '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ManagedIdentity/userAssignedIdentities';
const ONE = `${BASE}/{resourceName}`;

export interface IdentityInternal {
  /** ms since epoch; directory replication is simulated from this moment. */
  createdAt?: number;
}

function idOf(req: ArmRequest): string {
  const { subscriptionId, resourceGroupName, resourceName } = req.params;
  return canonicalId(`${resourceGroupId(subscriptionId, resourceGroupName)}/providers/${IDENTITY_TYPE}/${resourceName}`);
}

function put(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const name = req.params.resourceName;
  assertName(name, 'user-assigned identity', {
    min: 3,
    max: 128,
    pattern: /^[a-zA-Z0-9][a-zA-Z0-9_-]*$/,
    description: 'start with a letter or digit and contain only letters, digits, hyphens and underscores',
  });
  const location = normalizeLocation(ctx, req.body?.location, IDENTITY_TYPE);
  const id = idOf(req);
  const before = ctx.store.get(id);
  const identity: ArmResource = {
    id: before?.id ?? id,
    name: before?.name ?? name,
    type: IDENTITY_TYPE,
    location,
    tags: { ...(req.body?.tags ?? {}) },
    properties: {
      tenantId: TENANT_ID,
      principalId: before?.properties?.principalId ?? ctx.newGuid(),
      clientId: before?.properties?.clientId ?? ctx.newGuid(),
      isolationScope: req.body?.properties?.isolationScope ?? before?.properties?.isolationScope ?? 'None',
    },
  };
  ctx.store.put(identity);
  if (!before) ctx.store.internal<IdentityInternal>(id).createdAt = ctx.now();
  return before ? { status: 200, body: identity } : { status: 201, body: identity, headers: { Location: id } };
}

function get(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const found = ctx.store.get(idOf(req));
  if (!found) throw resourceNotFound(idOf(req));
  return { status: 200, body: found };
}

function patch(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const found = get(req, ctx).body as ArmResource;
  const updated = { ...found, ...(req.body?.tags !== undefined ? { tags: { ...req.body.tags } } : {}) };
  ctx.store.put(updated);
  return { status: 200, body: updated };
}

function remove(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  return { status: ctx.store.deleteTree(idOf(req)) > 0 ? 200 : 204 };
}

function list(prefix: (req: ArmRequest) => string) {
  return (req: ArmRequest, ctx: EmulatorContext): ArmResponse => {
    const filter = parseEqFilter(req.query.get('$filter'));
    const value = ctx.store.under(prefix(req), IDENTITY_TYPE).filter((r) => matchesTagFilter(r.tags, filter));
    return { status: 200, body: { value } };
  };
}

export const provider: Provider = {
  namespace: 'Microsoft.ManagedIdentity',
  routes: [
    { method: 'PUT', path: ONE, action: `${IDENTITY_TYPE}/write`, handler: put },
    { method: 'PATCH', path: ONE, action: `${IDENTITY_TYPE}/write`, handler: patch },
    { method: 'GET', path: ONE, action: `${IDENTITY_TYPE}/read`, handler: get },
    { method: 'DELETE', path: ONE, action: `${IDENTITY_TYPE}/delete`, handler: remove },
    {
      method: 'POST',
      path: `${ONE}/listAssociatedResources`,
      action: `${IDENTITY_TYPE}/listAssociatedResources/action`,
      handler: (req, ctx) => listAssociatedResources(idOf(req), ctx),
    },
    { method: 'GET', path: '/providers/Microsoft.ManagedIdentity/operations', handler: listOperations },
    {
      method: 'GET',
      path: BASE,
      action: `${IDENTITY_TYPE}/read`,
      handler: list((req) => resourceGroupId(req.params.subscriptionId, req.params.resourceGroupName)),
    },
    {
      method: 'GET',
      path: '/subscriptions/{subscriptionId}/providers/Microsoft.ManagedIdentity/userAssignedIdentities',
      action: `${IDENTITY_TYPE}/read`,
      handler: list((req) => `/subscriptions/${req.params.subscriptionId}`),
    },
  ],
};
