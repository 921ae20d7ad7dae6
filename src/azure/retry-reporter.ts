import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Where a request-level retry (retry-pipeline.ts) reports its wait. The SDK clients are shared by every
 * step, so the step whose call is waiting is found through the async context: the runner runs each step's
 * check, apply and verify inside withRetryReporter(ctx.progress, …).
 */
const reporter = new AsyncLocalStorage<(message: string) => void>();

export function withRetryReporter<T>(progress: (message: string) => void, run: () => Promise<T>): Promise<T> {
  return reporter.run(progress, run);
}

/** To the waiting step's progress line; outside a step (preflight, destroy, verify) to `fallback`. */
export function reportRetry(message: string, fallback?: (message: string) => void): void {
  (reporter.getStore() ?? fallback)?.(message);
}
