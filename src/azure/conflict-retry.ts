import type { PipelinePolicy, PipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline';

/**
 * ARM answers 409 AnotherOperationInProgress while an earlier write on the same resource (or its parent)
 * is still running. The SDK's own retry policies treat every 409 as final, yet this one only means
 * "not yet": ARM rejected the request without acting on it, so sending it again later is safe for any
 * method. Other 409s (e.g. InUseSubnetCannotBeDeleted) stay failures.
 */
export interface ConflictRetryOptions {
  maxRetries: number;
  /** First wait when ARM sends no Retry-After; doubles per attempt up to maxDelayMs. */
  delayMs: number;
  maxDelayMs: number;
}

const RETRYABLE_CODES = new Set(['AnotherOperationInProgress', 'OperationNotAllowedAnotherOperationInProgress']);
const RETRYABLE_CONFLICT = /"code"\s*:\s*"(AnotherOperationInProgress|OperationNotAllowedAnotherOperationInProgress)"/;

function isRetryableConflict(response: PipelineResponse): boolean {
  return response.status === 409 && typeof response.bodyAsText === 'string' && RETRYABLE_CONFLICT.test(response.bodyAsText);
}

function retryAfterMs(response: PipelineResponse | undefined): number | undefined {
  const raw = response?.headers.get('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function aborted(): Error {
  const err = new Error('The operation was aborted.');
  err.name = 'AbortError';
  return err;
}

function wait(ms: number, signal: PipelineRequest['abortSignal']): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(aborted());
    const onAbort = () => {
      clearTimeout(timer);
      reject(aborted());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The conflict a try ended with: a raw response, or the RestError core-client's deserializer threw for it. */
type Attempt = { response: PipelineResponse } | { error: unknown };

/** Whether a try ended in a retryable conflict, and the response that said so (for Retry-After). */
function conflictOf(attempt: Attempt): { response?: PipelineResponse } | undefined {
  if ('response' in attempt) return isRetryableConflict(attempt.response) ? { response: attempt.response } : undefined;
  const e = attempt.error as { statusCode?: number; code?: string; response?: PipelineResponse } | undefined;
  if (e?.statusCode !== 409) return undefined;
  const retryable = (e.response && isRetryableConflict(e.response)) || RETRYABLE_CODES.has(e.code ?? '');
  return retryable ? { response: e.response } : undefined;
}

export function conflictRetryPolicy(options: ConflictRetryOptions): PipelinePolicy {
  return {
    name: 'secureAksConflictRetry',
    async sendRequest(request, next) {
      const attempt = (): Promise<Attempt> => next(request).then((response) => ({ response }), (error: unknown) => ({ error }));
      let result = await attempt();
      for (let n = 0; n < options.maxRetries; n++) {
        const conflict = conflictOf(result);
        if (!conflict) break;
        const backoff = Math.min(options.maxDelayMs, options.delayMs * 2 ** n);
        await wait(Math.min(options.maxDelayMs, retryAfterMs(conflict.response) ?? backoff), request.abortSignal);
        result = await attempt();
      }
      if ('error' in result) throw result.error;
      return result.response;
    },
  };
}
