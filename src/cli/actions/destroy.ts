import { resourceNames } from '../../config/names.js';
import { journalHints } from '../../destroy/hints.js';
import { discover } from '../../destroy/discover.js';
import { executePlan } from '../../destroy/execute.js';
import { destroyJournal, recordFailures } from '../../destroy/journal.js';
import { plannedResources, restoredResources, serialQueue, type TeardownEnv } from '../../destroy/types.js';
import { AbortError, InputRequiredError, UsageError } from '../../core/errors.js';
import { STEP_IDS } from '../../core/step.js';
import { jumphostKeyPath } from '../../state/jumphost-key.js';
import { loadState, StateStore } from '../../state/store.js';
import type { CommandContext } from '../context.js';
import type { CommonOptions, TargetOptions } from '../flags.js';
import { Factory } from '../factory.js';
import type { Session } from '../session.js';
import { destroyView } from '../views/destroy.js';
import { CONFIRM_SOURCE, confirmTeardown } from './destroy-confirm.js';
import { stepsFromState } from './journal-steps.js';
import { exitCodeOf } from './exit-code.js';

export interface DestroyOptions {
  common: CommonOptions;
  target: TargetOptions;
}

/**
 * destroy: under the state lock, ask Azure what this deployment left, show it, confirm (--yes when no
 * one can be asked), delete in order, journal per resource, report deleted and kept. `session` replaces
 * the terminal's io host (tests answer the confirmation through a recording host).
 */
export async function runDestroy(ctx: CommandContext, o: DestroyOptions, session?: Session): Promise<number> {
  const f = new Factory(ctx, { common: o.common, target: o.target, ...(session ? { session } : {}) });
  const view = destroyView(o.common.output, f.viewBase('destroy'));
  let store: StateStore | undefined;
  const missing = () =>
    new UsageError(
      'NoStateFile',
      `There is no state file at ${o.common.state}: destroy needs it to know which deployment to delete.`,
      'Pass the state file of the deployment with --state <file>.',
    );
  return f.run(
    view,
    async () => {
      // Without a state file there is nothing to confirm: say that first.
      if (!(await loadState(f.state()))) throw missing();
      // Refuse before any Azure call when no one can confirm.
      if (!o.common.yes && !f.session().io.interactive) throw new InputRequiredError([CONFIRM_SOURCE]);
      await f.lock('destroy');
      // Read again under the lock: the run that held it may have written it.
      store = await StateStore.open(f.state());
      if (!store) throw missing();
      const state = store.state;
      await f.target(state.target);
      const io = f.session().io;
      const env: TeardownEnv = {
        azure: f.clients(state.config.subscriptionId),
        config: state.config,
        names: resourceNames(state.config),
        deploymentId: state.deploymentId,
        signal: f.signal,
        progress: (message) => io.notify({ code: 'info', message }),
        oneAtATime: serialQueue(),
      };

      const plan = await discover(env, journalHints(state));
      if (plannedResources(plan).length + restoredResources(plan).length > 0 && !o.common.yes) await confirmTeardown(io, plan, state);
      if (f.signal.aborted) throw new AbortError();
      await store.update((d) => void (d.command = 'destroy'));
      const keyPath = jumphostKeyPath(o.common.state, state, state.config.name);
      const result = await executePlan(plan, env, destroyJournal(store, keyPath), STEP_IDS);
      await recordFailures(store, result.failed);
      // Ctrl-C never cuts a save short.
      await store.flush();
      // A teardown Azure stopped names the correlation id and the run log, as a failed init does.
      if (result.error) f.nameFailure(result.error);
      f.stopProgress();
      // The journal's word for each step, as `status` would show it: what is gone is pending again.
      const steps = stepsFromState(store.state, false).map(({ number, id, title, status, error }) => ({
        number,
        id,
        title,
        status,
        ...(error ? { error } : {}),
      }));
      view.result({ result, steps, deploymentId: state.deploymentId, stateFile: o.common.state });
      return exitCodeOf(result);
    },
    () => ({ store }),
  );
}
