import type { Change } from '../../core/step.js';
import type { StepContext } from '../../engine/step.js';
import {
  BUILT_IN_ROLES,
  ROLE_ASSIGNMENT_TYPE,
  ensureRoleAssignment,
  roleAssignmentChange,
  type RoleAssignmentSpec,
} from '../../azure/role-assignments.js';

/**
 * The cluster authorizes kubectl with Azure RBAC and has no local accounts, and Owner/Contributor carry
 * no dataActions: without a Kubernetes data-plane role nobody, not even the person who created it, may
 * run kubectl in it (steps 9 and 10, `verify`). The wizard grants its own principal Azure Kubernetes
 * Service RBAC Cluster Admin at the cluster's scope, as `az aks create` leaves it to the user to do.
 */
const ROLE_NAME = 'Azure Kubernetes Service RBAC Cluster Admin';

type PrincipalType = NonNullable<RoleAssignmentSpec['principalType']>;

/**
 * User or ServicePrincipal from the ARM token's claims: `idtyp` when Entra sends it, else a delegated
 * token (`scp`) is a user's. Anything else is left to Azure's own lookup (a wrong principalType is refused).
 */
export function principalTypeFromToken(token: string | undefined): PrincipalType {
  const payload = token?.split('.')[1];
  if (!payload) return 'unknown';
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { idtyp?: string; scp?: string };
    if (claims.idtyp === 'app') return 'ServicePrincipal';
    if (claims.idtyp === 'user' || typeof claims.scp === 'string') return 'User';
  } catch {
    // not a JWT: Azure finds out itself
  }
  return 'unknown';
}

async function callerPrincipalType(ctx: StepContext): Promise<PrincipalType> {
  // The credential caches the ARM token the clients already use: no extra sign-in.
  const token = await ctx.azure.credential.getToken(`${ctx.azure.target.armEndpoint.replace(/\/$/, '')}/.default`);
  return principalTypeFromToken(token?.token);
}

async function operatorAccess(ctx: StepContext, clusterId: string): Promise<RoleAssignmentSpec> {
  return {
    scope: clusterId,
    principalId: await ctx.azure.callerPrincipalId(),
    roleGuid: BUILT_IN_ROLES.aksRbacClusterAdmin,
    label: `${ROLE_NAME} for you on ${ctx.names.cluster}`,
  };
}

/** check(): create while the cluster does not exist yet, then whatever the lookup says. */
export async function operatorAccessChange(ctx: StepContext, clusterId: string, clusterExists: boolean): Promise<Change> {
  const spec = await operatorAccess(ctx, clusterId);
  return clusterExists ? roleAssignmentChange(ctx, spec) : { action: 'create', resourceType: ROLE_ASSIGNMENT_TYPE, name: spec.label };
}

/** apply(): grants the role once (existing assignment at the cluster or above counts); returns its id. */
export async function ensureOperatorAccess(ctx: StepContext, clusterId: string): Promise<string> {
  const spec = await operatorAccess(ctx, clusterId);
  return ensureRoleAssignment(ctx, { ...spec, principalType: await callerPrincipalType(ctx) });
}
