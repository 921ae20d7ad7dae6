import type { ChalkInstance } from 'chalk';
import { groupByArea, type CheckResult, type VerifiedCheck, type VerifyReport } from '../../verify/index.js';
import type { VerifiedCluster } from './verify-json.js';
import { fitLines, hang } from '../../io/wrap.js';
import { outputColumns, type Output } from './output.js';

const LABEL: Record<CheckResult, string> = { pass: 'pass', fail: 'fail', warn: 'warn', 'not-applicable': 'n/a' };

function mark(result: CheckResult, c: ChalkInstance): string {
  switch (result) {
    case 'pass':
      return c.green(`✔ ${LABEL.pass.padEnd(4)}`);
    case 'fail':
      return c.red(`✖ ${LABEL.fail.padEnd(4)}`);
    case 'warn':
      return c.yellow(`! ${LABEL.warn.padEnd(4)}`);
    default:
      return c.dim(`- ${LABEL['not-applicable'].padEnd(4)}`);
  }
}

/** Room the title and evidence need beside the id column; below it they go under the id instead. */
const MIN_TEXT = 40;

function checkLines(check: VerifiedCheck, idWidth: number, c: ChalkInstance, width: number): string[] {
  // Wide: title beside the id, evidence under the title. Narrow: title and evidence under the id.
  const wide = 10 + idWidth + MIN_TEXT <= width;
  const indent = ' '.repeat(wide ? 10 + idWidth : 9);
  const lines = wide
    ? hang(`  ${mark(check.result, c)} ${check.id.padEnd(idWidth)} `, check.title, width)
    : [`  ${mark(check.result, c)} ${check.id}`, ...hang(indent, check.title, width)];
  lines.push(...hang(indent, c.dim(check.evidence), width));
  if (check.result === 'fail' || check.result === 'warn') {
    if (check.remediation) lines.push(...hang(indent, `${c.cyan('What to do:')} ${check.remediation}`, width));
    lines.push(...hang(indent, `${c.cyan('Docs:')} ${check.docs}`, width));
  }
  return lines;
}

/**
 * verify in text: every check grouped by area (API server, egress, network, cluster, in cluster) with
 * the evidence it saw; fail and warn rows add what to do and where it is documented; then the counts.
 */
export function renderVerifyHuman(output: Output, report: VerifyReport, cluster: VerifiedCluster, c: ChalkInstance): void {
  const idWidth = Math.max(...report.checks.map((x) => x.id.length));
  const width = outputColumns(output, 'out');
  const lines = [c.bold(`Posture of cluster ${cluster.name} in ${cluster.resourceGroup} (subscription ${cluster.subscriptionId})`), ''];
  for (const group of groupByArea(report.checks)) {
    lines.push(c.bold(group.title));
    for (const check of group.checks) lines.push(...checkLines(check, idWidth, c, width));
    lines.push('');
  }
  for (const e of report.readErrors) lines.push(c.yellow(`warning: could not read ${e}; the checks needing it were judged without it.`));
  const count = (r: CheckResult) => report.checks.filter((x) => x.result === r).length;
  const summary = `${count('pass')} passed, ${count('fail')} failed, ${count('warn')} warning(s), ${count('not-applicable')} not applicable.`;
  lines.push(report.status === 'pass' ? c.green(`Verified: ${summary}`) : c.red(`Not verified: ${summary}`));
  // The check rows are laid out above; fitLines wraps the heading, warnings and counts.
  output.out(lines.map((line) => (line.startsWith('  ') ? line : fitLines([line], width).join('\n'))).join('\n'));
}
