import type { ChalkInstance } from 'chalk';
import { AbortError, ExitCode, InputRequiredError, type SecureAksError } from '../../core/errors.js';
import type { RunResult } from '../../engine/result.js';
import { formatDuration } from '../../io/format.js';
import { redactSecrets } from '../../core/secrets.js';
import { failureDetailLines, stepFailureLines } from './failure-lines.js';
import { stepRows } from './step-rows.js';
import { fitLines } from '../../io/wrap.js';
import { outputColumns, type Output } from './output.js';

/**
 * The error block: code, the sentence, what to do; the stack only when asked for (--verbose). A user's
 * "no" (or Ctrl-C) is their choice, not a failure: it is said plainly, without the error heading.
 */
export function renderError(output: Output, error: SecureAksError, c: ChalkInstance, verbose = false): void {
  if (error instanceof AbortError) {
    output.err(fitLines([c.yellow(error.message)], outputColumns(output, 'err')).join('\n'));
    return;
  }
  const lines: string[] = [];
  if (error instanceof InputRequiredError) {
    // The message names every source inline (for logs and JSON); here each value gets its own line instead.
    lines.push(`${c.red('Error')} ${c.bold(error.code)}: missing required value${error.missing.length > 1 ? 's' : ''}:`);
    for (const m of error.missing) lines.push(`  - ${m.key}: flag ${m.flag}, env ${m.env}, config key ${m.configKey}`);
  } else {
    lines.push(`${c.red('Error')} ${c.bold(error.code)}: ${error.message}`);
  }
  lines.push(...failureDetailLines({ ...error.options, findings: undefined }, c));
  const block = fitLines(lines, outputColumns(output, 'err'));
  // A stack trace keeps its lines as they are: wrapped frames would be harder to read, not easier.
  if (verbose && error.stack) block.push(c.dim(redactSecrets(String((error.cause as Error | undefined)?.stack ?? error.stack))));
  output.err(block.join('\n'));
}

/** Preflight failed and the summary just listed its problems with their remedies: point at them once. */
export function renderPreflightListed(output: Output, error: SecureAksError, count: number, c: ChalkInstance): void {
  const which = count > 1 ? `the ${count} problems` : 'the problem';
  // Exit 1 here is Azure failing a check or not answering: nothing for the user to fix in their input.
  const act = error.exitCode === ExitCode.stepFailed ? `see ${which} marked x above for what to do` : `fix ${which} marked x above`;
  const { correlationId, logFile } = error.options;
  const line = `${c.red('Error')} ${c.bold(error.code)}: nothing was created; ${act}, then run the command again.`;
  output.err(fitLines([line, ...failureDetailLines({ correlationId, logFile }, c)], outputColumns(output, 'err')).join('\n'));
}

export interface SummaryOptions {
  stateFile: string;
  chalk: ChalkInstance;
  /** Why the state file is behind the run: said instead of "The state is saved". */
  unsaved?: SecureAksError;
  /** This run's log file: named when the run failed. */
  logFile?: string;
}

/** The article-ordered table printed at the end of init/status, plus what to do next (plan's is render/plan.ts). */
export function renderRunSummary(output: Output, result: RunResult, o: SummaryOptions): void {
  const c = o.chalk;
  const lines: string[] = [''];
  const width = outputColumns(output, 'out');
  const rows = stepRows(result.steps, c, 'run', width);
  result.steps.forEach((s, i) => {
    lines.push(rows[i]);
    if (s.status === 'failed' && s.error) lines.push(...stepFailureLines(s.error, c));
  });
  lines.push('');
  const resume = `secure-aks status --resume${o.stateFile ? ` --state ${o.stateFile}` : ''}`;
  if (o.unsaved) {
    const what = result.status === 'done' ? 'Every step ran' : result.status === 'interrupted' ? 'Interrupted' : 'A step failed';
    lines.push(c.red(`${what}, but the state was NOT saved: ${o.unsaved.message}`));
    if (o.unsaved.remediation) lines.push(`${c.cyan('What to do:')} ${o.unsaved.remediation}`);
  } else if (result.status === 'done') {
    lines.push(c.green(`Done in ${formatDuration(result.durationMs)}.`));
  } else if (result.status === 'interrupted') {
    lines.push(c.yellow(`Interrupted. The state is saved; continue with \`${resume}\`.`));
  } else if (result.status === 'failed') {
    lines.push(c.red(`A step failed. The state is saved; after fixing the cause run \`${resume}\`.`));
  }
  if (result.status !== 'done' && o.logFile) lines.push(c.dim(`Log: ${o.logFile}`));
  output.out(fitLines(lines, width).join('\n'));
}
