/** What both the Node AbortSignal and the pipeline's AbortSignalLike offer. */
export interface SignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** Named AbortError, the way toAzureError and the engine recognise a cancellation. */
function abortError(): Error {
  const err = new Error('The operation was aborted.');
  err.name = 'AbortError';
  return err;
}

/** A cancellable sleep for the retry module: Ctrl-C must not wait out a back-off. */
export function abortable(ms: number, signal?: SignalLike): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A wait longer than this is said again every this often with the time left, so it never looks like a hang. */
export const REMIND_EVERY_MS = 10_000;

/** `abortable`, calling `remaining(seconds left)` every REMIND_EVERY_MS while more than that is left. */
export async function abortableWithReminders(
  ms: number,
  signal: SignalLike | undefined,
  remaining: (seconds: number) => void,
  everyMs = REMIND_EVERY_MS,
): Promise<void> {
  let left = ms;
  while (left > everyMs) {
    await abortable(everyMs, signal);
    left -= everyMs;
    remaining(Math.ceil(left / 1000));
  }
  await abortable(left, signal);
}
