import type { PropertyDiff } from '../core/step.js';
import type { AzureContext } from './context.js';
import { AzureOperationError } from '../core/errors.js';
import { azureCall } from './errors.js';
import { pollUntil, RETRY_POLICIES } from './retry.js';
import { waitingFor } from './waits.js';

const TERMINAL = new Set(['succeeded', 'failed', 'canceled']);

/** True while Azure is still creating/updating/deleting the resource. */
export function isProvisioning(resource: { provisioningState?: string } | undefined): boolean {
  const state = resource?.provisioningState;
  return !!state && !TERMINAL.has(state.toLowerCase());
}

/**
 * Waits for an operation someone else started on this resource (another run, the portal): writing now
 * would only earn 409 AnotherOperationInProgress.
 */
export async function waitWhileProvisioning<T extends { provisioningState?: string }>(
  ctx: AzureContext,
  label: string,
  current: T,
  read: () => Promise<T>,
  timeoutMs: number = RETRY_POLICIES.provisioningPoll.budgetMs,
): Promise<T> {
  if (!isProvisioning(current)) return current;
  return waitingFor(
    ctx,
    `${label} to provision`,
    (say) => {
      say(String(current.provisioningState));
      return pollUntil({
        read: async () => {
          const r = await azureCall(`Reading ${label}`, read);
          if (r?.provisioningState) say(r.provisioningState);
          return r;
        },
        done: (r) => !isProvisioning(r),
        intervalMs: ctx.azure.pollIntervalMs,
        timeoutMs,
        signal: ctx.signal,
        onTimeout: (r) =>
          new AzureOperationError(
            'ResourceStillProvisioning',
            `${label} is still ${r.provisioningState} after ${Math.round(timeoutMs / 60_000)} minutes.`,
            undefined,
            'Wait for the running operation to finish, then resume with `secure-aks status --resume`.',
          ),
      });
    },
    { done: `${label}: provisioned` },
  );
}

/** A resource whose last operation failed is rewritten (the same PUT usually succeeds once the cause is gone). */
export function failedStateDiff(resource: { provisioningState?: string } | undefined): PropertyDiff[] {
  return resource?.provisioningState?.toLowerCase() === 'failed'
    ? [{ property: 'provisioningState', current: resource.provisioningState, desired: 'Succeeded' }]
    : [];
}
