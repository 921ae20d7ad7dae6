import { toErrorRecord, translateAzureError } from '../azure/errors.js';
import { createStepContext, plannedStep, stepRef } from './context.js';
import type { SecureAksError } from '../core/errors.js';
import type { RunResult, StepResult } from './result.js';
import { environment, finish, sortByNumber, type RunOptions } from './runner.js';
import type { StepId } from '../core/step.js';

/**
 * plan: every step's read-only check, all at once (a check never waits for another step: when a
 * dependency is not deployed its check reports creates), then stop. Nothing is applied and the journal
 * is never written. A step's status says where Azure stands: done = nothing to change, pending = changes.
 */
export async function planSteps(options: RunOptions): Promise<RunResult> {
  const env = environment(options, true);
  const { io } = options;
  const started = Date.now();
  const ordered = sortByNumber(options.steps);
  const results = new Map<StepId, StepResult>();
  const errors = new Map<StepId, SecureAksError>();
  io.notify({ code: 'run.start', mode: 'plan', steps: ordered.map((s) => plannedStep(s, options.speed)) });

  await Promise.all(
    ordered.map(async (step) => {
      const ref = stepRef(step);
      const base = { number: step.number, id: step.id, title: step.title };
      const skipReason = step.skipReason?.(options.config);
      if (skipReason) {
        results.set(step.id, { ...base, status: 'skipped', skipReason, changes: [] });
        io.notify({ code: 'step.end', step: ref, status: 'skipped', durationMs: 0, summary: `skipped: ${skipReason}` });
        return;
      }
      const t0 = Date.now();
      try {
        const changes = await step.check(createStepContext(step, env));
        const pending = changes.some((c) => c.action !== 'none');
        results.set(step.id, { ...base, status: pending ? 'pending' : 'done', changes, durationMs: Date.now() - t0 });
        io.notify({ code: 'step.checked', step: ref, changes });
      } catch (err) {
        const typed = translateAzureError(err, options.azure.correlationId);
        const record = toErrorRecord(typed);
        errors.set(step.id, typed);
        results.set(step.id, { ...base, status: 'failed', error: record, durationMs: Date.now() - t0 });
        io.notify({ code: 'step.end', step: ref, status: 'failed', durationMs: Date.now() - t0, summary: record.message, error: record });
        io.notify({ code: 'debug', message: `${step.id}: ${(err as Error)?.stack ?? String(err)}` });
      }
    }),
  );

  const result = finish(ordered, results, errors, started, env.signal.aborted);
  // A plan that found changes is still a successful plan: only failed checks make it fail.
  const planStatus = result.steps.some((s) => s.status === 'failed') ? result.status : 'done';
  io.notify({ code: 'run.end', mode: 'plan', status: planStatus, durationMs: result.durationMs });
  return { ...result, status: planStatus };
}
