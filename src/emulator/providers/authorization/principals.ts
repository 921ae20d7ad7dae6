/**
 * Which principals the simulated directory knows: the caller, user-assigned identities (once their
 * creation has replicated) and system-assigned identities of resources.
 */
import type { EmulatorContext } from '../../core/contract.js';

/** How long (in real Azure seconds, scaled by the speed factor) a new identity stays invisible to RBAC. */
export const REPLICATION_AZURE_SECONDS = 10;

export type PrincipalLookup = 'found' | 'replicating' | 'unknown';

export function lookupPrincipal(ctx: EmulatorContext, principalId: string): PrincipalLookup {
  const wanted = principalId.toLowerCase();
  if (ctx.caller().principalId.toLowerCase() === wanted) return 'found';
  for (const r of ctx.store.all()) {
    const ids = [r.properties?.principalId, (r.identity as { principalId?: string } | undefined)?.principalId];
    if (!ids.some((p) => typeof p === 'string' && p.toLowerCase() === wanted)) continue;
    const createdAt = ctx.store.internal<{ createdAt?: number }>(r.id).createdAt;
    if (createdAt !== undefined && ctx.now() - createdAt < (REPLICATION_AZURE_SECONDS * 1000) / ctx.speed) return 'replicating';
    return 'found';
  }
  return 'unknown';
}
