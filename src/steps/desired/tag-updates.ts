import type { StepContext } from '../../engine/step.js';
import { azureCall } from '../../azure/errors.js';
import { tagsDiff, tagsForPut } from '../../core/tags.js';

/**
 * Puts the configured tags on a resource this deployment created when they differ (a tags-only PATCH,
 * which changes nothing else and needs no read-modify-write); anyone else's resource is never written.
 * Returns whether it wrote.
 */
export async function syncTags(
  ctx: StepContext,
  what: string,
  existing: { tags?: Record<string, string> } | undefined,
  patch: (tags: Record<string, string>) => Promise<unknown>,
): Promise<boolean> {
  if (tagsDiff(ctx, existing).length === 0) return false;
  ctx.progress(`${what}: updating tags`);
  await azureCall(`Updating the tags of ${what}`, () => patch(tagsForPut(ctx, existing)));
  return true;
}
