import type { PolicyAssignment } from '@azure/arm-policy';
import type { Change } from '../core/step.js';
import type { StepContext } from '../engine/step.js';
import { azureCall, getOrUndefined } from '../azure/errors.js';
import { scopeParam } from '../azure/ids.js';
import { AzureOperationError } from '../core/errors.js';
import { DEPLOYMENT_TAG, MANAGED_BY_TAG, MANAGED_BY_VALUE, tagsDiff, tagsForPut } from '../core/tags.js';
import { diffProperties } from './desired/diff.js';

const ASSIGNMENT_TYPE = 'Microsoft.Authorization/policyAssignments';

/**
 * The built-in initiative "Kubernetes cluster pod security baseline standards for Linux-based workloads"
 * (Azure/azure-policy built-in-policies/policySetDefinitions/Kubernetes/Kubernetes_PSPBaselineStandard.json;
 * https://learn.microsoft.com/azure/governance/policy/samples/built-in-initiatives#kubernetes).
 */
export const POD_SECURITY_BASELINE_ID = '/providers/Microsoft.Authorization/policySetDefinitions/a8640138-9b0a-4a28-b8cb-1666c838647d';

/**
 * Audit, the initiative's own default: violations are reported in Azure Policy compliance, nothing running
 * is refused. Deny would block system and add-on pods that have not been exempted; a team moves to Deny
 * once the audit is clean (https://learn.microsoft.com/azure/aks/use-azure-policy).
 */
export const BASELINE_EFFECT = 'Audit';

/** Policy assignments carry no tags; ours carries the deployment's tags in its metadata instead. */
function ours(ctx: Pick<StepContext, 'deploymentId'>, a: PolicyAssignment | undefined): boolean {
  const m = (a?.metadata ?? {}) as Record<string, unknown>;
  return m[MANAGED_BY_TAG] === MANAGED_BY_VALUE && m[DEPLOYMENT_TAG] === ctx.deploymentId;
}

async function readAssignment(ctx: StepContext, clusterId: string): Promise<PolicyAssignment | undefined> {
  const policy = await ctx.azure.policy();
  return azureCall(`Reading policy assignment ${ctx.names.policyBaselineAssignment}`, () =>
    getOrUndefined(() => policy.policyAssignments.get(scopeParam(clusterId), ctx.names.policyBaselineAssignment)),
  );
}

/** The assignment's metadata read as its tags (what Azure adds there, createdBy and the like, is kept as it is). */
function metadataAsTags(current: PolicyAssignment | undefined): { tags: Record<string, string> } | undefined {
  return current ? { tags: { ...(current.metadata as Record<string, string> | undefined) } } : undefined;
}

function diffOf(ctx: StepContext, current: PolicyAssignment) {
  return [
    ...diffProperties(current, {
      policyDefinitionId: POD_SECURITY_BASELINE_ID,
      'parameters.effect.value': BASELINE_EFFECT,
      enforcementMode: 'Default',
    }),
    // The configured user tags, in the metadata of ours (empty for someone else's assignment).
    ...tagsDiff(ctx, metadataAsTags(current)).map((d) => ({ ...d, property: d.property.replace(/^tags\./, 'metadata.') })),
  ];
}

/**
 * check(): the baseline assignment at the cluster's scope. On: create, update or none. Off: our
 * assignment is to be deleted (a delete, with the reason); someone else's stays.
 */
export async function policyBaselineChange(ctx: StepContext, clusterId: string, clusterExists: boolean): Promise<Change | undefined> {
  const name = ctx.names.policyBaselineAssignment;
  const current = clusterExists ? await readAssignment(ctx, clusterId) : undefined;
  if (!ctx.config.policyBaseline) {
    if (!current || !ours(ctx, current)) return undefined;
    return { action: 'delete', resourceType: ASSIGNMENT_TYPE, name, id: current.id, note: 'policyBaseline is off' };
  }
  if (!current)
    return { action: 'create', resourceType: ASSIGNMENT_TYPE, name, note: `pod security baseline initiative, effect ${BASELINE_EFFECT}` };
  const diff = diffOf(ctx, current);
  return diff.length
    ? { action: 'update', resourceType: ASSIGNMENT_TYPE, name, id: current.id, diff }
    : { action: 'none', resourceType: ASSIGNMENT_TYPE, name, id: current.id };
}

/** apply(): assigns the initiative to the cluster (or deletes our assignment when the option is off). */
export async function ensurePolicyBaseline(ctx: StepContext, clusterId: string): Promise<string | undefined> {
  const policy = await ctx.azure.policy();
  const name = ctx.names.policyBaselineAssignment;
  const current = await readAssignment(ctx, clusterId);
  if (!ctx.config.policyBaseline) {
    if (current && ours(ctx, current)) {
      ctx.progress(`policy assignment ${name}: deleting (policyBaseline is off)`);
      await azureCall(`Deleting policy assignment ${name}`, () => policy.policyAssignments.delete(scopeParam(clusterId), name));
    }
    return undefined;
  }
  if (current && diffOf(ctx, current).length === 0) return current.id;
  if (current && !ours(ctx, current)) {
    throw new AzureOperationError(
      'PolicyAssignmentNotOurs',
      `Policy assignment ${name} on cluster ${ctx.names.cluster} exists with other settings and was not created by this deployment.`,
      undefined,
      `Delete or rename that assignment, or turn policyBaseline off (--no-policy-baseline), then run \`secure-aks status --resume\`.`,
    );
  }
  ctx.progress(`policy assignment ${name}: ${current ? 'updating' : 'creating'}`);
  const assignment = await azureCall(`Assigning the pod security baseline initiative to cluster ${ctx.names.cluster}`, () =>
    policy.policyAssignments.create(scopeParam(clusterId), name, {
      displayName: `Pod security baseline for ${ctx.names.cluster}`,
      description: 'Kubernetes cluster pod security baseline standards for Linux-based workloads, assigned by secure-aks.',
      policyDefinitionId: POD_SECURITY_BASELINE_ID,
      parameters: { effect: { value: BASELINE_EFFECT } },
      enforcementMode: 'Default',
      metadata: tagsForPut(ctx, metadataAsTags(current)),
    }),
  );
  return assignment.id;
}
