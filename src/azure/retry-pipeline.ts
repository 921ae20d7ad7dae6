import type { PipelinePolicy, PipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline';
import { reportRetry } from './retry-reporter.js';
import { RequestTimeoutError } from './request-timeout.js';
import { backoffDelay, retryLoop, RETRY_POLICIES, type Outcome, type Tries } from './retry.js';

/**
 * The transient-HTTP policy of the retry module (retry.ts) applied to single requests: the SDK clients are
 * built with their own retries off (clients.ts), so every request-level wait is bounded here and announced
 * through the step's progress line.
 * - busy: answers ARM gives WITHOUT acting on the request, so sending it again later is safe for any
 *   method: 409 AnotherOperationInProgress while an earlier write on the same resource (or its parent) runs
 *   (the SDK treats every 409 as final) and 429 (e.g. RetryableError when a referenced resource is busy).
 *   Other 409s (e.g. InUseSubnetCannotBeDeleted) stay failures.
 * - failed: what the SDK's own retry policy retried (408, 5xx but 501/505, a broken connection), plus a
 *   request that got no answer within the request timeout (request-timeout.ts).
 * A Retry-After (429, 503) is honoured up to `retryAfterCapMs`: Azure may ask for an hour, and a silent
 * hour looks like a hang. A longer one is waited for at the cap and the line says what Azure asked for.
 */
export interface TransientRetryOptions {
  /** For busy answers; the back-off applies when ARM sends no Retry-After. */
  busy: Tries;
  /** For server errors, broken connections and timeouts (default: the same as `busy`). */
  failure?: Tries;
  /** The longest Retry-After honoured (default RETRY_POLICIES.transientHttp.retryAfterCapMs). */
  retryAfterCapMs?: number;
  /** Where a wait is said when no step is waiting (reportRetry's fallback). */
  onWait?: (message: string) => void;
}

const ANOTHER_OPERATION_CODES = new Set(['AnotherOperationInProgress', 'OperationNotAllowedAnotherOperationInProgress']);
const ANOTHER_OPERATION_BODY = /"code"\s*:\s*"(AnotherOperationInProgress|OperationNotAllowedAnotherOperationInProgress)"/;
/** The transport errors the SDK's exponential retry strategy retried (isSystemError in @typespec/ts-http-runtime). */
const CONNECTION_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNREFUSED', 'ECONNRESET', 'ENOENT', 'ENOTFOUND']);

type Kind = 'busy' | 'failed';

function isFailureStatus(status: number): boolean {
  return status === 408 || (status >= 500 && status !== 501 && status !== 505);
}

function kindOfResponse(response: PipelineResponse): Kind | undefined {
  if (response.status === 429) return 'busy';
  if (response.status === 409 && typeof response.bodyAsText === 'string' && ANOTHER_OPERATION_BODY.test(response.bodyAsText)) return 'busy';
  return isFailureStatus(response.status) ? 'failed' : undefined;
}

/** Azure's Retry-After in ms (seconds or an HTTP date), if the answer carries one. */
function retryAfterMs(response: PipelineResponse | undefined): number | undefined {
  const raw = response?.headers.get('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** What a try ended with: a raw response, or the error core-client's deserializer or the transport threw. */
type Attempt = Outcome<PipelineResponse>;

interface Transient {
  kind: Kind;
  /** "Azure answered 429 TooManyRequests", "the connection failed (ECONNRESET)", "Azure did not answer within 30 s". */
  said: string;
  /** The response that said so, for Retry-After. */
  response?: PipelineResponse;
}

function codeInBody(response: PipelineResponse | undefined): string | undefined {
  return /"code"\s*:\s*"([^"]+)"/.exec(response?.bodyAsText ?? '')?.[1];
}

const answered = (status: number, code: string | undefined) => `Azure answered ${[status, code].filter(Boolean).join(' ')}`;

/** Whether a try ended in an answer worth sending the same request again for, and which kind. */
function transientOf(attempt: Attempt): Transient | undefined {
  if ('value' in attempt) {
    const r = attempt.value;
    const kind = kindOfResponse(r);
    return kind && { kind, said: answered(r.status, codeInBody(r)), response: r };
  }
  const e = attempt.error as
    | { name?: string; statusCode?: number; code?: string; message?: string; response?: PipelineResponse }
    | undefined;
  if (e?.name === 'AbortError') return undefined;
  if (e instanceof RequestTimeoutError) return { kind: 'failed', said: `Azure did not answer within ${e.seconds} s` };
  if (typeof e?.statusCode !== 'number')
    return e?.code && CONNECTION_CODES.has(e.code) ? { kind: 'failed', said: `the connection failed (${e.code})` } : undefined;
  const said = answered(e.statusCode, e.code);
  if (e.statusCode === 429) return { kind: 'busy', said, response: e.response };
  if (e.statusCode === 409) {
    const busy = (e.response && kindOfResponse(e.response) === 'busy') || ANOTHER_OPERATION_CODES.has(e.code ?? '');
    return busy ? { kind: 'busy', said, response: e.response } : undefined;
  }
  return isFailureStatus(e.statusCode) ? { kind: 'failed', said, response: e.response } : undefined;
}

/** "subnets/snet-aks-nodes": what a progress line names, not the whole id. */
function target(url: string): string {
  const path = url.split('?')[0]!.split('/').filter(Boolean);
  return path.slice(-2).join('/');
}

const seconds = (ms: number) => Math.ceil(ms / 1000);

/**
 * A long-running operation's answer sets the poller's wait before the next poll with Retry-After
 * (core-lro's parseRetryAfter, unbounded): an hour asked is an hour without a poll. Capped like a retry.
 */
function capPollInterval(response: PipelineResponse, cap: number): PipelineResponse {
  const asked = retryAfterMs(response);
  if (asked !== undefined && asked > cap) response.headers.set('retry-after', String(seconds(cap)));
  return response;
}

export function transientRetryPolicy(options: TransientRetryOptions): PipelinePolicy {
  const bounds: Record<Kind, Tries> = { busy: options.busy, failed: options.failure ?? options.busy };
  const cap = options.retryAfterCapMs ?? RETRY_POLICIES.transientHttp.retryAfterCapMs;
  return {
    name: 'secureAksTransientRetry',
    async sendRequest(request: PipelineRequest, next) {
      const retries: Record<Kind, number> = { busy: 0, failed: 0 };
      const response = await retryLoop({
        signal: request.abortSignal,
        attempt: () => next(request),
        next: (attempt) => {
          const transient = transientOf(attempt);
          if (!transient) return undefined;
          const bound = bounds[transient.kind];
          const n = retries[transient.kind];
          const most = bound.attempts - 1;
          if (n >= most) return undefined;
          retries[transient.kind] = n + 1;
          const asked = retryAfterMs(transient.response);
          const delay = asked === undefined ? backoffDelay(bound, n + 1) : Math.min(cap, asked);
          const what = `${request.method} ${target(request.url)}`;
          const why =
            asked !== undefined && asked > cap
              ? `${transient.said}. Azure asked to retry after ${seconds(asked)} s; retrying`
              : `${transient.said}, retrying`;
          reportRetry(`${what}: ${why} in ${seconds(delay)} s (${n + 1} of ${most})`, options.onWait);
          return { delayMs: delay, remind: (left) => reportRetry(`${what}: ${transient.said}; retrying in ${left} s`, options.onWait) };
        },
      });
      return capPollInterval(response, cap);
    },
  };
}
