/** Who owns what in Azure: the tags every resource this tool creates carries. */

export const MANAGED_BY_TAG = 'managed-by';
export const MANAGED_BY_VALUE = 'secure-aks';
export const DEPLOYMENT_TAG = 'secure-aks-deployment';

/** The tags that mark a resource as created by this deployment. */
export function deploymentTags(deploymentId: string): Record<string, string> {
  return { [MANAGED_BY_TAG]: MANAGED_BY_VALUE, [DEPLOYMENT_TAG]: deploymentId };
}

/**
 * Every tag a resource of this deployment carries: the user's tags ("key=value", validated by the config
 * rules, which refuse our two names) with ours over them, so no user tag can replace ownership.
 */
export function resourceTags(deploymentId: string, userTags: readonly string[] = []): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const item of userTags) {
    const eq = item.indexOf('=');
    if (eq > 0) tags[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return { ...tags, ...deploymentTags(deploymentId) };
}

/** The tags a step puts on what it creates (a copy: SDK models are mutated by callers). */
export function ourTags(ctx: { readonly tags: Record<string, string> }): Record<string, string> {
  return { ...ctx.tags };
}

/**
 * Tags for a PUT. A resource we create gets our tags, and so does one this deployment created (its tag set
 * is ours: a user tag added to or removed from the configuration is added or removed there); any other
 * existing resource (adopted, pre-existing) keeps exactly the tags it has, so a re-apply never strips a
 * user's tags and never claims (for destroy) something the user made.
 */
export function tagsForPut(
  ctx: { readonly tags: Record<string, string>; readonly deploymentId: string },
  existing: { tags?: Record<string, string> } | undefined,
): Record<string, string> {
  if (!existing || createdByDeployment(existing.tags, ctx.deploymentId)) return ourTags(ctx);
  return { ...(existing.tags ?? {}) };
}

/**
 * The tag change a resource this deployment created needs (none for anyone else's): tag names compare
 * case-insensitively as Azure's do, values exactly.
 */
export function tagsDiff(
  ctx: { readonly tags: Record<string, string>; readonly deploymentId: string },
  existing: { tags?: Record<string, string> } | undefined,
): Array<{ property: string; current: unknown; desired: unknown }> {
  if (!existing || !createdByDeployment(existing.tags, ctx.deploymentId)) return [];
  const have = existing.tags ?? {};
  const want = ourTags(ctx);
  const lower = (t: Record<string, string>) => new Map(Object.entries(t).map(([k, v]) => [k.toLowerCase(), v]));
  const h = lower(have);
  const w = lower(want);
  const same = h.size === w.size && [...w].every(([k, v]) => h.get(k) === v);
  return same ? [] : [{ property: 'tags', current: have, desired: want }];
}

/** True when the tags say this deployment created the resource (destroy deletes only these). */
export function createdByDeployment(tags: Record<string, string> | undefined, deploymentId: string): boolean {
  return tags?.[MANAGED_BY_TAG] === MANAGED_BY_VALUE && tags?.[DEPLOYMENT_TAG] === deploymentId;
}
