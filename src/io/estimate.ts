import type { StepId } from '../core/step.js';
import type { PlannedStep } from './events.js';

/** Where a step stands for the estimate: not started, running since `startedAt`, or finished (any outcome). */
export type StepProgress = { state: 'pending' } | { state: 'running'; startedAt: number } | { state: 'finished' };

/**
 * What a running step still needs: its typical duration minus what it has run, but never nothing (a step past
 * its typical time is still running; a tenth of its typical time keeps the estimate honest without jumping).
 */
function leftOf(step: PlannedStep, progress: StepProgress, now: number): number {
  const typical = step.typicalMs ?? 0;
  if (progress.state === 'finished') return 0;
  if (progress.state === 'pending') return typical;
  return Math.max(typical - (now - progress.startedAt), typical / 10);
}

/**
 * The time left for the whole run: the longest chain of unfinished steps through their dependencies (steps
 * run in parallel, so a sum would overstate it). A step ends no sooner than every step it waits for, plus
 * what it still needs itself. Undefined when a step has no typical duration (the target's speed is unknown).
 */
export function remainingMs(steps: readonly PlannedStep[], progress: ReadonlyMap<StepId, StepProgress>, now: number): number | undefined {
  if (steps.some((s) => s.typicalMs === undefined)) return undefined;
  const byId = new Map(steps.map((s) => [s.id, s]));
  const ends = new Map<StepId, number>();
  const endOf = (id: StepId, seen: ReadonlySet<StepId>): number => {
    const known = ends.get(id);
    if (known !== undefined) return known;
    const step = byId.get(id);
    // A dependency outside this run, or a cycle (the scheduler refuses those), adds nothing.
    if (!step || seen.has(id)) return 0;
    const next = new Set(seen).add(id);
    const before = Math.max(0, ...(step.after ?? []).map((dep) => endOf(dep, next)));
    const end = before + leftOf(step, progress.get(id) ?? { state: 'pending' }, now);
    ends.set(id, end);
    return end;
  };
  return Math.max(0, ...steps.map((s) => endOf(s.id, new Set())));
}
