/** Injected faults (control API `POST /_emulator/faults`): matched against method and path of ARM calls. */
import { randomUUID } from 'node:crypto';
import { ArmError } from './contract.js';

export type FaultKind = 'status' | 'reset' | 'lro-failed' | 'hold' | 'delay' | 'stall';

export interface FaultSpec {
  method?: string;
  path: string;
  kind: FaultKind;
  status?: number;
  code?: string;
  message?: string;
  retryAfter?: number;
  delayMs?: number;
  times?: number;
  probability?: number;
}

interface Fault extends FaultSpec {
  id: string;
  regex: RegExp;
  remaining: number;
}

const KINDS: readonly FaultKind[] = ['status', 'reset', 'lro-failed', 'hold', 'delay', 'stall'];

function invalid(message: string): ArmError {
  return new ArmError(400, 'InvalidFault', message);
}

export class Faults {
  private list: Fault[] = [];

  add(spec: FaultSpec): string {
    if (!spec || typeof spec.path !== 'string')
      throw invalid("A fault needs 'path' (a regular expression matched against the request path).");
    if (!KINDS.includes(spec.kind)) throw invalid(`Fault 'kind' must be one of ${KINDS.join(', ')}; got '${String(spec.kind)}'.`);
    if (spec.kind === 'status' && !(Number.isInteger(spec.status) && spec.status! >= 400 && spec.status! <= 599)) {
      throw invalid("A 'status' fault needs 'status', an HTTP error status between 400 and 599.");
    }
    if (spec.probability !== undefined && !(spec.probability >= 0 && spec.probability <= 1))
      throw invalid("'probability' must lie between 0 and 1.");
    let regex: RegExp;
    try {
      regex = new RegExp(spec.path, 'i');
    } catch {
      throw invalid(`Fault 'path' is not a valid regular expression: ${spec.path}`);
    }
    const fault: Fault = { ...spec, id: randomUUID(), regex, remaining: spec.times ?? Number.POSITIVE_INFINITY };
    this.list.push(fault);
    return fault.id;
  }

  clear(): void {
    this.list = [];
  }

  /** The faults that fire for this request (each firing uses up one of its `times`). */
  take(method: string, path: string): Fault[] {
    const fired: Fault[] = [];
    for (const f of this.list) {
      if (f.remaining <= 0) continue;
      if (f.method && f.method.toUpperCase() !== method) continue;
      if (!f.regex.test(path)) continue;
      if (f.probability !== undefined && Math.random() >= f.probability) continue;
      f.remaining--;
      fired.push(f);
    }
    this.list = this.list.filter((f) => f.remaining > 0);
    return fired;
  }
}

const DEFAULT_CODES: Record<number, string> = {
  400: 'BadRequest',
  403: 'AuthorizationFailed',
  404: 'NotFound',
  409: 'Conflict',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  503: 'ServiceUnavailable',
};

/** The ARM error a `status` fault answers with. */
export function faultError(f: FaultSpec): ArmError {
  const status = f.status ?? 500;
  const headers = f.retryAfter !== undefined && (status === 429 || status === 503) ? { 'Retry-After': String(f.retryAfter) } : undefined;
  return new ArmError(
    status,
    f.code ?? DEFAULT_CODES[status] ?? 'InjectedFault',
    f.message ?? `Injected fault (status ${status}).`,
    headers ? { headers } : {},
  );
}
