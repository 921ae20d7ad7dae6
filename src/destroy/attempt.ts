import { translateAzureError, isNotFound, toAzureError } from '../azure/errors.js';
import { AbortError, AuthError, AzureOperationError, type SecureAksError } from '../core/errors.js';
import type { ActionOutcome, TeardownEnv } from './types.js';

export const RESUME_HINT = 'Fix the cause Azure reports, then run `secure-aks destroy` again: it finds what is left and continues.';

/**
 * For `pollUntilDone` of the newer clients (compute, AKS): the signal in the request options only cancels
 * a poll request, not the wait between polls, which follows Azure's Retry-After and can last minutes.
 */
export function pollOptions(env: Pick<TeardownEnv, 'signal'>): { abortSignal: AbortSignal } {
  return { abortSignal: env.signal };
}

/** A read that answers undefined for 404 and a typed error (naming what was read) for anything else. */
export async function readOrUndefined<T>(what: string, read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw toAzureError(error, `Reading ${what}`, RESUME_HINT);
  }
}

/**
 * Settles `work`, or rejects with AbortError as soon as the run is cancelled. The classic network clients'
 * `...AndWait` pollers sleep out Azure's Retry-After without watching any signal: Ctrl-C must not wait for
 * them. The abandoned operation goes on in Azure; the next run finds it Deleting and re-attaches.
 */
export async function unlessAborted<T>(signal: AbortSignal, work: Promise<T>): Promise<T> {
  work.catch(() => undefined);
  if (signal.aborted) throw new AbortError();
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new AbortError());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** Runs a delete: 404 means someone (an earlier run, a parent's deletion) already removed it. */
export async function deleting(env: TeardownEnv, what: string, remove: () => Promise<unknown>): Promise<ActionOutcome> {
  env.progress(`${what}: deleting`);
  try {
    await unlessAborted(env.signal, remove());
  } catch (error) {
    if (error instanceof AbortError) throw error;
    if (isNotFound(error)) return { kind: 'gone' };
    throw toAzureError(error, `Deleting ${what}`, RESUME_HINT);
  }
  env.progress(`${what}: deleted`);
  return { kind: 'deleted' };
}

/** A write that is not a delete (detaching a route table from a subnet we keep). */
export async function writing<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw toAzureError(error, what, RESUME_HINT);
  }
}

/** A resource already being deleted (by a run that crashed) only needs its DELETE repeated: ARM re-attaches. */
export function isDeleting(resource: { provisioningState?: string } | undefined): boolean {
  return resource?.provisioningState === 'Deleting';
}

/**
 * The typed error of a failed teardown action. Azure-code hints elsewhere say how to resume `init`;
 * here the way forward is always another `secure-aks destroy`.
 */
export function destroyError(error: unknown): SecureAksError {
  const typed = translateAzureError(error);
  if (typed instanceof AuthError)
    return new AuthError(typed.code, typed.message, typed.remediation?.replace('secure-aks status --resume', 'secure-aks destroy'));
  if (typed instanceof AzureOperationError) return new AzureOperationError(typed.code, typed.message, typed.statusCode, RESUME_HINT);
  return typed;
}
