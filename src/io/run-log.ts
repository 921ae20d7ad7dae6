/**
 * One log file per run beside the state file (`<state dir>/logs/<time>-<command>.log`, 0600, the newest
 * RUN_LOGS_KEPT kept): every ARM call (method, path without its query, api-version, status, correlation
 * and request ids, duration), step transitions, warnings and the final error. It is what a failure points
 * at and what Azure support asks for; no header or body is ever written, and every line goes through the
 * same secret redaction as the state file. Writes are buffered by a stream so a run never waits on them;
 * a directory that cannot be written is said once and the run goes on without a log.
 */
import { createWriteStream, mkdirSync, readdirSync, rmSync, type WriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { redactSecrets } from '../core/secrets.js';
import { localStatePath } from '../state/location.js';
import type { IoEvent } from './events.js';

/** How many run logs a state directory keeps (the oldest beyond it are removed when a run starts one). */
export const RUN_LOGS_KEPT = 20;

/** The directory the run logs of a state file go to. */
export function runLogDir(stateFile: string): string {
  return join(dirname(localStatePath(stateFile)), 'logs');
}

function fileName(command: string, at: Date): string {
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  return `${stamp}-${command.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '')}.log`;
}

/** Keeps the newest `keep` logs (names start with an ISO time, so they sort by age). */
function prune(dir: string, keep: number): void {
  const logs = readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .sort();
  for (const old of logs.slice(0, Math.max(0, logs.length - keep))) rmSync(join(dir, old), { force: true });
}

/** The log line of an io event; undefined for what the log does not keep (progress ticks, prompts, debug). */
export function logLineOf(event: IoEvent): string | undefined {
  switch (event.code) {
    case 'arm.call': {
      const c = event.call;
      return (
        `arm ${c.method} ${c.path}${c.apiVersion ? ` api-version=${c.apiVersion}` : ''} ${c.status}` +
        `${c.correlationId ? ` correlation=${c.correlationId}` : ''}${c.requestId ? ` request=${c.requestId}` : ''} ${c.durationMs}ms`
      );
    }
    case 'run.start':
      return `run ${event.mode} start: steps ${event.steps.map((s) => s.number).join(', ')}`;
    case 'run.end':
      return `run ${event.mode} end: ${event.status} in ${event.durationMs}ms`;
    case 'step.start':
      return `step ${event.step.number} ${event.step.id} running`;
    case 'step.end': {
      const e = event.error;
      // A failure's summary is its message: said once, with its code and correlation id.
      const what = e ? `${e.code}: ${e.message}${e.correlationId ? ` (correlation ${e.correlationId})` : ''}` : event.summary;
      return `step ${event.step.number} ${event.step.id} ${event.status} in ${event.durationMs}ms: ${what}`;
    }
    case 'warn':
      return `warning ${event.message}`;
    case 'info':
      return `info ${event.message}`;
    default:
      return undefined;
  }
}

export class RunLog {
  readonly path: string;
  private stream?: WriteStream;
  private failed = false;
  private closed = false;

  /**
   * @param warn told once when the log cannot be written (a read-only state directory), never again.
   */
  constructor(
    stateFile: string,
    command: string,
    private readonly warn: (message: string) => void,
    now: Date = new Date(),
  ) {
    this.path = join(runLogDir(stateFile), fileName(command, now));
  }

  /** True once a line was accepted: the file exists (or is being written). */
  get written(): boolean {
    return !!this.stream && !this.failed;
  }

  /** Appends one line (redacted); the file and its directory are made on the first line. */
  line(text: string): void {
    if (this.failed || this.closed) return;
    try {
      this.stream ??= this.open();
    } catch (err) {
      this.fail(err);
      return;
    }
    this.stream.write(`${new Date().toISOString()} ${redactSecrets(text)}\n`);
  }

  /** Logs what an io event says, if the log keeps that kind of event. */
  event(event: IoEvent): void {
    const text = logLineOf(event);
    if (text !== undefined) this.line(text);
  }

  /** Flushes and closes the file; resolves even when writing failed. */
  async close(): Promise<void> {
    this.closed = true;
    const stream = this.stream;
    if (!stream || stream.destroyed) return;
    await new Promise<void>((resolve) => {
      stream.once('error', () => resolve());
      stream.end(() => resolve());
    });
  }

  private open(): WriteStream {
    const dir = dirname(this.path);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Pruned before this run's file exists: the directory keeps RUN_LOGS_KEPT logs, this one included.
    prune(dir, RUN_LOGS_KEPT - 1);
    const stream = createWriteStream(this.path, { flags: 'a', mode: 0o600 });
    stream.on('error', (err) => this.fail(err));
    return stream;
  }

  private fail(err: unknown): void {
    if (this.failed) return;
    this.failed = true;
    const code = (err as NodeJS.ErrnoException | undefined)?.code ?? (err as Error | undefined)?.message ?? String(err);
    this.warn(`Could not write the run log ${this.path} (${code}); the run goes on without it.`);
  }
}
