/**
 * Read helpers for evidence collection: a missing resource is an answer ("absent"), anything else
 * (permission, throttling) is recorded in readErrors and the audit goes on without that piece.
 */

export function statusOf(error: unknown): number | undefined {
  const e = error as { statusCode?: number; status?: number; response?: { status?: number } };
  return e?.statusCode ?? e?.status ?? e?.response?.status;
}

export async function tryRead<T>(what: string, readErrors: string[], read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    const e = error as { code?: string; message?: string };
    readErrors.push(`${what}: ${e.code ? `${e.code}: ` : ''}${(e.message ?? String(error)).split('\n')[0]}`);
    return undefined;
  }
}

export async function collectAll<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
