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

/** The step output recording the user tag names a step last put on its resources (see retiredTags). */
export const USER_TAGS_OUTPUT = 'userTags';

interface TagContext {
  readonly tags: Record<string, string>;
  readonly deploymentId: string;
  /** User tag names this step put on its resources before and the configuration no longer has. */
  readonly retiredTags?: readonly string[];
}

/** The user tag names in a tag set (ours excluded). */
function userTagNames(tags: Record<string, string>): string[] {
  return Object.keys(tags).filter((k) => k !== MANAGED_BY_TAG && k !== DEPLOYMENT_TAG);
}

/**
 * What a step records of the user tags it applied, for the next run to know which ones a changed
 * configuration retired (absent when there are none, so a deployment without user tags records nothing).
 */
export function userTagsOutput(ctx: { readonly tags: Record<string, string> }): Record<string, string[]> {
  const names = userTagNames(ctx.tags);
  return names.length > 0 ? { [USER_TAGS_OUTPUT]: names } : {};
}

/** Names recorded by the last run that the configuration no longer has (case-insensitive, as Azure's tag names). */
export function retiredTagNames(recorded: unknown, current: Record<string, string>): string[] {
  if (!Array.isArray(recorded)) return [];
  const now = new Set(Object.keys(current).map((k) => k.toLowerCase()));
  return recorded.filter((n): n is string => typeof n === 'string' && !now.has(n.toLowerCase()));
}

/**
 * Tags for a PUT. A resource we create gets our tags. One this deployment created keeps the tags others
 * added to it, takes the configured ones and loses those the configuration retired. Any other existing
 * resource (adopted, pre-existing) keeps exactly the tags it has, so a re-apply never strips a user's tags
 * and never claims (for destroy) something the user made.
 */
export function tagsForPut(ctx: TagContext, existing: { tags?: Record<string, string> } | undefined): Record<string, string> {
  if (!existing) return ourTags(ctx);
  const have = { ...(existing.tags ?? {}) };
  if (!createdByDeployment(existing.tags, ctx.deploymentId)) return have;
  const drop = new Set([...(ctx.retiredTags ?? []), ...Object.keys(ctx.tags)].map((n) => n.toLowerCase()));
  const kept = Object.fromEntries(Object.entries(have).filter(([k]) => !drop.has(k.toLowerCase())));
  return { ...kept, ...ourTags(ctx) };
}

/**
 * The tag changes a resource this deployment created needs (none for anyone else's), one per tag as plan
 * shows them: `tags.cost-center: 1234 -> 99`, a removed one `tags.team: platform -> (none)`.
 */
export function tagsDiff(
  ctx: TagContext,
  existing: { tags?: Record<string, string> } | undefined,
): Array<{ property: string; current: unknown; desired: unknown }> {
  if (!existing || !createdByDeployment(existing.tags, ctx.deploymentId)) return [];
  const have = existing.tags ?? {};
  const want = tagsForPut(ctx, existing);
  const names = [...new Set([...Object.keys(have), ...Object.keys(want)])];
  return names.filter((k) => have[k] !== want[k]).map((k) => ({ property: `tags.${k}`, current: have[k], desired: want[k] }));
}

/** True when the tags say this deployment created the resource (destroy deletes only these). */
export function createdByDeployment(tags: Record<string, string> | undefined, deploymentId: string): boolean {
  return tags?.[MANAGED_BY_TAG] === MANAGED_BY_VALUE && tags?.[DEPLOYMENT_TAG] === deploymentId;
}
