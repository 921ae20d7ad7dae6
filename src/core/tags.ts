/** Who owns what in Azure: the tags every resource this tool creates carries. */

export const MANAGED_BY_TAG = 'managed-by';
export const MANAGED_BY_VALUE = 'secure-aks';
export const DEPLOYMENT_TAG = 'secure-aks-deployment';

/** The tags that mark a resource as created by this deployment. */
export function deploymentTags(deploymentId: string): Record<string, string> {
  return { [MANAGED_BY_TAG]: MANAGED_BY_VALUE, [DEPLOYMENT_TAG]: deploymentId };
}

/** The tags a step puts on what it creates (a copy: SDK models are mutated by callers). */
export function ourTags(ctx: { readonly tags: Record<string, string> }): Record<string, string> {
  return { ...ctx.tags };
}

/**
 * Tags for a PUT. A resource we create gets our tags; an existing resource keeps exactly the tags it has,
 * so a re-apply never strips a user's tags and never claims (for destroy) something the user made.
 */
export function tagsForPut(
  ctx: { readonly tags: Record<string, string> },
  existing: { tags?: Record<string, string> } | undefined,
): Record<string, string> {
  return existing ? { ...(existing.tags ?? {}) } : ourTags(ctx);
}

/** True when the tags say this deployment created the resource (destroy deletes only these). */
export function createdByDeployment(tags: Record<string, string> | undefined, deploymentId: string): boolean {
  return tags?.[MANAGED_BY_TAG] === MANAGED_BY_VALUE && tags?.[DEPLOYMENT_TAG] === deploymentId;
}
