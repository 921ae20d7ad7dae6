/**
 * Role assignments at any scope. Azure's refusals: a name that is not a GUID, an unknown role, a principal
 * the directory does not know yet (PrincipalNotFound, also during replication of a new identity), the
 * same principal+role+scope under another name (RoleAssignmentExists), changing an existing assignment.
 */
import type { ArmRequest, ArmResource, ArmResponse, EmulatorContext, Route } from '../../core/contract.js';
import { ArmError } from '../../core/contract.js';
import { missingProperty, resourceNotFound } from '../../core/errors.js';
import { canonicalId, parseResourceId, TENANT_ID } from '../../core/ids.js';
import { parseEqFilter } from '../../core/validate.js';
import { recordPropagation, ROLE_ASSIGNMENT_TYPE, scopeCovers } from './access.js';
import { builtInRole } from './builtInRoles.js';
import { lookupPrincipal } from './principals.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ONE = `{scope*}/providers/${ROLE_ASSIGNMENT_TYPE}/{roleAssignmentName}`;

const scopeOf = (req: ArmRequest) => canonicalId(req.params.scope || '/');
const idOf = (req: ArmRequest) => `${scopeOf(req).replace(/\/$/, '')}/providers/${ROLE_ASSIGNMENT_TYPE}/${req.params.roleAssignmentName}`;

function assertScopeExists(ctx: EmulatorContext, scope: string): void {
  const parsed = parseResourceId(scope);
  if (parsed.type && parsed.name && parsed.type !== 'Microsoft.Resources/subscriptions' && !ctx.store.get(scope))
    throw resourceNotFound(scope);
}

function put(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const name = req.params.roleAssignmentName;
  if (!GUID.test(name))
    throw new ArmError(
      400,
      'InvalidRoleAssignmentId',
      `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`,
    );
  const props = req.body?.properties ?? {};
  if (typeof props.roleDefinitionId !== 'string') throw missingProperty('properties.roleDefinitionId');
  if (typeof props.principalId !== 'string') throw missingProperty('properties.principalId');
  if (!builtInRole(props.roleDefinitionId)) {
    throw new ArmError(
      400,
      'RoleDefinitionDoesNotExist',
      `The specified role definition with ID '${props.roleDefinitionId.split('/').pop()}' does not exist.`,
    );
  }
  const scope = scopeOf(req);
  assertScopeExists(ctx, scope);
  const sameRole = (r: ArmResource) => builtInRole(r.properties?.roleDefinitionId)?.id === builtInRole(props.roleDefinitionId)?.id;
  const samePrincipal = (r: ArmResource) => String(r.properties?.principalId).toLowerCase() === props.principalId.toLowerCase();
  const id = idOf(req);
  const before = ctx.store.get(id);
  if (before) {
    if (sameRole(before) && samePrincipal(before)) return { status: 201, body: before };
    throw new ArmError(
      400,
      'RoleAssignmentUpdateNotPermitted',
      'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.',
    );
  }
  // With principalType given, ARM skips the directory lookup that lags behind a new identity
  // (https://learn.microsoft.com/azure/role-based-access-control/role-assignments-template#new-service-principal);
  // a principal the directory has never had is still refused.
  const principal = lookupPrincipal(ctx, props.principalId);
  const replicationTolerated = principal === 'replicating' && typeof props.principalType === 'string';
  if (principal !== 'found' && !replicationTolerated) {
    throw new ArmError(
      400,
      'PrincipalNotFound',
      `Principal ${props.principalId.replace(/-/g, '')} does not exist in the directory ${TENANT_ID}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype`,
    );
  }
  const duplicate = ctx.store
    .all()
    .find(
      (r) =>
        r.type === ROLE_ASSIGNMENT_TYPE &&
        String(r.properties?.scope).toLowerCase() === scope.toLowerCase() &&
        sameRole(r) &&
        samePrincipal(r),
    );
  if (duplicate)
    throw new ArmError(
      409,
      'RoleAssignmentExists',
      `The role assignment already exists. The ID of the existing role assignment is ${duplicate.name}.`,
    );
  const now = new Date(ctx.now()).toISOString();
  const assignment: ArmResource = {
    id,
    name,
    type: ROLE_ASSIGNMENT_TYPE,
    properties: {
      roleDefinitionId: props.roleDefinitionId,
      principalId: props.principalId,
      principalType: props.principalType ?? 'ServicePrincipal',
      scope,
      // Azure answers these keys on every assignment, null when unset (as recorded role assignment
      // traffic in Azure/azure-cli src/azure-cli/azure/cli/command_modules/role/tests/latest/recordings shows).
      condition: props.condition ?? null,
      conditionVersion: props.condition ? (props.conditionVersion ?? '2.0') : null,
      description: props.description ?? null,
      delegatedManagedIdentityResourceId: props.delegatedManagedIdentityResourceId ?? null,
      createdOn: now,
      updatedOn: now,
      createdBy: ctx.caller().principalId,
      updatedBy: ctx.caller().principalId,
    },
  };
  ctx.store.put(assignment);
  recordPropagation(ctx, id);
  return { status: 201, body: assignment };
}

function get(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const found = ctx.store.get(idOf(req));
  if (!found) throw new ArmError(404, 'RoleAssignmentNotFound', `The role assignment '${req.params.roleAssignmentName}' is not found.`);
  return { status: 200, body: found };
}

function remove(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const found = ctx.store.get(idOf(req));
  if (!found) return { status: 204 };
  ctx.store.delete(found.id);
  return { status: 200, body: found };
}

/** `atScope()`: at the scope and above; no filter: above, at and below; `principalId eq`/`assignedTo()` narrow it. */
function list(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const scope = scopeOf(req);
  const rawFilter = req.query.get('$filter') ?? '';
  const filter = parseEqFilter(rawFilter);
  const assignedTo = /assignedTo\('([^']*)'\)/i.exec(rawFilter)?.[1];
  const principal = (filter.principalid ?? assignedTo)?.toLowerCase();
  const atScope = /atScope\(\)/i.test(rawFilter);
  const value = ctx.store
    .all()
    .filter((r) => r.type === ROLE_ASSIGNMENT_TYPE)
    .filter((r) => {
      const s = String(r.properties?.scope ?? '');
      return scopeCovers(s, scope) || (!atScope && scopeCovers(scope, s));
    })
    .filter((r) => !principal || String(r.properties?.principalId).toLowerCase() === principal);
  return { status: 200, body: { value } };
}

export const roleAssignmentRoutes: Route[] = [
  { method: 'PUT', path: ONE, action: `${ROLE_ASSIGNMENT_TYPE}/write`, handler: put },
  { method: 'GET', path: ONE, action: `${ROLE_ASSIGNMENT_TYPE}/read`, handler: get },
  { method: 'DELETE', path: ONE, action: `${ROLE_ASSIGNMENT_TYPE}/delete`, handler: remove },
  { method: 'GET', path: `{scope*}/providers/${ROLE_ASSIGNMENT_TYPE}`, action: `${ROLE_ASSIGNMENT_TYPE}/read`, handler: list },
];
