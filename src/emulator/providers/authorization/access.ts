/** Questions other providers ask about RBAC (e.g. AKS: may the cluster identity join this subnet?). */
import type { ArmResource, EmulatorContext, Store } from '../../core/contract.js';
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
 * through its role's actions/notActions (built-in roles). `counts` narrows which assignments count
 * (e.g. only those that have propagated).
 */
export function hasRoleAssignment(
  store: Store,
  principalId: string,
  scopeId: string,
  permittedAction: string,
  counts: (assignment: ArmResource) => boolean = () => true,
): boolean {
  return assignmentsOf(store, principalId, scopeId)
    .filter(counts)
    .some((r) => builtInRole(r.properties?.roleDefinitionId)?.permissions.some((p) => isPermitted(p, permittedAction)) ?? false);
}

function assignmentsOf(store: Store, principalId: string, scopeId: string): ArmResource[] {
  return store
    .all()
    .filter((r) => r.type.toLowerCase() === ROLE_ASSIGNMENT_TYPE.toLowerCase())
    .filter((r) => String(r.properties?.principalId ?? '').toLowerCase() === principalId.toLowerCase())
    .filter((r) => scopeCovers(String(r.properties?.scope ?? ''), scopeId));
}

/** Private data kept beside a role assignment: when Azure starts honouring it. */
interface Propagation {
  effectiveAt?: number;
}

/**
 * A new assignment takes effect only once it has propagated: Azure RBAC says up to 10 minutes
 * (learn.microsoft.com/azure/role-based-access-control/troubleshooting), AKS up to 60 minutes for the
 * cluster identity (learn.microsoft.com/azure/aks/use-managed-identity). The delay is drawn from the
 * timing profile when the assignment is written.
 */
export function recordPropagation(ctx: EmulatorContext, assignmentId: string): void {
  ctx.store.internal<Propagation>(assignmentId).effectiveAt = ctx.now() + (ctx.seconds('rbac-propagation') * 1000) / ctx.speed;
}

/** Whether Azure honours the assignment yet (always, with the rbac-propagation rule relaxed). */
export function hasPropagated(ctx: EmulatorContext, assignment: ArmResource): boolean {
  if (!ctx.strict('rbac-propagation')) return true;
  const effectiveAt = ctx.store.internal<Propagation>(assignment.id).effectiveAt;
  return effectiveAt === undefined || effectiveAt <= ctx.now();
}

/**
 * Some propagated role assignment for `principalId` at `scopeId` or above whose role grants `dataAction`
 * through its dataActions/notDataActions (Owner and Contributor have none: managing a cluster does not
 * let you read inside it).
 */
export function grantsDataAction(ctx: EmulatorContext, principalId: string, scopeId: string, dataAction: string): boolean {
  return assignmentsOf(ctx.store, principalId, scopeId)
    .filter((r) => hasPropagated(ctx, r))
    .some(
      (r) =>
        builtInRole(r.properties?.roleDefinitionId)?.permissions.some((p) =>
          isPermitted({ actions: p.dataActions, notActions: p.notDataActions }, dataAction),
        ) ?? false,
    );
}
