import { translateAzureError } from '../azure/errors.js';
import type { SecureAksError } from '../core/errors.js';
import { errorWithoutResume } from '../engine/resume-advice.js';
import { chalkFor } from '../io/color.js';
import { PreflightError } from '../preflight/problems.js';
import type { CommandContext } from './context.js';
import type { CommonOptions } from './flags.js';
import { renderError, renderPreflightListed } from './render/human.js';
import { renderJson } from './render/json.js';
import type { Output } from './render/output.js';

export interface ReportOptions {
  json: boolean;
  command: string;
  verbose?: boolean;
  noColor?: boolean;
  env?: NodeJS.ProcessEnv;
  /** How many preflight problems the summary on stderr already listed: point at them, do not repeat them. */
  preflightListed?: number;
}

/** A command that failed before or outside the step run: the error block, or the one JSON document. */
export function reportError(output: Output, error: SecureAksError, o: ReportOptions): void {
  if (o.json) {
    renderJson(output, { command: o.command, status: 'failed', steps: [], error });
    return;
  }
  const chalk = chalkFor(process.stderr, o.noColor, o.env);
  if (o.preflightListed) renderPreflightListed(output, error, o.preflightListed, chalk);
  else renderError(output, error, chalk, o.verbose);
}

export interface FailureOptions {
  command: string;
  common: Pick<CommonOptions, 'output' | 'verbose' | 'color'>;
  /** The io host's spinners stop before the error is printed. */
  session?: { io: { close(): void } };
  /** A journal write in progress completes first (Ctrl-C never cuts a save short). */
  store?: { flush(): Promise<void> };
  /** The summary on stderr listed the preflight result before this failure (init). */
  preflightShown?: boolean;
  /** False when no state file of this deployment exists: advice to resume becomes "run the same command again". */
  resumable?: boolean;
}

/** The end of every command that failed: finish the save, stop progress, report, and answer the exit status. */
export async function reportFailure(ctx: CommandContext, err: unknown, o: FailureOptions): Promise<number> {
  await o.store?.flush().catch(() => undefined);
  o.session?.io.close();
  const translated = translateAzureError(err);
  const typed = o.resumable === false ? errorWithoutResume(translated) : translated;
  reportError(ctx.output, typed, {
    json: o.common.output === 'json',
    command: o.command,
    verbose: o.common.verbose,
    noColor: !o.common.color,
    env: ctx.env,
    preflightListed: o.preflightShown && err instanceof PreflightError ? err.problems.length : undefined,
  });
  return typed.exitCode;
}
