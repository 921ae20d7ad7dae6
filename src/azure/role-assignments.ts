import { createHash } from 'node:crypto';
import type { RoleAssignment } from '@azure/arm-authorization';
import { principalReplicationPolicy, withRetries } from './retry.js';
import type { Change } from '../core/step.js';
import type { AzureContext } from './context.js';
import { azureErrorCode, isNotFound, toAzureError } from './errors.js';
import { isSameOrAncestorScope, nameOf, roleDefinitionId, scopeParam } from './ids.js';

/** Built-in role definition ids (the same GUID in every subscription). */
export const BUILT_IN_ROLES = {
  networkContributor: '4d97b98b-1d4f-4787-a291-c67834d212e7',
  aksRbacClusterAdmin: 'b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b',
} as const;

export const ROLE_ASSIGNMENT_TYPE = 'Microsoft.Authorization/roleAssignments';

export interface RoleAssignmentSpec {
  /** Resource id the role applies to (a subnet, a route table, a cluster...). */
  scope: string;
  principalId: string;
  /** The role definition GUID, e.g. BUILT_IN_ROLES.networkContributor. */
  roleGuid: string;
  /** Plan label, e.g. "Network Contributor for id-demo on snet-aks-nodes". */
  label: string;
  /**
   * Default ServicePrincipal (a managed identity: skips the directory lookup that lags behind a new one).
   * 'unknown': sent without principalType, Azure looks the principal up (fine for one that is not new).
   */
  principalType?: 'ServicePrincipal' | 'User' | 'unknown';
}

/**
 * The assignment's name derived from principal, role and scope (a name-based UUID, version 5 layout), so
 * every run asks for the same GUID and a repeated PUT can never create a duplicate.
 */
export function roleAssignmentGuid(principalId: string, roleGuid: string, scope: string): string {
  const h = createHash('sha1').update(`secure-aks|${principalId.toLowerCase()}|${roleGuid.toLowerCase()}|${scope.toLowerCase()}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/**
 * An assignment that already grants the role to the principal at this scope or above it (one made by hand
 * or by the Azure CLI counts: Azure refuses a second one with RoleAssignmentExists).
 */
export async function findRoleAssignment(ctx: AzureContext, spec: RoleAssignmentSpec): Promise<RoleAssignment | undefined> {
  const auth = await ctx.azure.authorization();
  try {
    for await (const ra of auth.roleAssignments.listForScope(scopeParam(spec.scope), { filter: 'atScope()' })) {
      if (
        ra.principalId?.toLowerCase() === spec.principalId.toLowerCase() &&
        nameOf(ra.roleDefinitionId ?? '').toLowerCase() === spec.roleGuid.toLowerCase() &&
        isSameOrAncestorScope(ra.scope ?? '', spec.scope)
      ) {
        return ra;
      }
    }
  } catch (error) {
    if (isNotFound(error)) return undefined; // the scope itself does not exist yet (plan)
    throw toAzureError(error, `Reading role assignments on ${spec.scope}`);
  }
  return undefined;
}

/** check(): create when no assignment grants the role yet (or the principal does not exist yet), none otherwise. */
export async function roleAssignmentChange(ctx: AzureContext, spec: RoleAssignmentSpec): Promise<Change> {
  // In `plan` before the identity exists there is no principal to look up yet.
  const existing = spec.principalId ? await findRoleAssignment(ctx, spec) : undefined;
  return existing
    ? { action: 'none', resourceType: ROLE_ASSIGNMENT_TYPE, name: spec.label, id: existing.id }
    : { action: 'create', resourceType: ROLE_ASSIGNMENT_TYPE, name: spec.label };
}

/**
 * Grants the role once: looks for an existing assignment first, then PUTs the deterministic GUID with
 * the spec's principalType (ServicePrincipal unless told otherwise). A fresh identity may still be unknown
 * to RBAC (PrincipalNotFound): retried by the retry module's principal-replication policy. A concurrent run
 * that won the race (RoleAssignmentExists) is success. Returns the assignment id.
 */
export async function ensureRoleAssignment(ctx: AzureContext, spec: RoleAssignmentSpec): Promise<string> {
  return (await grantRole(ctx, spec)).id;
}

/**
 * ensureRoleAssignment that also says whether this call created the assignment: a new one takes minutes to
 * take effect, so whoever relies on it next knows whether a permission refusal means "not yet".
 */
export async function grantRole(ctx: AzureContext, spec: RoleAssignmentSpec): Promise<{ id: string; created: boolean }> {
  const existing = await findRoleAssignment(ctx, spec);
  if (existing?.id) return { id: existing.id, created: false };
  const auth = await ctx.azure.authorization();
  const guid = roleAssignmentGuid(spec.principalId, spec.roleGuid, spec.scope);
  const create = async (): Promise<{ id: string; created: boolean }> => {
    try {
      const ra = await auth.roleAssignments.create(scopeParam(spec.scope), guid, {
        roleDefinitionId: roleDefinitionId(ctx.config.subscriptionId, spec.roleGuid),
        principalId: spec.principalId,
        ...(spec.principalType === 'unknown' ? {} : { principalType: spec.principalType ?? 'ServicePrincipal' }),
        description: `secure-aks ${ctx.deploymentId}`,
      });
      return { id: ra.id ?? `${spec.scope}/providers/${ROLE_ASSIGNMENT_TYPE}/${guid}`, created: true };
    } catch (error) {
      if (azureErrorCode(error) === 'RoleAssignmentExists') {
        const found = await findRoleAssignment(ctx, spec);
        if (found?.id) return { id: found.id, created: true };
      }
      throw error;
    }
  };
  const replication = principalReplicationPolicy(ctx.azure.waits, (error) =>
    toAzureError(
      error,
      `Granting ${spec.label}`,
      'The identity is still replicating in Entra ID; wait a minute and resume with `secure-aks status --resume`.',
    ),
  );
  try {
    return await withRetries(ctx, spec.label, [replication], create);
  } catch (error) {
    throw toAzureError(error, `Granting ${spec.label}`);
  }
}
