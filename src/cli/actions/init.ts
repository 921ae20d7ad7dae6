import { isDeepStrictEqual } from 'node:util';
import { waitsFromEnv } from '../../azure/clients.js';
import { resourceNames } from '../../config/names.js';
import type { ConfigKey } from '../../config/options.js';
import type { ResolvedConfig } from '../../config/types.js';
import { toConfigValues } from '../../config/validate.js';
import type { RunResult } from '../../engine/result.js';
import { AbortError, type SecureAksError } from '../../core/errors.js';
import { isFinished } from '../../core/step.js';
import type { Journal } from '../../engine/journal.js';
import { runSteps } from '../../engine/runner.js';
import { runPreflight } from '../../preflight/index.js';
import { mergeAdoptions } from '../../preflight/ownership.js';
import { jumphostKeyFile, jumphostKeyPath } from '../../state/jumphost-key.js';
import { createState, type DeploymentState } from '../../state/schema.js';
import { StateStore } from '../../state/store.js';
import type { CommandContext } from '../context.js';
import { Factory } from '../factory.js';
import { chooseAddons, OPTION_PROMPTS } from '../interactive/option-prompts.js';
import { ADDON_KEYS } from '../../config/addons.js';
import { describeAnswer } from '../../io/host.js';
import { azurePrompt } from '../interactive/pickers.js';
import { review, VALUE_LABELS } from '../interactive/review.js';
import { renderDeploymentSummary, renderResumeSummary } from '../render/deployment-summary.js';
import { renderError } from '../render/human.js';
import { configChanges, renderConfigChanges } from '../render/config-changes.js';
import { renderPlanChanges } from '../render/plan.js';
import { fitLines } from '../../io/wrap.js';
import { outputColumns } from '../render/output.js';
import { initView } from '../views/init.js';
import { compareWithAzure } from './compare.js';
import { exitCodeOf } from './exit-code.js';
import { diagnoseFailure } from './failure-diagnosis.js';
import { saveAnswers } from './save-config.js';
import { createStateStoreAndLock } from './state-account.js';
import { assertSameDeployment, deploymentIdFor, prepareDeployment, recordedDeployment, type PromptPlan } from './prepare.js';
import type { DeployOptions } from '../commands/deploy-options.js';

/** init's options: the deploy options plus where to save the answers. */
export interface InitOptions extends DeployOptions {
  saveConfig?: string;
  /** Create the storage account and container of an az:// state when missing (--create-state-account). */
  createStateAccount?: boolean;
}

/** The run journal is the state store: every step transition is saved before the run moves on. */
export function storeJournal(store: StateStore): Journal {
  return { get: (id) => store.step(id), update: (id, patch) => store.updateStep(id, patch) };
}

/**
 * Waits for the last journal write (Ctrl-C never cuts a save short) and answers why the state file is
 * behind the run, if it is: a write that failed mid-run is tried once more (the disk may have room again;
 * then the file holds every transition), a transition the store refused stays missing.
 */
async function settleJournal(store: StateStore, refused: SecureAksError | undefined): Promise<SecureAksError | undefined> {
  await store.flush().catch(() => undefined);
  if (store.unsaved) await store.save().catch(() => undefined);
  return store.unsaved ?? (refused?.code === 'StateNotSaved' ? undefined : refused);
}

/** Optional values an interactive init asks for too, offering the default (the rest: Edit a value). */
const PROMPT_FOR: readonly ConfigKey[] = ['subscription', 'nodeVmSize', 'nodeCount', 'kubernetesVersion', 'zones', ...OPTION_PROMPTS];
/** Under --yes only a value without a default is asked: the subscription (the picker says when there is one). */
const PROMPT_FOR_YES: readonly ConfigKey[] = ['subscription'];
// In the order the values are asked (the OPTIONS table's).
const PROMPT_FOR_DEFAULTED = ['nodeCount', 'nodeVmSize', 'kubernetesVersion', 'tier', 'userPool'] as const;

const WRITE_METHODS = new Set(['PUT', 'PATCH', 'DELETE']);

/**
 * init (and `status --resume`): take the lock, resolve the configuration (pickers filled from Azure when
 * interactive), preflight, show the summary, confirm or edit, run every step, save the journal, print the
 * result and how to reach the cluster. Exit status per the README's "Exit codes".
 */
