import type { StepErrorRecord } from '../azure/errors.js';
import type { RunStatus } from '../io/events.js';
import type { SecureAksError } from '../core/errors.js';
import type { Change, ReportedStatus, StepId, StepOutputs } from '../core/step.js';
import type { StepAttempt } from '../state/schema.js';

/** One step's outcome as renderers show it (article order). */
export interface StepResult {
  number: number;
  id: StepId;
  title: string;
  status: ReportedStatus;
  /** A run: this attempt. `status`: the total over every attempt the state file keeps. */
  durationMs?: number;
  /** `status` only: every run of the step, oldest first (the state file's attempts). */
  attempts?: StepAttempt[];
  changes?: Change[];
  outputs?: StepOutputs;
  skipReason?: string;
  error?: StepErrorRecord;
}

export interface RunResult {
  status: RunStatus;
  steps: StepResult[];
  durationMs: number;
  /** The first failure in article order, typed (its exitCode decides the process exit status). */
  error?: SecureAksError;
  /** A step transition the journal refused or could not write, even as a failure: the state file is behind. */
  unjournaled?: SecureAksError;
}

/** "created 3, updated 1" / "no changes": the one-line result of an applied step. */
export function summarizeChanges(changes: Change[]): string {
  const created = changes.filter((c) => c.action === 'create').length;
  const updated = changes.filter((c) => c.action === 'update').length;
  const deleted = changes.filter((c) => c.action === 'delete').length;
  if (!created && !updated && !deleted) return 'no changes';
  return [created && `created ${created}`, updated && `updated ${updated}`, deleted && `deleted ${deleted}`].filter(Boolean).join(', ');
}
