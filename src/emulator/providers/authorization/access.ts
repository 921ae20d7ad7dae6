/** Questions other providers ask about RBAC (e.g. AKS: may the cluster identity join this subnet?). */
import type { EmulatorContext, Store } from '../../core/contract.js';
import { isPermitted } from '../../core/actions.js';
import { builtInRole } from './builtInRoles.js';

export const ROLE_ASSIGNMENT_TYPE = 'Microsoft.Authorization/roleAssignments';

/** True when `scope` is `target` or one of its ancestors ('' or '/' is the root). */
export function scopeCovers(scope: string, target: string): boolean {
  const s = scope.replace(/\/+$/, '').toLowerCase();
  const t = target.replace(/\/+$/, '').toLowerCase();
  return s === '' || s === t || t.startsWith(s + '/');
}

/**
 * Some role assignment for `principalId` at `scopeId` or any ancestor scope grants `permittedAction`
 * through its role's actions/notActions (built-in roles).
 */
export function hasRoleAssignment(store: Store, principalId: string, scopeId: string, permittedAction: string): boolean {
  return store
    .all()
    .filter((r) => r.type.toLowerCase() === ROLE_ASSIGNMENT_TYPE.toLowerCase())
    .filter((r) => String(r.properties?.principalId ?? '').toLowerCase() === principalId.toLowerCase())
    .filter((r) => scopeCovers(String(r.properties?.scope ?? ''), scopeId))
    .some((r) => builtInRole(r.properties?.roleDefinitionId)?.permissions.some((p) => isPermitted(p, permittedAction)) ?? false);
}

/**
 * How long (real Azure seconds, scaled by the speed factor) a new role assignment takes to reach the AKS
 * authorization webhook: until then kubectl is still refused (Azure documents up to five minutes).
 */
export const DATA_PLANE_PROPAGATION_AZURE_SECONDS = 30;

/**
 * Some role assignment for `principalId` at `scopeId` or above, old enough to have propagated, whose role
 * grants `dataAction` through its dataActions/notDataActions (Owner and Contributor have none: managing a
 * cluster does not let you read inside it).
 */
export function grantsDataAction(ctx: EmulatorContext, principalId: string, scopeId: string, dataAction: string): boolean {
  const effectiveBefore = ctx.now() - (DATA_PLANE_PROPAGATION_AZURE_SECONDS * 1000) / ctx.speed;
  return ctx.store
    .all()
    .filter((r) => r.type.toLowerCase() === ROLE_ASSIGNMENT_TYPE.toLowerCase())
    .filter((r) => String(r.properties?.principalId ?? '').toLowerCase() === principalId.toLowerCase())
    .filter((r) => scopeCovers(String(r.properties?.scope ?? ''), scopeId))
    .filter((r) => !(Date.parse(String(r.properties?.createdOn ?? '')) > effectiveBefore))
    .some(
      (r) =>
        builtInRole(r.properties?.roleDefinitionId)?.permissions.some((p) => isPermitted({ actions: p.dataActions, notActions: p.notDataActions }, dataAction)) ??
        false,
    );
}
