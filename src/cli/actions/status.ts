import { translateAzureError } from '../../azure/errors.js';
import { ExitCode, UsageError } from '../../core/errors.js';
import type { StepResult } from '../../engine/result.js';
import { stepsFromState } from './journal-steps.js';
import { loadState } from '../../state/store.js';
import type { CommandContext } from '../context.js';
import { renderStatus } from '../render/status.js';
import { renderDrift } from '../render/drift.js';
import { notChecked } from '../../drift/detect.js';
import { checkDrift, liveLockHolder } from '../../drift/check.js';
import { renderJson } from '../render/json.js';
import { reportError } from '../report-error.js';
import { openSession } from '../session.js';
import { runInit } from './init.js';
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
  if (steps.every((s) => s.status === 'done' || s.status === 'skipped')) return 'done';
  return 'pending';
}

/**
 * status: the journal, plus what drifted in Azure since (each done step's read-only check, unless
 * --offline); --resume continues init with what the state file recorded, which also repairs drift.
 */
export async function runStatus(ctx: CommandContext, o: StatusOptions): Promise<number> {
  if (o.resume) return runInit(ctx, { common: o.common, target: o.target, values: {} }, true);
  const json = o.common.output === 'json';
  try {
    const state = await loadState(o.common.state);
    if (!state) {
      throw new UsageError(
        'NoStateFile',
        `There is no state file at ${o.common.state}.`,
        'Run `secure-aks init` to start a deployment, or pass --state <file>.',
      );
    }
    // A run holding the lock changes what to do next: wait for it, do not resume beside it.
    const holder = await liveLockHolder(o.common.state);
    const steps = stepsFromState(state, !!holder);
    const status = overallStatus(steps);
    const session = openSession(ctx, o.common);
    const drift = o.offline
      ? notChecked('--offline')
      : await checkDrift({
          state,
          stateFile: o.common.state,
          target: o.target,
          env: ctx.env,
          signal: ctx.signal,
          onArmCall: (call) => session.io.notify({ code: 'arm.call', call }),
          onWait: (message) => session.io.notify({ code: 'info', message }),
          recorder: session.recorder,
        });
    session.io.close();
    const extra = {
      deploymentId: state.deploymentId,
      stateFile: o.common.state,
      updatedAt: state.updatedAt,
      target: { kind: state.target.kind, cloud: state.target.cloud, armEndpoint: state.target.armEndpoint },
      config: {
        subscriptionId: state.config.subscriptionId,
        resourceGroup: state.config.resourceGroup,
        location: state.config.location,
        name: state.config.name,
      },
      drift,
    };
    if (json) renderJson(ctx.output, { command: 'status', status, steps, extra });
    else {
      renderStatus(ctx.output, session.chalk, state, steps, status, o.common.state, holder);
      renderDrift(ctx.output, session.chalk, drift, o.common.state);
    }
    return ExitCode.ok;
  } catch (err) {
    const typed = translateAzureError(err);
    reportError(ctx.output, typed, { json, command: 'status', verbose: o.common.verbose, noColor: !o.common.color, env: ctx.env });
    return typed.exitCode;
  }
}
