import { randomUUID } from 'node:crypto';
import { createAzureClients, type ArmCallRecord } from '../azure/clients.js';
import { translateAzureError } from '../azure/errors.js';
import type { RetryWaits } from '../azure/retry.js';
import type { AzureClients, CloudTarget } from '../azure/types.js';
import { ExitCode, type SecureAksError } from '../core/errors.js';
import { errorWithoutResume } from '../engine/resume-advice.js';
import type { IoHost } from '../io/host.js';
import { RunLog } from '../io/run-log.js';
import { PreflightError } from '../preflight/problems.js';
import type { StateBackend } from '../state/backend.js';
import type { StateLock } from '../state/lock.js';
import { openStateBackend } from '../state/open.js';
import type { CommandContext } from './context.js';
import type { CommonOptions, TargetOptions } from './flags.js';
import { openSession, streamColors, type Colors, type Session, type SessionOptions } from './session.js';
import { resolveTarget, type ResolvedTarget } from './target.js';
import type { FailureView, ViewBase } from './views/failure.js';

export interface FactoryOptions {
  common: SessionOptions & Pick<CommonOptions, 'state' | 'output' | 'stateEndpoint' | 'stateCa'>;
  target: TargetOptions;
  /** Replaces the terminal's io host and colours (tests answer prompts through a recording host). */
  session?: Session;
  /** Also told of every ARM call (init counts the writes). */
  onArmCall?: (call: ArmCallRecord) => void;
  /** How long the retry module waits; read when the first clients are built. */
  waits?: () => Partial<RetryWaits>;
}

/** What a failure needs to know that only the command does. */
export interface FailureOptions {
  /** A journal write in progress completes first (Ctrl-C never cuts a save short). */
  store?: { flush(): Promise<void> };
  /** False when no state file of this deployment exists: advice to resume becomes "run the same command again". */
  resumable?: boolean;
  /** The summary on stderr listed the preflight result before this failure (init). */
  preflightShown?: boolean;
}

/**
 * Everything a command needs beyond its flags, each part built on first use and once (the shape of gh's
 * cmdutil.Factory): the output and its colours, the io host (prompts and progress on stderr), the state
 * lock, the resolved target and the SDK clients. run() reports a failure through the command's view and
 * releases what was opened on every exit path, Ctrl-C included.
 */
export class Factory {
  private opened?: Session;
  private colours?: Colors;
  private lockTaken?: Promise<StateLock>;
  private backend?: StateBackend;
  private targetResolving?: Promise<ResolvedTarget>;
  private resolved?: ResolvedTarget;
  private readonly clientsBySubscription = new Map<string, AzureClients>();
  /** Sent as x-ms-correlation-request-id on every ARM request of this run, and printed with any failure. */
  readonly correlationId = randomUUID();
  /** This run's log beside the state file; the file is made on its first line. */
  readonly log: RunLog;

  constructor(
    readonly ctx: CommandContext,
    private readonly o: FactoryOptions,
  ) {
    // A log that cannot be written is said once, through the io host if one runs, else on stderr.
    this.log = new RunLog(o.common.state, o.common.commandName ?? 'run', (message) => {
      if (this.opened) this.opened.io.notify({ code: 'warn', message });
      else this.ctx.output.err(`Warning: ${message}`);
    });
  }

  /** The run log's path once something was written to it (what a failure names). */
  logFile(): string | undefined {
    return this.log.written ? this.log.path : undefined;
  }

  get signal(): AbortSignal {
    return this.ctx.signal;
  }

  /** The io host, stdout/stderr colours and --record's recorder. */
  session(): Session {
    if (!this.opened) {
      const session = this.o.session ?? openSession(this.ctx, this.o.common);
      this.opened = { ...session, io: teeToLog(session.io, this.log) };
    }
    return this.opened;
  }

  /** Colours alone: reporting an early failure does not start an io host. */
  colors(): Colors {
    this.colours ??= this.o.session ?? streamColors(this.ctx.env, this.o.common.color, this.ctx.stderr);
    return this.colours;
  }

  /** What a view writes through: `command` is the name the JSON document carries. */
  viewBase(command: string): ViewBase {
    return { output: this.ctx.output, colors: () => this.colors(), verbose: this.o.common.verbose, command };
  }

  /** Stops spinners before the result goes to stdout (a no-op when nothing was started). */
  stopProgress(): void {
    this.opened?.io.close();
  }

  /** Where this deployment's state is kept (a file, or a blob for --state az://...), opened once per run. */
  state(): StateBackend {
    this.backend ??= openStateBackend(
      this.o.common.state,
      { endpoint: this.o.common.stateEndpoint, caFile: this.o.common.stateCa, cloud: this.o.target.cloud },
      this.ctx.env,
    );
    return this.backend;
  }

