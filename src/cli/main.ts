import { releaseHeldLeases } from '../state/blob/held-leases.js';
import { translateAzureError } from '../azure/errors.js';
import { CommanderError } from 'commander';
import { ExitCode, UsageError, type SecureAksError } from '../core/errors.js';
import type { CommandContext } from './context.js';
import { buildProgram, type RunOverrides } from './program.js';
import { processOutput, type Output } from './render/output.js';

export interface MainOptions {
  output?: Output;
  env?: NodeJS.ProcessEnv;
  /** Progress stream (default the process's stderr). */
  stderr?: NodeJS.WriteStream;
  overrides?: RunOverrides;
  /** Install SIGINT/SIGTERM handlers (the real process; tests leave it off). */
  handleSignals?: boolean;
}

/**
 * The view of an error found before any command ran. Loaded only when there is one to show: its renderers
 * and colours would slow every `--help`.
 */
async function reportEarlyFailure(output: Output, env: NodeJS.ProcessEnv, error: SecureAksError, args: readonly string[]): Promise<void> {
  const [{ failureView }, { streamColors }] = await Promise.all([import('./views/failure.js'), import('./session.js')]);
  const colors = () => streamColors(env, true);
  const verbose = args.includes('-v') || args.includes('--verbose');
  failureView(wantsJson(args, env) ? 'json' : 'text', { output, colors, verbose, command: args[0] ?? '' }).failure(error);
}

/** `-o json` must hold even for errors found before commander finished parsing. */
function wantsJson(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  const i = argv.findIndex((a) => a === '-o' || a === '--output');
  if (i >= 0) return argv[i + 1] === 'json';
  if (argv.some((a) => a === '--output=json' || a === '-ojson')) return true;
  return env.SECURE_AKS_OUTPUT === 'json';
}

function exitCodeOf(err: CommanderError): number {
  if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return ExitCode.ok;
  return ExitCode.usage;
}

/**
 * Runs the CLI and returns the exit status (the launcher sets process.exitCode). The first Ctrl-C aborts
 * the run gracefully (state is flushed, a resume hint printed); a second one exits at once with 130.
 */
export async function main(argv: readonly string[] = process.argv, options: MainOptions = {}): Promise<number> {
  const output = options.output ?? processOutput;
  const env = options.env ?? process.env;
  const controller = new AbortController();
  let exit: number = ExitCode.ok;
  const ctx: CommandContext = { output, env, stderr: options.stderr, signal: controller.signal, setExit: (c) => void (exit = c) };

  let leaving = false;
  const onSignal = () => {
    if (!controller.signal.aborted) return controller.abort();
    if (leaving) process.exit(ExitCode.interrupted);
    leaving = true;
    // A shared state's lease would block the team until it expires: give it back first, briefly.
    void releaseHeldLeases(2_000).finally(() => process.exit(ExitCode.interrupted));
  };
  if (options.handleSignals) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    // `secure-aks --help | head`: a reader that closed the pipe is not an error worth a stack trace.
    for (const stream of [process.stdout, process.stderr]) {
      stream.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'EPIPE') process.exit(exit);
        throw e;
      });
    }
  }
  try {
    await buildProgram(ctx, options.overrides).parseAsync([...argv]);
  } catch (err) {
    const args = argv.slice(2);
    if (err instanceof CommanderError) {
      exit = exitCodeOf(err);
      // In text, commander has already written the message and its hint to stderr.
      if (exit !== ExitCode.ok && wantsJson(args, env)) {
        const usage = new UsageError('UsageError', err.message.replace(/^error: /, ''), 'Run `secure-aks --help` for the flags.');
        await reportEarlyFailure(output, env, usage, args);
      }
    } else {
      const typed = translateAzureError(err);
      exit = typed.exitCode;
      await reportEarlyFailure(output, env, typed, args);
    }
  } finally {
    if (options.handleSignals) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  }
  return exit;
}
