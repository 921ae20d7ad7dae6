import type { ArmCallRecord } from '../azure/clients.js';
import type { StepErrorRecord } from '../azure/errors.js';
import type { Change, StepId, StepStatus } from '../core/step.js';

/** Identifies a step in every event, so renderers never need the step objects themselves. */
export interface StepRef {
  number: number;
  id: StepId;
  title: string;
}

/** A step as a run announces it: what it waits for and how long it usually takes, for the live estimate. */
export interface PlannedStep extends StepRef {
  /** Steps it cannot finish before (its dependsOn). */
  after?: StepId[];
  /** Typical duration on this target in real ms; absent when unknown (no estimate is shown). */
  typicalMs?: number;
}

export type RunMode = 'apply' | 'plan';

/**
 * Everything the engine and commands tell the user, as data. Renderers decide how it looks (spinners,
 * plain lines, nothing for JSON); tests assert on `code`, never on terminal text.
 */
export type IoEvent =
  | { code: 'run.start'; mode: RunMode; steps: PlannedStep[] }
  | { code: 'step.start'; step: StepRef }
  | { code: 'step.progress'; step: StepRef; message: string }
  | { code: 'step.checked'; step: StepRef; changes: Change[] }
  | {
      code: 'step.end';
      step: StepRef;
      status: StepStatus;
      /** This attempt's duration: the same number the end table and the state file's attempt show. */
      durationMs: number;
      summary: string;
      error?: StepErrorRecord;
    }
  | { code: 'run.end'; mode: RunMode; status: RunStatus; durationMs: number }
  | { code: 'arm.call'; call: ArmCallRecord }
  | { code: 'prompt.auto'; message: string; answer: string }
  | { code: 'info'; message: string }
  | { code: 'warn'; message: string }
  | { code: 'debug'; message: string };

export type RunStatus = 'done' | 'failed' | 'interrupted';
export type IoEventCode = IoEvent['code'];