  /**
   * The state lock, taken on the first call and released by run(). A stale lock taken over is said as a
   * warning unless `quiet` (status takes the lock only to start the embedded emulator, and has said nothing).
   */
  async lock(command: string, { quiet = false, mustExist = false } = {}): Promise<StateLock> {
    if (!this.lockTaken) {
      this.lockTaken = this.state().lock(command, undefined, { mustExist });
      const lock = await this.lockTaken;
      if (lock.tookOver && !quiet) this.session().io.notify({ code: 'warn', message: lock.tookOver });
    }
    return this.lockTaken;
  }

  /** Where ARM calls go, resolved on the first call from the flags and the target the state file `recorded`. */
  async target(recorded: CloudTarget | undefined): Promise<CloudTarget> {
    this.targetResolving ??= resolveTarget(this.o.target, recorded, this.o.common.state, this.ctx.env).then((t) => (this.resolved = t));
    return (await this.targetResolving).target;
  }

  /** How many times faster than Azure the resolved target runs (the live estimates scale by it); unknown: undefined. */
  targetSpeed(): number | undefined {
    return this.resolved?.speed;
  }

  /**
   * The SDK clients of one subscription on the resolved target, built once per subscription (an edit at
   * init's summary may switch it); every ARM call and request-level wait is told to the io host.
   */
  clients(subscriptionId: string): AzureClients {
    if (!this.resolved) throw new Error('The target is resolved (target()) before any client is built.');
    let clients = this.clientsBySubscription.get(subscriptionId);
    if (!clients) {
      const io = this.session().io;
      clients = createAzureClients({
        subscriptionId,
        target: this.resolved.target,
        correlationId: this.correlationId,
        onArmCall: (call) => {
          this.o.onArmCall?.(call);
          io.notify({ code: 'arm.call', call });
        },
        // Steps say their waits on their own progress line; waits outside a step (preflight, destroy, verify) are said here.
        onWait: (message) => io.notify({ code: 'info', message }),
        recorder: this.session().recorder,
        env: this.ctx.env,
        ...(this.o.waits ? { waits: this.o.waits() } : {}),
      });
      this.clientsBySubscription.set(subscriptionId, clients);
    }
    return clients;
  }

  /** Runs a command's action: a throw is reported by `view` and answers the exit status; close() always runs. */
  async run(view: FailureView, action: () => Promise<number>, failure: () => FailureOptions = () => ({})): Promise<number> {
    try {
      return await action();
    } catch (err) {
      const o = failure();
      await o.store?.flush().catch(() => undefined);
      this.stopProgress();
      // A run that reached Azure names its correlation id and log; a mistake found before any request has neither.
      const reachedAzure = this.clientsBySubscription.size > 0;
      const translated = translateAzureError(err, reachedAzure ? this.correlationId : undefined);
      const typed = o.resumable === false ? errorWithoutResume(translated) : translated;
      this.nameFailure(typed);
      view.failure(typed, o.preflightShown && err instanceof PreflightError ? err.problems.length : undefined);
      return typed.exitCode;
    } finally {
      await this.close();
    }
  }

  /**
   * What support asks for, on a failure: the run's correlation id (once it reached Azure) and its log file
   * (once written), which also records the error. run() does it for a throw; a command that returns its
   * failure in its result (a plan's failed check, a teardown stopped by Azure) calls it itself.
   */
  nameFailure(error: SecureAksError): void {
    if (this.clientsBySubscription.size > 0 && !error.options.correlationId && error.exitCode !== ExitCode.interrupted)
      error.options.correlationId = this.correlationId;
    if (this.log.written) {
      this.log.line(`error ${error.code}: ${error.message}${error.correlationId ? ` (correlation ${error.correlationId})` : ''}`);
      error.options.logFile = this.log.path;
    }
  }

  /** Stops progress and the embedded emulator, then releases the lock. */
  private async close(): Promise<void> {
    this.stopProgress();
    await this.log.close();
    await this.targetResolving?.then((t) => t.close()).catch(() => undefined);
    await this.lockTaken?.then((l) => l.release()).catch(() => undefined);
  }
}

/** The io host with every event also offered to the run log (which keeps ARM calls, steps, warnings). */
function teeToLog(io: IoHost, log: RunLog): IoHost {
  return new Proxy(io, {
    get(target, key) {
      if (key === 'notify')
        return (event: Parameters<IoHost['notify']>[0]) => {
          log.event(event);
          target.notify(event);
        };
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
