import { translateAzureError, toErrorRecord, type StepErrorRecord } from '../azure/errors.js';
import { withRetryReporter } from '../azure/retry-reporter.js';
import type { AzureClients } from '../azure/types.js';
import { resourceNames } from '../config/names.js';
import type { ResolvedConfig } from '../config/types.js';
import type { IoHost } from '../io/host.js';
import { redactSecrets } from '../core/secrets.js';
import { createStepContext, plannedStep, publishedKeys, RunBoard, stepRef, type RunEnvironment } from './context.js';
import { AbortError, type SecureAksError } from '../core/errors.js';
import { endAttempt, startAttempt, type Journal } from './journal.js';
import type { StepAttempt } from '../state/schema.js';
import type { RunResult, StepResult } from './result.js';
import { summarizeChanges } from './result.js';
import { schedule, type Outcome } from './schedule.js';
import { isFinished, isWrite, type Change, type StepId, type StepOutputs } from '../core/step.js';
import type { Step } from './step.js';

export interface RunOptions {
  steps: readonly Step[];
  config: ResolvedConfig;
  deploymentId: string;
  azure: AzureClients;
  jumphostKeyPath: string;
  journal: Journal;
  io: IoHost;
  signal?: AbortSignal;
  /** How many times faster than Azure the target runs (1 on Azure); undefined when unknown: no estimates. */
  speed?: number;
}

export function environment(options: RunOptions, readOnly: boolean): RunEnvironment {
  return {
    config: options.config,
    names: resourceNames(options.config),
    deploymentId: options.deploymentId,
    azure: options.azure,
    jumphostKeyPath: options.jumphostKeyPath,
    journal: options.journal,
    io: options.io,
    signal: options.signal ?? new AbortController().signal,
    outputs: new Map(),
    readOnly,
    ...(readOnly ? {} : { board: new RunBoard() }),
  };
}

export function sortByNumber<T extends { number: number }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => a.number - b.number);
}

/** Assembles the article-ordered result and the first typed error. */
export function finish(
  steps: readonly Step[],
  results: Map<StepId, StepResult>,
  errors: Map<StepId, SecureAksError>,
  started: number,
  aborted: boolean,
): RunResult {
  const ordered = sortByNumber(steps).map(
    (s) => results.get(s.id) ?? { number: s.number, id: s.id, title: s.title, status: 'pending' as const },
  );
  const firstFailed = ordered.find((r) => r.status === 'failed');
  const complete = ordered.every((r) => isFinished(r.status));
  const status = complete ? 'done' : aborted ? 'interrupted' : 'failed';
  const error = status === 'interrupted' ? new AbortError() : firstFailed ? errors.get(firstFailed.id) : undefined;
  return { status, steps: ordered, durationMs: Date.now() - started, ...(error ? { error } : {}) };
}

/**
 * init: every step re-checks Azure and applies only the differences, so a re-run of a complete
 * deployment makes no writes. Steps start as soon as what they declare is ready (schedule.ts): a whole
 * step, or only the outputs it publishes early; events stream as they happen, results are article-ordered.
 * The journal brackets each step (running -> done | failed) so a crash or Ctrl-C leaves a state file that `status --resume` can continue from.
 */
