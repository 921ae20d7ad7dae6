/** The results of `state history|restore|push|pull` on stdout in text. */
import type { ChalkInstance } from 'chalk';
import { fitLines } from '../../io/wrap.js';
import type { StateHistory } from '../actions/state-history.js';
import type { RestoredState } from '../actions/state-restore.js';
import type { TransferredState } from '../actions/state-transfer.js';
import { outputColumns, type Output } from './output.js';

function write(output: Output, lines: string[]): void {
  output.out(fitLines(lines, outputColumns(output, 'out')).join('\n'));
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
}

export function renderHistory(output: Output, h: StateHistory, c: ChalkInstance): void {
  if (!h.versions.length) {
    write(output, [
      `No kept versions of ${h.state} yet: a version is kept when a run takes and releases its lock.`,
      ...(h.unkeptRevision ? [`The current state is revision ${h.unkeptRevision}.`] : []),
    ]);
    return;
  }
  // The version id is the time it was kept, a moment after the run wrote it (JSON has both): one time column
  // keeps a row inside 80 columns, where a wrapped table would lose its alignment.
  const rows = [
    ['VERSION', 'REV', 'BY', 'STEPS', ''],
    ...h.versions.map((v) => [v.version, String(v.revision), v.writtenBy ?? '-', v.steps ?? '-', v.current ? 'current' : '']),
  ];
  const lines = [`Kept versions of ${h.state}, newest first:`, '', ...table(rows).map((l) => (l.endsWith('current') ? c.bold(l) : l))];
  if (h.unkeptRevision)
    lines.push(
      '',
      `The current state (revision ${h.unkeptRevision}) is newer than every kept version: a run is writing it, or one stopped before it released the lock.`,
    );
  lines.push('', `Bring one back with \`secure-aks state restore <version> --state ${h.state}\` (the state only; Azure is not changed).`);
  write(output, lines);
}

export function renderRestored(output: Output, r: RestoredState, c: ChalkInstance): void {
  const lines = [
    c.green(`Restored version ${r.version} of ${r.state}: deployment ${r.deploymentId}${r.steps ? `, ${r.steps}` : ''}.`),
    'The state it replaced is kept as a version too (`secure-aks state history`).',
  ];
  if (r.replacedDeploymentId) lines.push(c.yellow(`The state held deployment ${r.replacedDeploymentId} before (--force).`));
  lines.push('', 'Restoring changes the record only: Azure still has what it had.');
  if (r.changed.length) {
    lines.push('Azure may differ from the restored record in these steps:');
    for (const s of r.changed) lines.push(`  ${s.id.padEnd(18)} ${s.title}: was ${s.was}, now recorded ${s.now}`);
  } else lines.push('No step changed its recorded status.');
  lines.push(`Run \`secure-aks status --state ${r.state}\` to see what drifted, and \`status --resume\` to make Azure match again.`);
  write(output, lines);
}

export function renderTransferred(output: Output, t: TransferredState, c: ChalkInstance): void {
  const lines = [
    c.green(
      `${t.direction === 'push' ? 'Pushed' : 'Pulled'} deployment ${t.deploymentId}${t.steps ? ` (${t.steps})` : ''} from ${t.from} to ${t.to}.`,
    ),
  ];
  if (t.replaced) lines.push(c.yellow(`It replaced ${t.replaced} there (--force).`));
  if (t.keyCopiedTo) lines.push(`The jumphost's SSH key was copied on this machine to ${t.keyCopiedTo} (mode 0600); it is never uploaded.`);
  lines.push(
    `${t.from} was left as it was. From now on pass --state ${t.useState} (or set SECURE_AKS_STATE), and keep using only one of the two so they do not drift apart.`,
  );
  write(output, lines);
}
