import type { ChalkInstance } from 'chalk';
import type { RunResult } from '../../engine/result.js';
import { changeRow } from './human.js';
import type { Output } from './output.js';

/**
 * What a plan found, resource by resource, for the confirmation of a re-run or a resume: the change rows of
 * every step that differs, or one line saying Azure already matches. Goes to stderr, with the summary it
 * belongs to (stdout carries the command's result).
 */
export function renderPlanChanges(output: Output, c: ChalkInstance, result: RunResult): void {
  const differing = result.steps.filter((s) => s.status === 'pending' || s.status === 'failed');
  if (differing.length === 0) {
    output.err(c.green('Azure matches the configuration: nothing to do.'));
    return;
  }
  const lines = [c.bold('What differs in Azure:')];
  for (const s of differing) {
    lines.push(`  ${String(s.number).padStart(2)}. ${s.title}`);
    for (const ch of (s.changes ?? []).filter((x) => x.action !== 'none')) lines.push(changeRow(ch, c));
    if (s.status === 'failed' && s.error) lines.push(`      ${c.red(s.error.code)}: ${s.error.message}`);
  }
  output.err(lines.join('\n'));
}
