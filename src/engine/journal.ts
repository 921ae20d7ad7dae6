import type { StepErrorRecord } from '../azure/errors.js';
import type { InFlightOperation, StepId, StepOutputs, StepStatus } from '../core/step.js';
import { MAX_ATTEMPTS, type StepAttempt } from '../state/schema.js';

/** What the run journals per step: the state file's StepRecord (src/state/schema.ts). */
export interface StepJournalEntry {
  status: StepStatus;
  startedAt?: string;
  finishedAt?: string;
  outputs?: StepOutputs;
  error?: StepErrorRecord;
  inFlight?: InFlightOperation;
  /** Number of changes the last check found (0 on a re-run of a complete deployment). */
  changes?: number;
  /** Every run of the step, oldest first (the state file's StepAttempt). */
  attempts?: StepAttempt[];
}

/**
 * The attempts with a new one started at `startedAt`: one a gone run left `running` ended without an end
 * (interrupted), the oldest beyond MAX_ATTEMPTS are dropped.
 */
export function startAttempt(previous: readonly StepAttempt[] | undefined, startedAt: string): StepAttempt[] {
  const closed = (previous ?? []).map((a): StepAttempt => (a.status === 'running' ? { ...a, status: 'interrupted' } : a));
  return [...closed, { startedAt, status: 'running' as const }].slice(-MAX_ATTEMPTS);
}

/** The attempts with the last one (this run's) ended at `endedAt` with `status`. */
export function endAttempt(
  attempts: readonly StepAttempt[],
  endedAt: string,
  status: Exclude<StepAttempt['status'], 'running'>,
): StepAttempt[] {
  return attempts.map((a, i) => (i === attempts.length - 1 ? { ...a, endedAt, status } : a));
}

/** Time spent in a step over all its attempts that ended (ms). */
export function attemptsTotalMs(attempts: readonly StepAttempt[]): number {
  return attempts.reduce((sum, a) => (a.endedAt ? sum + Math.max(0, Date.parse(a.endedAt) - Date.parse(a.startedAt)) : sum), 0);
}

/**
 * The runner's only view of the state file: read a step's entry, merge a patch into it. `update`
 * resolves once the change is durable, so "mark running before the step starts" really is before.
 * A patch key set to undefined removes that field (e.g. the error of an earlier failed run).
 */
export interface Journal {
  get(id: StepId): StepJournalEntry | undefined;
  update(id: StepId, patch: Partial<StepJournalEntry>): Promise<void>;
}

export function mergeEntry(previous: StepJournalEntry | undefined, patch: Partial<StepJournalEntry>): StepJournalEntry {
  const next: Record<string, unknown> = { status: 'pending', ...previous };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete next[k];
    else next[k] = v;
  }
  return next as unknown as StepJournalEntry;
}

/** An in-memory journal: plan mode's scratch copy and the engine's unit tests. */
export class MemoryJournal implements Journal {
  readonly entries = new Map<StepId, StepJournalEntry>();
  writes = 0;
  constructor(initial: Partial<Record<StepId, StepJournalEntry>> = {}) {
    for (const [id, e] of Object.entries(initial)) if (e) this.entries.set(id as StepId, e);
  }
  get(id: StepId): StepJournalEntry | undefined {
    return this.entries.get(id);
  }
  async update(id: StepId, patch: Partial<StepJournalEntry>): Promise<void> {
    this.writes++;
    this.entries.set(id, mergeEntry(this.entries.get(id), patch));
  }
}
