import { UsageError } from '../../core/errors.js';
import { isFinished } from '../../core/step.js';
import type { StepResult } from '../../engine/result.js';
import { stepsFromState } from './journal-steps.js';
import { loadState } from '../../state/store.js';
import type { CommandContext } from '../context.js';
import { notChecked } from '../../drift/detect.js';
import { checkDrift, liveLockHolder } from '../../drift/check.js';
import { Factory } from '../factory.js';
import { statusView } from '../views/status.js';
import { runInit } from './init.js';
import { statusExit } from './status-exit.js';
import { jumphostKeyPath } from '../../state/jumphost-key.js';
import { recordedResources } from './status-resources.js';
import type { CommonOptions, TargetOptions } from '../flags.js';

export interface StatusOptions {
  common: CommonOptions;
  target: TargetOptions;
  resume: boolean;
  /** Journal only: skip asking Azure for drift. */
  offline: boolean;
}

export function overallStatus(steps: StepResult[]): string {
  if (steps.some((s) => s.status === 'failed')) return 'failed';
  if (steps.some((s) => s.status === 'running')) return 'running';
  if (steps.some((s) => s.status === 'interrupted')) return 'interrupted';
  if (steps.every((s) => isFinished(s.status))) return 'done';
  return 'pending';
}

/**
 * status: the journal, what the steps recorded they built, plus what drifted in Azure since (each done
 * step's read-only check, unless --offline); exits 0 only for a healthy deployment (see statusExit).
 * --resume continues init with what the state file recorded, which also repairs drift, with init's codes.
 */
export async function runStatus(ctx: CommandContext, o: StatusOptions): Promise<number> {
  if (o.resume) return runInit(ctx, { common: o.common, target: o.target, values: {} }, true);
  const f = new Factory(ctx, { common: o.common, target: o.target });
  const view = statusView(o.common.output, f.viewBase('status'));
  return f.run(view, async () => {
    const state = await loadState(f.state());
    if (!state) {
      throw new UsageError(
        'NoStateFile',
        `There is no state file at ${o.common.state}.`,
        'Run `secure-aks init` to start a deployment, or pass --state <file>.',
      );
    }
    // A run holding the lock changes what to do next: wait for it, do not resume beside it.
    const holder = await liveLockHolder(f.state());
    // A holder known to have stopped leaves its steps interrupted (its lease only blocks until it expires).
    const steps = stepsFromState(state, !!holder && !holder.stopped);
    const drift = o.offline
      ? notChecked('--offline')
      : await checkDrift({
          state,
          stateFile: f.state(),
          signal: ctx.signal,
          connect: async () => {
            // The embedded emulator keeps its data beside the state file: only one process may serve it at a time.
            if (state.target.kind === 'emulator') await f.lock('status', { quiet: true });
            await f.target(state.target);
            return f.clients(state.config.subscriptionId);
          },
        });
    f.stopProgress();
    const exit = statusExit(steps, drift);
    const resources = recordedResources(state, jumphostKeyPath(o.common.state, state, state.config.name));
    // A drift check that could not run names the run log (its requests and their correlation id), as a failure does.
    if (exit.reason === 'unchecked')
      f.log.line(
        `drift unchecked: ${
          drift.reason ??
          drift.steps
            .filter((s) => s.error)
            .map((s) => `${s.id} ${s.error!.code}`)
            .join(', ')
        }`,
      );
    const logFile = exit.reason === 'unchecked' ? f.logFile() : undefined;
    view.status({ state, steps, status: overallStatus(steps), stateFile: o.common.state, holder, drift, resources, exit, logFile });
    return exit.code;
  });
}
