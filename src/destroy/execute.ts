/**
 * Runs the teardown plan phase by phase: the chains of a phase side by side, the actions of a chain in
 * order. A failure stops its chain and, once the phase has settled, the run (later phases need the earlier
 * ones gone). Each finished action is reported at once so the journal follows Azure resource by resource.
 */
import { errorRecordOf, translateAzureError, type StepErrorRecord } from '../azure/errors.js';
import { AbortError, type SecureAksError } from '../core/errors.js';
import type { StepId } from '../core/step.js';
import { destroyError } from './attempt.js';
import type { ActionOutcome, Chain, DeletedResource, KeptResource, OwnedResource, TeardownEnv, TeardownPlan } from './types.js';

export type TeardownStatus = 'done' | 'failed' | 'interrupted';

export interface TeardownResult {
  status: TeardownStatus;
  deleted: DeletedResource[];
  kept: KeptResource[];
  /** Steps whose teardown finished: everything of theirs deleted, or kept with a reason. */
  completed: StepId[];
  failed: Partial<Record<StepId, StepErrorRecord>>;
  durationMs: number;
  error?: SecureAksError;
}

export interface TeardownHooks {
  /** After each action (deleted, gone or kept): the journal update for that resource. */
  onOutcome?(resource: OwnedResource, outcome: ActionOutcome): Promise<void>;
  /** When the last action of a step has finished without error. */
  onStepComplete?(step: StepId): Promise<void>;
}

/** Steps that own nothing in ARM themselves: they live in the cluster and are torn down with it. */
const LIVES_IN: Partial<Record<StepId, StepId>> = { 'private-endpoint': 'cluster', health: 'cluster', 'test-deployment': 'cluster' };

const isAbort = (error: unknown) => (error as Error | undefined)?.name === 'AbortError' || translateAzureError(error) instanceof AbortError;

export async function executePlan(
  plan: TeardownPlan,
  env: TeardownEnv,
  hooks: TeardownHooks = {},
  allSteps: readonly StepId[] = [],
): Promise<TeardownResult> {
  const started = Date.now();
  const deleted: DeletedResource[] = [];
  const kept: KeptResource[] = [...plan.kept];
  const failed: TeardownResult['failed'] = {};
  const completed: StepId[] = [];
  const remaining = new Map<StepId, number>();
  for (const a of plan.phases.flatMap((p) => p.chains.flat())) remaining.set(a.resource.step, (remaining.get(a.resource.step) ?? 0) + 1);

  const complete = async (step: StepId): Promise<void> => {
    if (completed.includes(step)) return;
    completed.push(step);
    await hooks.onStepComplete?.(step);
    for (const [follower, host] of Object.entries(LIVES_IN))
      if (host === step && allSteps.includes(follower as StepId)) await complete(follower as StepId);
  };
  // Steps with nothing left in Azure are already torn down.
  for (const step of allSteps) {
    const host = LIVES_IN[step];
    if (!remaining.has(step) && !(host && remaining.has(host))) await complete(step);
  }

  let firstError: SecureAksError | undefined;
  let interrupted = false;
  const runChain = async (chain: Chain) => {
    for (const action of chain) {
      if (env.signal.aborted) {
        interrupted = true;
        return;
      }
      const r = action.resource;
      let outcome: ActionOutcome;
      try {
        outcome = await action.run(env);
      } catch (error) {
        if (isAbort(error) || env.signal.aborted) {
          interrupted = true;
          return;
        }
        const typed = destroyError(error);
        firstError ??= typed;
        failed[r.step] ??= errorRecordOf(typed);
        return;
      }
      // Present when the plan was made and absent now: this run (or a parent's deletion in it) removed it.
      if (outcome.kind === 'kept') kept.push({ id: r.id, type: r.type, reason: outcome.reason });
      else deleted.push({ id: r.id, type: r.type });
      await hooks.onOutcome?.(r, outcome);
      const left = (remaining.get(r.step) ?? 1) - 1;
      remaining.set(r.step, left);
      if (left === 0 && !failed[r.step]) await complete(r.step);
    }
  };

  for (const phase of plan.phases) {
    if (firstError || interrupted) break;
    if (env.signal.aborted) {
      interrupted = true;
      break;
    }
    env.progress(`${phase.label}`);
    await Promise.all(phase.chains.map(runChain));
  }
  const status: TeardownStatus = firstError ? 'failed' : interrupted ? 'interrupted' : 'done';
  return {
    status,
    deleted,
    kept,
    completed,
    failed,
    durationMs: Date.now() - started,
    error: firstError ?? (interrupted ? new AbortError() : undefined),
  };
}
