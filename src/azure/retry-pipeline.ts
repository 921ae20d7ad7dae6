import type { PipelinePolicy, PipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline';
import { reportRetry } from './retry-reporter.js';
import { abortable } from './retry-wait.js';

/**
 * The request-level half of the retry module (the operation-level half is retry.ts): answers ARM gives
 * WITHOUT acting on the request, so sending the same request again later is safe for any method.
 * - `another-operation`: 409 AnotherOperationInProgress while an earlier write on the same resource (or its
 *   parent) runs. The SDK's retry policies treat every 409 as final.
 * - `throttled`: 429 (e.g. RetryableError, detail ReferencedResourceNotProvisioned, when a referenced
 *   resource is busy). The SDK retries a 429 only when it carries Retry-After; a bare one throws at once.
 * Other 409s (e.g. InUseSubnetCannotBeDeleted) stay failures.
 */
export interface TransientRetryOptions {
  maxRetries: number;
  /** First wait when ARM sends no Retry-After; doubles per attempt up to maxDelayMs. */
  delayMs: number;
  maxDelayMs: number;
}

const ANOTHER_OPERATION_CODES = new Set(['AnotherOperationInProgress', 'OperationNotAllowedAnotherOperationInProgress']);
const ANOTHER_OPERATION_BODY = /"code"\s*:\s*"(AnotherOperationInProgress|OperationNotAllowedAnotherOperationInProgress)"/;

function isTransientResponse(response: PipelineResponse): boolean {
  if (response.status === 429) return true;
  return response.status === 409 && typeof response.bodyAsText === 'string' && ANOTHER_OPERATION_BODY.test(response.bodyAsText);
}

function retryAfterMs(response: PipelineResponse | undefined): number | undefined {
  const raw = response?.headers.get('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** What a try ended with: a raw response, or the RestError core-client's deserializer threw for it. */
type Attempt = { response: PipelineResponse } | { error: unknown };

interface Transient {
  status: number;
  code?: string;
  /** The response that said so, for Retry-After. */
  response?: PipelineResponse;
}

function codeInBody(response: PipelineResponse | undefined): string | undefined {
  return /"code"\s*:\s*"([^"]+)"/.exec(response?.bodyAsText ?? '')?.[1];
}

/** Whether a try ended in a transient refusal, with its status and code. */
function transientOf(attempt: Attempt): Transient | undefined {
  if ('response' in attempt) {
    const r = attempt.response;
    return isTransientResponse(r) ? { status: r.status, code: codeInBody(r), response: r } : undefined;
  }
  const e = attempt.error as { statusCode?: number; code?: string; response?: PipelineResponse } | undefined;
  if (e?.statusCode === 429) return { status: 429, code: e.code, response: e.response };
  if (e?.statusCode !== 409) return undefined;
  const retryable = (e.response && isTransientResponse(e.response)) || ANOTHER_OPERATION_CODES.has(e.code ?? '');
  return retryable ? { status: 409, code: e.code, response: e.response } : undefined;
}

/** "subnets/snet-aks-nodes": what a progress line names, not the whole id. */
function target(url: string): string {
  const path = url.split('?')[0]!.split('/').filter(Boolean);
  return path.slice(-2).join('/');
}

export function transientRetryPolicy(options: TransientRetryOptions): PipelinePolicy {
  return {
    name: 'secureAksTransientRetry',
    async sendRequest(request: PipelineRequest, next) {
      const attempt = (): Promise<Attempt> => next(request).then((response) => ({ response }), (error: unknown) => ({ error }));
      let result = await attempt();
      for (let n = 0; n < options.maxRetries; n++) {
        const transient = transientOf(result);
        if (!transient) break;
        const backoff = Math.min(options.maxDelayMs, options.delayMs * 2 ** n);
        const delay = Math.min(options.maxDelayMs, retryAfterMs(transient.response) ?? backoff);
        const answer = [transient.status, transient.code].filter(Boolean).join(' ');
        reportRetry(`${request.method} ${target(request.url)}: Azure answered ${answer}, retrying in ${Math.ceil(delay / 1000)} s (${n + 1} of ${options.maxRetries})`);
        await abortable(delay, request.abortSignal);
        result = await attempt();
      }
      if ('error' in result) throw result.error;
      return result.response;
    },
  };
}
