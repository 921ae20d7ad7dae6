/**
 * `secure-aks destroy`: under the state lock, ask Azure what this deployment left, show it, confirm
 * (--yes when no one can be asked), delete in order, journal per resource, report deleted and kept.
 */
import { createAzureClients } from '../azure/clients.js';
import { resourceNames } from '../config/names.js';
import { AbortError, ExitCode, InputRequiredError, UsageError } from '../engine/errors.js';
import { STEP_IDS } from '../engine/step.js';
import type { CommandContext } from '../cli/context.js';
import type { DestroyOptions } from '../cli/commands/destroy.js';
import { reportFailure } from '../cli/report-error.js';
import { openSession, type Session } from '../cli/session.js';
import { resolveTarget, type ResolvedTarget } from '../cli/target.js';
import { jumphostKeyPath } from '../state/jumphost-key.js';
import { acquireLock, type StateLock } from '../state/lock.js';
import type { DeploymentState } from '../state/schema.js';
import { loadState, StateStore } from '../state/store.js';
import { discover, type JournalHints } from './discover.js';
import { executePlan } from './execute.js';
import { destroyJournal, recordFailures } from './journal.js';
import { stepsFromState } from '../cli/actions/journal-steps.js';
import { renderDestroy } from '../cli/render/destroy.js';
import { plannedResources, restoredResources, serialQueue, type TeardownEnv, type TeardownPlan } from './types.js';

const CONFIRM_SOURCE = { key: 'confirmation', flag: '--yes', env: 'SECURE_AKS_YES', configKey: '(none: pass --yes)' };

function hintsOf(state: DeploymentState): JournalHints {
  const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const network = state.steps.network?.outputs ?? {};
  return {
    identityPrincipalId: text(state.steps.identity?.outputs?.identityPrincipalId),
    nodeResourceGroup: text(state.steps.cluster?.outputs?.nodeResourceGroup),
    subnetIds: Object.entries(network)
      .filter(([k]) => k.endsWith('SubnetId'))
      .map(([, v]) => text(v))
      .filter((v): v is string => !!v),
    ruleCollectionGroupIds: ((v) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []))(
      state.steps['firewall-rules']?.outputs?.ruleCollectionGroupIds,
    ),
    adopted: state.adopted,
  };
}

/** The node resource group is not in the plan (AKS deletes it with the cluster), so the cluster's line names it. */
function nodeGroupOf(state: DeploymentState): string {
  return (
    hintsOf(state).nodeResourceGroup ?? `MC_${state.config.resourceGroup}_${resourceNames(state.config).cluster}_${state.config.location}`
  );
}

async function confirm(session: Session, plan: TeardownPlan, state: DeploymentState): Promise<void> {
  const planned = plannedResources(plan);
  session.io.notify({ code: 'info', message: `Deployment ${state.deploymentId}: ${planned.length} resource(s) will be deleted:` });
  for (const r of planned) {
    const withGroup =
      r.type.toLowerCase() === 'microsoft.containerservice/managedclusters'
        ? ` (AKS deletes its node resource group ${nodeGroupOf(state)} with it)`
        : '';
    session.io.notify({ code: 'info', message: `  - ${r.type} ${r.name}${withGroup}` });
  }
  const restored = restoredResources(plan);
  if (restored.length)
    session.io.notify({
      code: 'info',
      message: `${restored.length} adopted resource(s) will be put back as they were before this deployment (not deleted):`,
    });
  for (const r of restored) session.io.notify({ code: 'info', message: `  ~ ${r.type} ${r.name}` });
  if (plan.kept.length) session.io.notify({ code: 'info', message: `${plan.kept.length} resource(s) will be kept:` });
  for (const k of plan.kept) session.io.notify({ code: 'info', message: `  = ${k.type} ${k.id.split('/').pop()}: ${k.reason}` });
  // Default No: Enter keeps everything; only a typed "y" (or --yes) deletes. A host that cannot ask
  // never gets here (runDestroy refuses first without --yes).
  const ok = await session.io.requestResponse({
    kind: 'confirm',
    code: 'destroy.confirm',
    message: restored.length
      ? `Delete these ${planned.length} resource(s) and put back the ${restored.length} adopted one(s)?`
      : `Delete these ${planned.length} resource(s)?`,
    default: false,
    source: CONFIRM_SOURCE,
  });
  if (!ok) throw new AbortError('Nothing was deleted.');
}

/**
 * The session (io host and colours) is a parameter so tests can answer the confirmation through a
 * recording host; the command passes none and gets the terminal's.
 */
export async function runDestroy(ctx: CommandContext, o: DestroyOptions, session: Session = openSession(ctx, o.common)): Promise<number> {
  const json = o.common.output === 'json';
  let lock: StateLock | undefined;
  let target: ResolvedTarget | undefined;
  let store: StateStore | undefined;
  try {
    const missing = () =>
      new UsageError(
        'NoStateFile',
        `There is no state file at ${o.common.state}: destroy needs it to know which deployment to delete.`,
        'Pass the state file of the deployment with --state <file>.',
      );
    // Without a state file there is nothing to confirm: say that first.
    if (!(await loadState(o.common.state))) throw missing();
    // Refuse before any Azure call when no one can confirm.
    if (!o.common.yes && !session.io.interactive) throw new InputRequiredError([CONFIRM_SOURCE]);
    lock = await acquireLock(o.common.state, 'destroy');
    if (lock.tookOver) session.io.notify({ code: 'warn', message: lock.tookOver });
    // Read again under the lock: the run that held it may have written it.
    store = await StateStore.open(o.common.state);
    if (!store) throw missing();
    const state = store.state;
    target = await resolveTarget(o.target, state.target, o.common.state, ctx.env);
    const azure = createAzureClients({
      subscriptionId: state.config.subscriptionId,
      target: target.target,
      onArmCall: (call) => session.io.notify({ code: 'arm.call', call }),
      onWait: (message) => session.io.notify({ code: 'info', message }),
      recorder: session.recorder,
      env: ctx.env,
    });
    const names = resourceNames(state.config);
    const env: TeardownEnv = {
      azure,
      config: state.config,
      names,
      deploymentId: state.deploymentId,
      signal: ctx.signal,
      progress: (message) => session.io.notify({ code: 'info', message }),
      oneAtATime: serialQueue(),
    };

    const plan = await discover(env, hintsOf(state));
    if (plannedResources(plan).length + restoredResources(plan).length > 0 && !o.common.yes) await confirm(session, plan, state);
    if (ctx.signal.aborted) throw new AbortError();
    await store.update((d) => void (d.command = 'destroy'));
    const keyPath = jumphostKeyPath(o.common.state, state, state.config.name);
    const result = await executePlan(plan, env, destroyJournal(store, keyPath), STEP_IDS);
    await recordFailures(store, result.failed);
    // Ctrl-C never cuts a save short.
    await store.flush();
    session.io.close();
    // The journal's word for each step, as `status` would show it: what is gone is pending again.
    const steps = stepsFromState(store.state, false).map(({ number, id, title, status, error }) => ({
      number,
      id,
      title,
      status,
      ...(error ? { error } : {}),
    }));
    renderDestroy(ctx.output, result, { json, steps, chalk: session.chalk, deploymentId: state.deploymentId, stateFile: o.common.state });
    if (result.status === 'done') return ExitCode.ok;
    return result.error?.exitCode ?? ExitCode.stepFailed;
  } catch (err) {
    return await reportFailure(ctx, err, { command: 'destroy', common: o.common, session, store });
  } finally {
    await target?.close().catch(() => undefined);
    await lock?.release().catch(() => undefined);
  }
}
