/** Sleeps unless the run is cancelled first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Polls `read` until `done` holds (e.g. a provider registration or a resource another run is still
 * provisioning). Returns the last value; throws `onTimeout()` when it never holds within `timeoutMs`.
 */
export async function pollUntil<T>(opts: {
  read: () => Promise<T>;
  done: (value: T) => boolean;
  intervalMs: number;
  timeoutMs: number;
  signal: AbortSignal;
  onTimeout: (last: T) => Error;
}): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    const value = await opts.read();
    if (opts.done(value)) return value;
    if (Date.now() >= deadline) throw opts.onTimeout(value);
    await sleep(opts.intervalMs, opts.signal);
  }
}
