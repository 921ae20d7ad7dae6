import { AbortError, ExitCode, type ExitCodeValue } from '../../core/errors.js';
import { isFinished } from '../../core/step.js';
import { driftUnknown, type DriftReport } from '../../drift/detect.js';
import type { StepResult } from '../../engine/result.js';

/** Why `status` exits as it does: scripts branch on the code, `-o json` also carries the word. */
export type StatusExitReason = 'healthy' | 'failed' | 'interrupted' | 'drifted' | 'unchecked' | 'incomplete';

export interface StatusExit {
  code: ExitCodeValue;
  reason: StatusExitReason;
}

/** The code a step stopped by Ctrl-C is journaled with (failed, but nothing went wrong: it was cancelled). */
const CANCELLED = new AbortError().code;

/**
 * The deployment's health as one exit code, the worst finding first: a failed step (11), a step whose run
 * is gone (12), Azure no longer matching a done step (13, only known when drift was checked), Azure asked but
 * unable to say whether a done step still matches (13 as well, reason `unchecked`: a check that errored cannot
 * vouch for health, and a script that acts on drift should look, as it would for drift), steps not yet done
 * (14: never run, still running, cancelled with Ctrl-C, or destroyed). 0 only when every step is done or
 * skipped and no drift was found.
 */
export function statusExit(steps: readonly StepResult[], drift: Pick<DriftReport, 'drifted' | 'failed' | 'steps'>): StatusExit {
  if (steps.some((s) => s.status === 'failed' && s.error?.code !== CANCELLED)) return { code: ExitCode.statusFailed, reason: 'failed' };
  if (steps.some((s) => s.status === 'interrupted')) return { code: ExitCode.statusInterrupted, reason: 'interrupted' };
  if (drift.drifted) return { code: ExitCode.statusDrifted, reason: 'drifted' };
  if (driftUnknown(drift)) return { code: ExitCode.statusDrifted, reason: 'unchecked' };
  if (!steps.every((s) => isFinished(s.status))) return { code: ExitCode.statusIncomplete, reason: 'incomplete' };
  return { code: ExitCode.ok, reason: 'healthy' };
}
