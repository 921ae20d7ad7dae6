import { InputRequiredError, type SecureAksError } from '../../engine/errors.js';
import type { RunResult, StepResult } from '../../engine/result.js';
import type { Output } from './output.js';

export interface JsonErrorBody {
  code: string;
  message: string;
  remediation?: string;
  missing?: InputRequiredError['missing'];
}

export function errorBody(error: SecureAksError): JsonErrorBody {
  return {
    code: error.code,
    message: error.message,
    ...(error.remediation ? { remediation: error.remediation } : {}),
    ...(error instanceof InputRequiredError ? { missing: error.missing } : {}),
  };
}

function stepJson(s: StepResult, withChanges: boolean): Record<string, unknown> {
  return {
    number: s.number,
    id: s.id,
    title: s.title,
    status: s.status,
    ...(s.durationMs !== undefined ? { durationMs: s.durationMs } : {}),
    ...(s.skipReason ? { skipReason: s.skipReason } : {}),
    ...(withChanges ? { changes: s.changes ?? [] } : {}),
    ...(s.outputs ? { outputs: s.outputs } : {}),
    ...(s.error ? { error: s.error } : {}),
  };
}

export interface JsonDocument {
  command: string;
  status: string;
  steps: StepResult[];
  extra?: Record<string, unknown>;
  error?: SecureAksError;
}

/** The one JSON document `-o json` writes, at the very end (stable for scripts: design.md). */
export function renderJson(output: Output, doc: JsonDocument): void {
  const body = {
    command: doc.command,
    status: doc.status,
    ...doc.extra,
    steps: doc.steps.map((s) => stepJson(s, doc.command === 'plan')),
    ...(doc.error ? { error: errorBody(doc.error) } : {}),
  };
  output.out(JSON.stringify(body, null, 2));
}

export function renderRunJson(output: Output, command: string, result: RunResult, extra?: Record<string, unknown>): void {
  renderJson(output, { command, status: result.status, steps: result.steps, extra, error: result.error });
}
