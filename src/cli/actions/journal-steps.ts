import type { StepResult } from '../../engine/result.js';
import type { DeploymentState } from '../../state/schema.js';
import { STEPS } from '../../steps/index.js';

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
      const skipReason = rec?.status === 'skipped' ? s.skipReason?.(state.config) : undefined;
      return {
        number: s.number,
        id: s.id,
        title: s.title,
        status: rec?.status === 'running' && !runAlive ? 'interrupted' : (rec?.status ?? 'pending'),
        ...(started !== undefined && finished !== undefined ? { durationMs: finished - started } : {}),
        ...(skipReason ? { skipReason } : {}),
        ...(rec?.outputs ? { outputs: rec.outputs } : {}),
        ...(rec?.error ? { error: rec.error } : {}),
      };
    });
}
