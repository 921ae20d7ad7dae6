/**
 * Judges the emulator's answer to one replayed request against Azure's recorded answer: status code, async
 * mode (which of Azure-AsyncOperation / Location / Retry-After are present), error code, body key paths, and
 * the only values that are compared: terminal provisioningState and operation `status`, and error codes.
 */
import type { Exchange } from './exchange.js';
import { coverage } from './key-paths.js';

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

export interface Comparison {
  cassette: string;
  index: number;
  method: string;
  path: string;
  statusAgree: boolean;
  asyncAgree: boolean;
  /** Set when Azure answered with an error: the recorded code and the emulator's. */
  errorCode?: { recorded: string; actual?: string };
  coverage: number;
  recordedKeys: number;
  coveredKeys: number;
  /** What differs, one short phrase each; a matched interaction may still lack a few key paths. */
  differences: string[];
  matched: boolean;
}

/**
 * An interaction counts as matched when status, async mode, error code and terminal values agree and at
 * least this share of the recorded key paths is present.
 */
export const MATCH_COVERAGE = 0.9;

const TERMINAL = /^(succeeded|failed|canceled)$/i;

export function asyncMode(headers: Record<string, string>): string {
  const parts = ['azure-asyncoperation', 'location', 'retry-after'].filter((h) => headers[h] !== undefined);
  return parts.length ? parts.join('+') : 'none';
}

function errorCodeOf(body: unknown): string | undefined {
  const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The terminal values Azure recorded that the emulator must repeat: provisioningState and an operation's status. */
export function terminalValues(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const b = body as { status?: unknown; properties?: { provisioningState?: unknown } } | undefined;
  if (typeof b?.status === 'string' && TERMINAL.test(b.status)) out['status'] = b.status;
  const state = b?.properties?.provisioningState;
  if (typeof state === 'string' && TERMINAL.test(state)) out['properties.provisioningState'] = state;
  return out;
}

function valueAt(body: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), body);
}

export function compareAnswer(cassette: string, recorded: Exchange, path: string, actual: Answer): Comparison {
  const differences: string[] = [];
  const statusAgree = recorded.status === actual.status;
  if (!statusAgree) differences.push(`status ${recorded.status} != ${actual.status}`);
  const [wantMode, haveMode] = [asyncMode(recorded.headers), asyncMode(actual.headers)];
  const asyncAgree = wantMode === haveMode;
  if (!asyncAgree) differences.push(`async mode ${wantMode} != ${haveMode}`);

  const recordedCode = recorded.status >= 400 ? errorCodeOf(recorded.body) : undefined;
  const errorCode = recordedCode ? { recorded: recordedCode, actual: errorCodeOf(actual.body) } : undefined;
  if (errorCode && errorCode.recorded !== errorCode.actual) {
    differences.push(`error code ${errorCode.recorded} != ${errorCode.actual ?? 'none'}`);
  }

  for (const [key, want] of Object.entries(terminalValues(recorded.body))) {
    const have = valueAt(actual.body, key);
    if (typeof have !== 'string' || have.toLowerCase() !== want.toLowerCase()) differences.push(`${key} ${want} != ${have ?? 'absent'}`);
  }

  const cov = coverage(recorded.body, actual.body);
  if (cov.ratio < 1) {
    const more = cov.missing.length > 6 ? ` (+${cov.missing.length - 6} more)` : '';
    differences.push(`missing ${cov.missing.slice(0, 6).join(', ')}${more}`);
  }
  const valuesAgree = differences.every((d) => d.startsWith('missing'));
  const matched = valuesAgree && cov.ratio >= MATCH_COVERAGE;
  return {
    cassette,
    index: recorded.index,
    method: recorded.method,
    path,
    statusAgree,
    asyncAgree,
    errorCode,
    coverage: cov.ratio,
    recordedKeys: cov.total,
    coveredKeys: cov.total - cov.missing.length,
    differences,
    matched,
  };
}
