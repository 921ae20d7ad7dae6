/** Reading what Azure said from whatever the SDK threw (RestError, a failed LRO, or our typed errors). */

interface ErrorLike {
  statusCode?: number;
  code?: string;
  message?: string;
}

/** A failed LRO surfaces as a plain Error "The long-running operation has failed. <code>. <message>". */
export const LRO_FAILED = /^The long-running operation has failed\.\s*([A-Za-z0-9_.]+)\.\s*([\s\S]*)$/;

/** Azure's error code of a RestError, a failed LRO or a typed error (undefined for anything else). */
export function azureErrorCode(error: unknown): string | undefined {
  const e = error as ErrorLike | undefined;
  if (typeof e?.code === 'string' && e.code.length > 0) return e.code;
  const m = typeof e?.message === 'string' ? LRO_FAILED.exec(e.message) : null;
  return m?.[1];
}

export function statusCodeOf(error: unknown): number | undefined {
  const s = (error as ErrorLike | undefined)?.statusCode;
  return typeof s === 'number' ? s : undefined;
}

export function messageOf(error: unknown): string {
  const m = (error as ErrorLike | undefined)?.message;
  return typeof m === 'string' ? m : String(error);
}
