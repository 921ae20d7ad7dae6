import { azureErrorCode, LRO_FAILED, statusCodeOf } from './error-codes.js';
import { AzureOperationError, SecureAksError } from '../core/errors.js';

interface RestErrorLike {
  statusCode?: number;
  code?: string;
  message?: string;
}

export { azureErrorCode, statusCodeOf };

export function isNotFound(error: unknown): boolean {
  const code = azureErrorCode(error);
  return statusCodeOf(error) === 404 || code === 'ResourceNotFound' || code === 'NotFound' || code === 'ResourceGroupNotFound';
}

/** A GET that answers undefined instead of throwing when the resource does not exist. */
export async function getOrUndefined<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/**
 * Turns an SDK failure into an AzureOperationError that keeps Azure's code and message and says which
 * resource was being written.
 */
export function toAzureError(error: unknown, doing: string, remediation?: string): Error {
  // Our typed errors and cancellations (Ctrl-C aborts the signal) keep their identity.
  if (error instanceof SecureAksError || (error as Error | undefined)?.name === 'AbortError') return error as Error;
  const e = error as RestErrorLike | undefined;
  const code = azureErrorCode(error) ?? 'AzureRequestFailed';
  const lro = typeof e?.message === 'string' ? LRO_FAILED.exec(e.message) : null;
  const azureMessage = lro ? lro[2] : (e?.message ?? String(error));
  return new AzureOperationError(
    code,
    `${doing} failed: ${code}: ${azureMessage}`,
    statusCodeOf(error),
    remediation ?? 'Fix the cause Azure reports above, then resume with `secure-aks status --resume`.',
  );
}

/** Runs an Azure call and rethrows any failure as toAzureError(…, doing). */
export async function azureCall<T>(doing: string, call: () => Promise<T>, remediation?: string): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toAzureError(error, doing, remediation);
  }
}
