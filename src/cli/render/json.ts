import { InputRequiredError, type SecureAksError } from '../../core/errors.js';
import type { Change, PropertyDiff } from '../../core/step.js';
import type { RunResult, StepResult } from '../../engine/result.js';
import type { Output } from './output.js';

export interface JsonErrorBody {
  code: string;
  message: string;
  explanation?: string;
  remediation?: string;
  docs?: string;
  /** The x-ms-correlation-request-id Azure support asks for. */
  correlationId?: string;
  /** This run's log file. */
  logFile?: string;
  missing?: InputRequiredError['missing'];
  problems?: Array<{ code: string; message: string; remediation?: string; fields?: readonly string[] }>;
}

/** Config and preflight errors carry every problem found; scripts get them as a list. */
function problemsOf(error: SecureAksError): JsonErrorBody['problems'] {
  const list = (error as { problems?: unknown }).problems;
  if (!Array.isArray(list) || list.length < 2) return undefined;
  return list.map((p: { code: string; message: string; remediation?: string; fields?: readonly string[] }) => ({
    code: p.code,
    message: p.message,
    ...(p.remediation ? { remediation: p.remediation } : {}),
    ...(p.fields?.length ? { fields: p.fields } : {}),
  }));
}

export function errorBody(error: SecureAksError): JsonErrorBody {
  const problems = problemsOf(error);
  return {
    code: error.code,
    message: error.message,
    ...(error.options.explanation ? { explanation: error.options.explanation } : {}),
    ...(error.remediation ? { remediation: error.remediation } : {}),
    ...(error.options.docs ? { docs: error.options.docs } : {}),
    ...(error.options.correlationId ? { correlationId: error.options.correlationId } : {}),
    ...(error.options.logFile ? { logFile: error.options.logFile } : {}),
    ...(error instanceof InputRequiredError ? { missing: error.missing } : {}),
    ...(problems ? { problems } : {}),
  };
}

/** A plan's update says each property's old and new value as `from`/`to` too (terraform's words), beside current/desired. */
function changeJson(ch: Change): Change | (Change & { diff: Array<PropertyDiff & { from: unknown; to: unknown }> }) {
  return ch.diff ? { ...ch, diff: ch.diff.map((d) => ({ ...d, from: d.current, to: d.desired })) } : ch;
}

function stepJson(s: StepResult, withChanges: boolean): Record<string, unknown> {
  return {
    number: s.number,
    id: s.id,
    title: s.title,
    status: s.status,
    ...(s.durationMs !== undefined ? { durationMs: s.durationMs } : {}),
    ...(s.attempts ? { attempts: s.attempts } : {}),
    ...(s.skipReason ? { skipReason: s.skipReason } : {}),
    ...(withChanges ? { changes: (s.changes ?? []).map(changeJson) } : {}),
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

/** The one JSON document `-o json` writes, at the very end (stable for scripts: README "Flags", `-o json`). */
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