export async function runSteps(options: RunOptions): Promise<RunResult> {
  const env = environment(options, false);
  const { journal, io } = options;
  const started = Date.now();
  const results = new Map<StepId, StepResult>();
  const errors = new Map<StepId, SecureAksError>();
  const ordered = sortByNumber(options.steps);
  io.notify({ code: 'run.start', mode: 'apply', steps: ordered.map((s) => plannedStep(s, options.speed)) });

  let unjournaled: SecureAksError | undefined;
  /**
   * Records a step's transition; a write that fails (disk full, state directory gone, the secret guard
   * refusing it) is answered with the typed reason instead of escaping the step, so the step is never
   * left "pending" in the output while the file says "running".
   */
  const record = async (id: StepId, patch: Parameters<Journal['update']>[1]): Promise<SecureAksError | undefined> => {
    try {
      await journal.update(id, patch);
      return undefined;
    } catch (err) {
      return translateAzureError(err);
    }
  };

  const runOne = async (step: Step): Promise<Outcome> => {
    const ref = stepRef(step);
    const t0 = Date.now();
    const base = { number: step.number, id: step.id, title: step.title };
    /** This run's attempt list once its start is journaled; each end closes the last attempt at the same instant the result reports. */
    let attempts: StepAttempt[] | undefined = undefined;
    const ended = (at: number, status: 'done' | 'failed' | 'interrupted') =>
      attempts ? { attempts: endAttempt(attempts, new Date(at).toISOString(), status) } : {};
    /** Reports and journals a failure; when even that write fails, the run says its state is behind. */
    const failed = async (
      typed: SecureAksError,
      error: StepErrorRecord = toErrorRecord(typed),
      outcome: Outcome = 'failed',
    ): Promise<Outcome> => {
      errors.set(step.id, typed);
      const t1 = Date.now();
      unjournaled ??= await record(step.id, {
        status: 'failed',
        error,
        finishedAt: new Date(t1).toISOString(),
        ...ended(t1, outcome === 'interrupted' ? 'interrupted' : 'failed'),
      });
      const durationMs = t1 - t0;
      results.set(step.id, { ...base, status: 'failed', durationMs, error });
      io.notify({ code: 'step.end', step: ref, status: 'failed', durationMs, summary: error.message, error });
      return outcome;
    };
    const skipReason = step.skipReason?.(options.config);
    if (skipReason) {
      env.outputs.set(step.id, {});
      const lost = await record(step.id, {
        status: 'skipped',
        error: undefined,
        inFlight: undefined,
        finishedAt: new Date().toISOString(),
      });
      if (lost) return failed(lost);
      results.set(step.id, { ...base, status: 'skipped', skipReason, durationMs: 0 });
      io.notify({ code: 'step.end', step: ref, status: 'skipped', durationMs: 0, summary: `skipped: ${skipReason}` });
      return 'skipped';
    }
    // An operation journaled by an interrupted run is re-attached by the step; say so rather than "no changes".
    const resumed = journal.get(step.id)?.inFlight;
    // A step whose start cannot be journaled does not start: Azure must never run ahead of an unwritable journal.
    const startedAt = new Date(t0).toISOString();
    const started = startAttempt(journal.get(step.id)?.attempts, startedAt);
    const notStarted = await record(step.id, {
      status: 'running',
      startedAt,
      finishedAt: undefined,
      error: undefined,
      attempts: started,
    });
    if (notStarted) return failed(notStarted);
    attempts = started;
    io.notify({ code: 'step.start', step: ref });
    const ctx = createStepContext(step, env);
    let outputs: StepOutputs;
    let changes: Change[];
    try {
      // Request-level retries of the shared SDK clients report their waits as this step's progress.
      const reporting = <T>(run: () => Promise<T>) => withRetryReporter((m) => ctx.progress(m), run);
      changes = await reporting(() => step.check(ctx));
      // What the step published early stays unless apply returns a newer value for the same key.
      const returned = await reporting(() => step.apply(ctx, changes));
      outputs = { ...env.outputs.get(step.id), ...returned };
      await reporting(() => step.verify(ctx));
    } catch (err) {
      const interrupted = new AbortError(`Step ${step.id} was interrupted.`);
      const outcome = env.signal.aborted
        ? await failed(
            interrupted,
            { code: interrupted.code, message: interrupted.message, remediation: 'Run `secure-aks status --resume` to continue.' },
            'interrupted',
          )
        : await failed(translateAzureError(err, options.azure.correlationId));
      // The stack is for --verbose only (renderers drop debug events otherwise); never with a secret in it.
      io.notify({ code: 'debug', message: redactSecrets(`${step.id}: ${(err as Error)?.stack ?? String(err)}`) });
      return outcome;
    }
    env.outputs.set(step.id, outputs);
    const changed = changes.filter(isWrite).length; // a read writes nothing
    const t1 = Date.now();
    const notDone = await record(step.id, {
      status: 'done',
      outputs,
      changes: changed,
      inFlight: undefined,
      finishedAt: new Date(t1).toISOString(),
      ...ended(t1, 'done'),
    });
    // Azure has the step's changes, but the journal does not: report that rather than "done".
    if (notDone) return failed(notDone);
    const durationMs = t1 - t0;
    results.set(step.id, { ...base, status: 'done', durationMs, changes, outputs });
    io.notify({
      code: 'step.end',
      step: ref,
      status: 'done',
      durationMs,
      summary: resumed ? `resumed the ${resumed.operation} started earlier` : summarizeChanges(changes),
    });
    return 'done';
  };

  const board = env.board!;
  await schedule(ordered, runOne, env.signal, {
    published: (id) => publishedKeys(env, id),
    subscribe: (wake) => board.onPublish(wake),
    settled: (id, state) => board.settle(id, state),
  });
  const result = { ...finish(ordered, results, errors, started, env.signal.aborted), ...(unjournaled ? { unjournaled } : {}) };
  io.notify({ code: 'run.end', mode: 'apply', status: result.status, durationMs: result.durationMs });
  return result;
}
