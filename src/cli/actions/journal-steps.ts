import type { StepResult } from '../../engine/result.js';
import type { DeploymentState } from '../../state/schema.js';
import { STEPS } from '../../steps/index.js';
import { attemptsTotalMs } from '../../engine/journal.js';

/**
 * Each step in article order as the journal last recorded it. A step recorded running while no run holds
 * the lock (`runAlive` false) is `interrupted`: the process that ran it is gone, and a resume continues it.
 */
export function stepsFromState(state: DeploymentState, runAlive: boolean): StepResult[] {
  return [...STEPS]
    .sort((a, b) => a.number - b.number)
    .map((s) => {
      const rec = state.steps[s.id];
      const started = rec?.startedAt ? Date.parse(rec.startedAt) : undefined;
      const finished = rec?.finishedAt ? Date.parse(rec.finishedAt) : undefined;
      // The total of every attempt, so a resume adds to the first run's time instead of replacing it; a
      // state written before attempts were kept has only the last run's start and end.
      const attempts = rec?.attempts?.length ? rec.attempts : undefined;
      const durationMs = attempts
        ? attempts.some((a) => a.endedAt)
          ? attemptsTotalMs(attempts)
          : undefined
        : started !== undefined && finished !== undefined
          ? finished - started
          : undefined;
      const skipReason = rec?.status === 'skipped' ? s.skipReason?.(state.config) : undefined;
      return {
        number: s.number,
        id: s.id,
        title: s.title,
        status: rec?.status === 'running' && !runAlive ? 'interrupted' : (rec?.status ?? 'pending'),
        ...(durationMs !== undefined ? { durationMs } : {}),
        ...(attempts ? { attempts } : {}),
        ...(skipReason ? { skipReason } : {}),
        ...(rec?.outputs ? { outputs: rec.outputs } : {}),
        ...(rec?.error ? { error: rec.error } : {}),
      };
    });
}
