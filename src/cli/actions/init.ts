import { translateAzureError } from '../../azure/errors.js';
import { dirname, resolve } from 'node:path';
import { createAzureClients } from '../../azure/clients.js';
import { resourceNames } from '../../config/names.js';
import { AbortError, ExitCode } from '../../engine/errors.js';
import type { Journal } from '../../engine/journal.js';
import { runSteps } from '../../engine/runner.js';
import { acquireLock, type StateLock } from '../../state/lock.js';
import { createState } from '../../state/schema.js';
import { StateStore } from '../../state/store.js';
import type { CommandContext } from '../context.js';
import type { DeployOptions } from '../commands/deploy-options.js';
import { renderDeploymentSummary } from '../render/deployment-summary.js';
import { renderRunSummary } from '../render/human.js';
import { renderRunJson } from '../render/json.js';
import { reportError } from '../report-error.js';
import { openSession, type Session } from '../session.js';
import { resolveTarget, type ResolvedTarget } from '../target.js';
import { prepareDeployment } from './prepare.js';

/** The run journal is the state store: every step transition is saved before the run moves on. */
export function storeJournal(store: StateStore): Journal {
  return { get: (id) => store.step(id), update: (id, patch) => store.updateStep(id, patch) };
}

async function confirm(session: Session, o: DeployOptions): Promise<void> {
  if (o.common.yes) return;
  // No default: without a terminal (or with --non-interactive) this must be an explicit --yes.
  const ok = await session.io.requestResponse({
    kind: 'confirm',
    code: 'init.confirm',
    message: 'Create these resources?',
    source: { key: 'confirmation', flag: '--yes', env: 'SECURE_AKS_YES', configKey: '(none: pass --yes)' },
  });
  if (!ok) throw new AbortError('Nothing was changed: you declined the plan.');
}

/**
 * init (and `status --resume`): resolve, show what will be built, confirm, take the lock, run every
 * step, save the journal, print the result. Exit status per design.md.
 */
export async function runInit(ctx: CommandContext, o: DeployOptions, resume = false): Promise<number> {
  const session = openSession(ctx, o.common);
  const command = resume ? 'status --resume' : 'init';
  let lock: StateLock | undefined;
  let target: ResolvedTarget | undefined;
  let store: StateStore | undefined;
  try {
    const prepared = await prepareDeployment(ctx, o, session, resume);
    const { config, deploymentId } = prepared;
    const names = resourceNames(config);
    const recordedTarget = prepared.store?.state.target;
    renderDeploymentSummary(ctx.output, session.errChalk, config, names, {
      kind: prepared.targetKind,
      cloud: o.target.cloud ?? recordedTarget?.cloud ?? 'AzureCloud',
      armEndpoint: o.target.armEndpoint ?? recordedTarget?.armEndpoint ?? '',
    });
    await confirm(session, o);
    if (ctx.signal.aborted) throw new AbortError();

    lock = await acquireLock(o.common.state, command);
    // Re-read under the lock: another run may have written it since we looked.
    store = (await StateStore.open(o.common.state)) ?? undefined;
    target = await resolveTarget(o.target, store?.state.target, o.common.state, ctx.env);
    const activeTarget = target.target;
    if (store) {
      await store.update((d) => {
        d.command = command;
        d.target = activeTarget;
        d.config = config;
      });
    } else {
      store = new StateStore(o.common.state, createState({ command, target: activeTarget, config, deploymentId }));
      await store.save();
    }

    // Loaded only once the inputs are settled: a usage error never pays for the step modules.
    const { STEPS } = await import('../../steps/index.js');
    const azure = createAzureClients({
      subscriptionId: config.subscriptionId,
      target: activeTarget,
      onArmCall: (call) => session.io.notify({ code: 'arm.call', call }),
    });
    const result = await runSteps({
      steps: STEPS,
      config,
      deploymentId: store.state.deploymentId,
      azure,
      stateDir: dirname(resolve(o.common.state)),
      journal: storeJournal(store),
      io: session.io,
      signal: ctx.signal,
    });
    // Ctrl-C never cuts a save short: wait for the last journal write before printing and exiting.
    await store.flush();
    session.io.close();
    if (o.common.output === 'json') {
      renderRunJson(ctx.output, command, result, { deploymentId: store.state.deploymentId, stateFile: o.common.state });
    } else {
      renderRunSummary(ctx.output, result, { command: 'init', stateFile: o.common.state, chalk: session.chalk, verbose: o.common.verbose });
    }
    if (result.status === 'done') return ExitCode.ok;
    return result.error?.exitCode ?? ExitCode.stepFailed;
  } catch (err) {
    await store?.flush().catch(() => undefined);
    session.io.close();
    const typed = translateAzureError(err);
    reportError(ctx.output, typed, { json: o.common.output === 'json', command, verbose: o.common.verbose, noColor: !o.common.color, env: ctx.env });
    return typed.exitCode;
  } finally {
    session.io.close();
    await target?.close().catch(() => undefined);
    await lock?.release().catch(() => undefined);
  }
}
