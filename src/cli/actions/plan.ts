import { MemoryJournal } from '../../engine/journal.js';
import { planSteps } from '../../engine/plan.js';
import { jumphostKeyPath } from '../../state/jumphost-key.js';
import { errorWithoutResume, withoutResume } from '../../engine/resume-advice.js';
import type { CommandContext } from '../context.js';
import type { DeployOptions } from '../commands/deploy-options.js';
import { Factory } from '../factory.js';
import { planView } from '../views/plan.js';
import { assertPreflight } from '../../preflight/index.js';
import { adoptionLines } from '../render/deployment-summary.js';
import { ExitCode } from '../../core/errors.js';
import { planSummary } from '../render/plan.js';
import { exitCodeOf } from './exit-code.js';
import { prepareDeployment, recordedDeployment } from './prepare.js';
import { saveAnswers } from './save-config.js';
import { planState, withStateStorePlan } from './state-account.js';

/** plan's command line: init's, plus where to save the answers and terraform's --detailed-exitcode. */
export interface PlanOptions extends DeployOptions {
  saveConfig?: string;
  /** Exit ExitCode.planChanges when the plan has changes (absent: false). */
  detailedExitcode?: boolean;
  /** Show the storage account and container --create-state-account would create (and read no state until they exist). */
  createStateAccount?: boolean;
}

/**
 * plan: every step's read-only check against Azure, then stop. It takes no lock and never writes the
 * state file: checks read the recorded outputs from a scratch copy of the journal.
 */
export async function runPlan(ctx: CommandContext, o: PlanOptions): Promise<number> {
  const f = new Factory(ctx, { common: o.common, target: o.target });
  const view = planView(o.common.output, f.viewBase('plan'));
  // A plan writes nothing, so there is nothing to resume: the advice is to run the plan again.
  return f.run(
    view,
    async () => {
      const io = f.session().io;
      const prepared = await prepareDeployment(ctx, o, f.session(), await planState(f, o));
      const recorded = prepared.store?.state;
      const target = await f.target(recorded?.target);
      // Loaded only once the inputs are settled: a usage error never pays for the step modules.
      const { STEPS } = await import('../../steps/index.js');
      const azure = f.clients(prepared.config.subscriptionId);
      // What Azure would refuse (quota, VM size, providers, permissions, version, names) fails the plan too.
      const preflight = await assertPreflight({
        azure,
        config: prepared.config,
        deploymentId: prepared.deploymentId,
        recorded: recordedDeployment(recorded),
        adopted: recorded?.adopted,
        signal: ctx.signal,
      });
      if (o.saveConfig)
        await saveAnswers({
          path: o.saveConfig,
          config: prepared.config,
          target,
          state: recorded,
          azure,
          session: f.session(),
          command: 'plan',
        });
      for (const note of preflight.notes) io.notify({ code: 'info', message: `preflight: ${note.message}` });
      for (const line of adoptionLines(preflight)) io.notify({ code: 'info', message: `preflight: ${line}` });
      const planned = await planSteps({
        steps: STEPS,
        config: prepared.config,
        deploymentId: prepared.deploymentId,
        azure,
        jumphostKeyPath: jumphostKeyPath(o.common.state, recorded, prepared.config.name),
        journal: new MemoryJournal(structuredClone(recorded?.steps ?? {})),
        io,
        signal: ctx.signal,
      });
      const withStore = o.createStateAccount ? await withStateStorePlan(f, ctx, o, planned) : planned;
      const result = {
        ...withStore,
        steps: withStore.steps.map((s) =>
          s.error?.remediation ? { ...s, error: { ...s.error, remediation: withoutResume(s.error.remediation) } } : s,
        ),
        ...(withStore.error ? { error: errorWithoutResume(withStore.error) } : {}),
      };
      // A failed check names the correlation id and the run log, as a failed init does.
      if (result.error) f.nameFailure(result.error);
      f.stopProgress();
      view.plan({
        result,
        logFile: result.error?.options.logFile,
        deploymentId: prepared.deploymentId,
        preflight,
        config: prepared.config,
        apply: { state: o.common.state, target: o.target, config: o.common.config, values: o.values },
      });
      const code = exitCodeOf(result);
      // terraform's -detailed-exitcode: scripts tell "changes to apply" from "nothing to do" without parsing.
      return code === ExitCode.ok && o.detailedExitcode && planSummary(result.steps).hasChanges ? ExitCode.planChanges : code;
    },
    () => ({ resumable: false }),
  );
}
