import type { ChalkInstance } from 'chalk';
import type { DriftReport } from '../../drift/detect.js';
import { fitLines } from '../../io/wrap.js';
import { outputColumns, type Output } from './output.js';

/** The drift part of `status` in text: each drifted step and what differs, or why Azure was not asked. */
export function renderDrift(output: Output, c: ChalkInstance, drift: DriftReport, stateFile: string): void {
  if (!drift.checked) {
    output.out(c.dim(`Drift not checked: ${drift.reason}.`));
    return;
  }
  const lines: string[] = [];
  for (const s of drift.steps) {
    if (s.error)
      lines.push(`${c.yellow('?')} ${String(s.number).padStart(2)}. ${s.title}: could not check (${s.error.code}: ${s.error.message})`);
    if (!s.drifted) continue;
    lines.push(`${c.yellow('!')} ${String(s.number).padStart(2)}. ${s.title}: drifted from what secure-aks built`);
    for (const d of s.differences) lines.push(`      - ${d}`);
  }
  if (!drift.drifted && lines.length === 0) {
    output.out(c.green('No drift: Azure matches every done step.'));
    return;
  }
  if (drift.drifted)
    lines.push(
      '',
      `Repair with \`secure-aks status --resume --state ${stateFile}\` (or init with the same flags): it changes only what drifted.`,
    );
  output.out(fitLines(lines, outputColumns(output, 'out')).join('\n'));
}
