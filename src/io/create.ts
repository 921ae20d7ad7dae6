import { chalkFor } from './color.js';
import type { IoHost } from './host.js';
import { InteractiveIoHost } from './interactive.js';
import { NonInteractiveIoHost } from './non-interactive.js';
import { PlainProgressRenderer, type ProgressRenderer } from './progress-plain.js';
import { TtyProgressRenderer } from './progress-tty.js';

export interface IoHostOptions {
  nonInteractive?: boolean;
  verbose?: boolean;
  noColor?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Progress goes here (stderr): stdout is reserved for the command's result. */
  stream?: NodeJS.WriteStream;
  stdinIsTTY?: boolean;
}

/** CI systems set CI=true; a prompt there would hang the job. */
function inCi(env: NodeJS.ProcessEnv): boolean {
  return env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
}

/**
 * Picks the host and renderer once, so the rest of the code never asks "are we in a terminal?":
 * spinners only when stderr is a terminal that can move its cursor; prompts only when stdin is a
 * terminal and neither --non-interactive nor CI says otherwise.
 */
export function createIoHost(options: IoHostOptions = {}): IoHost {
  const env = options.env ?? process.env;
  const stream = options.stream ?? process.stderr;
  const isTTY = Boolean(stream.isTTY);
  const chalk = chalkFor(stream, options.noColor, env);
  // A terminal that reports no width (some pseudo-terminals) cannot redraw a spinner block safely.
  const fancy = isTTY && (stream.columns ?? 0) > 0 && env.TERM !== 'dumb' && !inCi(env);
  const renderer: ProgressRenderer = fancy
    ? new TtyProgressRenderer({ stream, chalk, verbose: Boolean(options.verbose) })
    : new PlainProgressRenderer({ stream, chalk, verbose: Boolean(options.verbose) });
  const sink = (e: Parameters<ProgressRenderer['handle']>[0]) => renderer.handle(e);
  const close = () => renderer.close();
  const canPrompt = !options.nonInteractive && !inCi(env) && (options.stdinIsTTY ?? Boolean(process.stdin.isTTY)) && isTTY;
  return canPrompt ? new InteractiveIoHost(sink, close) : new NonInteractiveIoHost(sink, close);
}