export async function runInit(ctx: CommandContext, o: InitOptions, resume = false): Promise<number> {
  const command = resume ? 'status --resume' : 'init';
  // Accepted writes are counted, so a run that found Azure already matching can say it changed nothing.
  const writes = { count: 0 };
  const f = new Factory(ctx, {
    common: o.common,
    target: o.target,
    onArmCall: (call) => {
      if (WRITE_METHODS.has(call.method.toUpperCase()) && call.status < 400) writes.count++;
    },
    waits: () => waitsFromEnv(ctx.env),
  });
  const view = initView(o.common.output, f.viewBase(command));
  let store: StateStore | undefined;
  return f.run(
    view,
    async () => {
      // The lock comes first: the state file and the embedded emulator's data belong to one run at a time.
      if (o.createStateAccount && !resume) await createStateStoreAndLock(f, ctx, o, command);
      else await f.lock(command);
      const session = f.session();
      const interactive = session.io.interactive && !resume;
      // Pickers need Azure before the configuration is settled; non-interactive runs reach Azure only once
      // every value is known, so a missing value fails fast without starting anything.
      let prompts: PromptPlan | undefined;
      if (interactive) {
        const target = await f.target((await StateStore.open(f.state()))?.state.target);
        const prompt = azurePrompt({ io: session.io, target, env: ctx.env, recorder: session.recorder });
        prompts = { prompt, promptFor: o.common.yes ? PROMPT_FOR_YES : PROMPT_FOR, choose: chooseAddons(session.io) };
      }
      const prepared = await prepareDeployment(ctx, o, session, f.state(), resume, prompts);
      if (interactive && o.common.yes) {
        // What would have been asked is taken as offered, and said, as a run without a terminal says it.
        const taken = PROMPT_FOR_DEFAULTED.filter((k) => (prepared.sources[k]?.kind ?? 'default') === 'default');
        for (const key of taken) {
          const value = prepared.config[key];
          session.io.notify({
            code: 'prompt.auto',
            message: `${VALUE_LABELS[key]} auto-confirmed`,
            answer: describeAnswer(value ?? 'newest'),
          });
        }
        const addons = ADDON_KEYS.filter((k) => (prepared.sources[k]?.kind ?? 'default') === 'default');
        if (addons.length)
          session.io.notify({
            code: 'prompt.auto',
            message: 'Add-ons auto-confirmed',
            answer: describeAnswer(addons.filter((k) => prepared.config[k])),
          });
      }
      store = prepared.store;
      const activeTarget = await f.target(store?.state.target);
      const recorded = store?.state;
      const idFor = (c: ResolvedConfig) => recorded?.deploymentId ?? deploymentIdFor(c);
      const existing = recordedDeployment(recorded);
      // A resume says what is left; the step modules are loaded only once the inputs are settled otherwise.
      // A step the configuration skips (step 10 with --no-test-deployment) is not left to do.
      const steps = resume ? [...(await import('../../steps/index.js')).STEPS].sort((a, b) => a.number - b.number) : [];
      const remaining = (c: ResolvedConfig) => steps.filter((s) => !isFinished(recorded?.steps[s.id]?.status) && !s.skipReason?.(c));

      // An existing deployment (or a resume) shows what differs in Azure before the question, as plan does.
      const compares = resume || !!existing?.deployed;
      let planned: RunResult | undefined;
      const save = (c: ResolvedConfig) =>
        saveAnswers({
          path: o.saveConfig!,
          config: c,
          target: activeTarget,
          state: recorded,
          azure: f.clients(c.subscriptionId),
          session,
          command: 'init',
        });
      const { config, report, upToDate } = await review({
        io: session.io,
        config: prepared.config,
        sources: prepared.sources,
        prompt: prompts?.prompt,
        cloud: o.target.cloud ?? recorded?.target.cloud,
        yes: o.common.yes,
        intent: resume ? 'resume' : existing?.deployed ? 'update' : 'create',
        check: (c) => {
          assertSameDeployment(o.common.state, recorded?.config, c);
          return runPreflight({
            azure: f.clients(c.subscriptionId),
            config: c,
            deploymentId: idFor(c),
            recorded: existing,
            adopted: recorded?.adopted,
            signal: ctx.signal,
          });
        },
        show: (c, report) =>
          resume && recorded
            ? renderResumeSummary(ctx.output, session.errChalk, recorded.deploymentId, remaining(c), activeTarget, report)
            : renderDeploymentSummary(
                ctx.output,
                session.errChalk,
                c,
                resourceNames(c),
                activeTarget,
                report,
                existing?.deployed ? { kind: 'update', deploymentId: existing.deploymentId } : { kind: 'create' },
              ),
        ...(compares
          ? {
              compare: async (c: ResolvedConfig) => {
                planned = await compareWithAzure({
                  config: c,
                  deploymentId: idFor(c),
                  azure: f.clients(c.subscriptionId),
                  jumphostKeyPath: jumphostKeyPath(o.common.state, recorded, c.name),
                  recorded: recorded?.steps,
                  io: session.io,
                  signal: ctx.signal,
                });
                // A changed value Azure needs no write for still changes what the state file records: asked too.
                const recordedChanges = recorded ? configChanges(recorded.config, c) : [];
                // A step the state records unfinished (failed, interrupted, never run) runs again even where
                // Azure already matches: said, and asked like any other change.
                const unfinished = planned.steps.filter((s) => s.status !== 'skipped' && !isFinished(recorded?.steps[s.id]?.status));
                const azureDiffers = planned.steps.some((s) => !isFinished(s.status));
                // The diff belongs with the summary on stderr: stdout carries the run's result (one JSON document).
                if (azureDiffers || (recordedChanges.length === 0 && unfinished.length === 0))
                  renderPlanChanges(ctx.output, session.errChalk, planned, 'err');
                else ctx.output.err(session.errChalk.green('Azure already matches the configuration.'));
                renderConfigChanges(ctx.output, session.errChalk, recordedChanges, 'err', c.location);
                // Said only where the diff is silent: Azure already matches what the step would write.
                const again = unfinished
                  .filter((u) => u.status === 'done')
                  .map((s) => `Step ${s.number} (${s.title}) is recorded ${recorded?.steps[s.id]?.status ?? 'pending'}: it runs again.`);
                if (again.length) ctx.output.err(fitLines(again, outputColumns(ctx.output, 'err')).join('\n'));
                return azureDiffers || recordedChanges.length > 0 || unfinished.length > 0;
              },
            }
          : {}),
        error: (problem) => renderError(ctx.output, problem, session.errChalk),
        ...(o.saveConfig ? { onCancel: save } : {}),
      });
      if (ctx.signal.aborted) throw new AbortError();
      if (o.saveConfig) await save(config);
      // Azure matches, and the state records this configuration with every step done: nothing to run or
      // save, and nothing was asked. Anything else (a step left failed, a changed value) still runs.
      const recordedDone = (r: DeploymentState) =>
        isDeepStrictEqual(toConfigValues(r.config), toConfigValues(config)) &&
        planned!.steps.every((s) => isFinished(r.steps[s.id]?.status));
      if (upToDate && planned && recorded && recordedDone(recorded)) {
        f.stopProgress();
        const keyPath = jumphostKeyPath(o.common.state, recorded, config.name);
        view.result({
          result: planned,
          deploymentId: recorded.deploymentId,
          stateFile: o.common.state,
          config,
          jumphostKeyPath: keyPath,
          writes: 0,
        });
        return exitCodeOf(planned);
      }

      const deploymentId = idFor(config);
      // An adopted resource's state is saved before the first write to it, so destroy can put it back.
      const adopted = report.adoptions?.length ? mergeAdoptions(recorded?.adopted, report.adoptions) : recorded?.adopted;
      if (store) {
        await store.update((d) => {
          d.command = command;
          d.target = activeTarget;
          d.config = config;
          d.jumphostKeyFile = jumphostKeyFile(o.common.state, d, config.name);
          if (adopted) d.adopted = adopted;
        });
      } else {
        const keyFile = jumphostKeyFile(o.common.state, undefined, config.name);
        store = new StateStore(f.state(), {
          ...createState({ command, target: activeTarget, config, deploymentId, jumphostKeyFile: keyFile }),
          ...(adopted ? { adopted } : {}),
        });
        await store.save();
      }

      // Loaded only once the inputs are settled: a usage error never pays for the step modules.
      const { STEPS } = await import('../../steps/index.js');
      const keyPath = jumphostKeyPath(o.common.state, store.state, config.name);
      writes.count = 0;
      const runOptions = {
        steps: STEPS,
        config,
        deploymentId: store.state.deploymentId,
        azure: f.clients(config.subscriptionId),
        jumphostKeyPath: keyPath,
        journal: storeJournal(store),
        signal: ctx.signal,
      };
      const ran = await runSteps({ ...runOptions, io: session.io, speed: f.targetSpeed() });
      // A well-known failure is checked against Azure at once, so it can name what is missing.
      const result = ran.status === 'failed' ? await diagnoseFailure(ran, runOptions, runOptions.journal) : ran;
      const unsaved = await settleJournal(store, result.unjournaled);
      f.stopProgress();
      const logFile = result.status === 'done' ? undefined : f.logFile();
      if (result.error && logFile) result.error.options.logFile = logFile;
      view.result({
        result,
        logFile,
        deploymentId: store.state.deploymentId,
        stateFile: o.common.state,
        unsaved,
        config,
        jumphostKeyPath: keyPath,
        writes: writes.count,
      });
      return unsaved ? unsaved.exitCode : exitCodeOf(result);
    },
    // A preflight failure can only come from the review, which showed the summary with its problems.
    () => ({ store, preflightShown: true, resumable: !!store?.onDisk }),
  );
}
