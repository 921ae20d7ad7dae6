import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { AzureOperationError } from '../core/errors.js';

/** The env var that sets the per-request timeout in seconds. */
export const REQUEST_TIMEOUT_ENV = 'SECURE_AKS_REQUEST_TIMEOUT';

/** A request that got no complete answer in time; retry-pipeline.ts sends it again within its bounds. */
export class RequestTimeoutError extends AzureOperationError {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly seconds: number,
  ) {
    super(
      'RequestTimeout',
      `Azure did not answer ${method} ${new URL(url).pathname} within ${seconds} s.`,
      undefined,
      `Check the network path to the ARM endpoint (proxy, firewall, DNS). A slow link may need a longer ${REQUEST_TIMEOUT_ENV} (seconds).`,
    );
    this.name = 'RequestTimeoutError';
  }
}

/**
 * Bounds each attempt on the wire (long-running operation polls included): the SDK clients have no
 * timeout of their own, so a server that accepts the connection and never answers would hold a step
 * forever. The attempt is aborted after `timeoutMs` and fails with RequestTimeoutError, which the
 * request-level retry treats like a broken connection. A cancellation by the caller stays an AbortError.
 */
export function requestTimeoutPolicy(timeoutMs: number): PipelinePolicy {
  return {
    name: 'secureAksRequestTimeout',
    async sendRequest(request, next) {
      const outer = request.abortSignal;
      const controller = new AbortController();
      const onAbort = () => controller.abort();
      if (outer?.aborted) controller.abort();
      else outer?.addEventListener('abort', onAbort, { once: true });
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
      request.abortSignal = controller.signal;
      try {
        return await next(request);
      } catch (error) {
        if (timedOut && !outer?.aborted) throw new RequestTimeoutError(request.method, request.url, Math.round(timeoutMs / 100) / 10);
        throw error;
      } finally {
        clearTimeout(timer);
        outer?.removeEventListener('abort', onAbort);
        request.abortSignal = outer;
      }
    },
  };
}
