import type { ChalkInstance } from 'chalk';
import { describeBlobHolder } from '../../state/blob/backend.js';
import { fitLines } from '../../io/wrap.js';
import type { SkippedState } from '../../state/listing.js';
import type { LockInfo } from '../../state/lock.js';
import { outputColumns, type Output } from './output.js';

/** `status`'s words for a deployment (its exit reasons), plus `destroyed` and `running` (a live run holds its lock). */
export type ListedStatus = 'done' | 'failed' | 'interrupted' | 'incomplete' | 'destroyed' | 'running';

/** not-deployed: nothing to compare (no step done yet, or destroyed); unchecked says why in `reason`. */
export interface ListedDrift {
  status: 'none' | 'drifted' | 'unchecked' | 'not-deployed';
  reason?: string;
}

export interface ListedDeployment {
  /** The `--state` value that names it. */
  state: string;
  name: string;
  resourceGroup: string;
  region: string;
  deploymentId: string;
  status: ListedStatus;
  /** The command that last wrote the state, and when. */
  lastRun: { command: string; at: string };
  /** The run holding its lock (status `running`). */
  holder?: LockInfo;
  drift: ListedDrift;
}

export interface DeploymentList {
  /** `az://<account>/<container>[/<prefix>]`, or the local directory listed. */
  backend: string;
  /** The local `.secure-aks/` directory was listed (no --backend and no az:// --state). */
  local: boolean;
  deployments: ListedDeployment[];
  skipped: SkippedState[];
}

/** The reason a drift check did not run under --offline (list-entry.ts). */
export const OFFLINE = '--offline';

const HEADINGS = ['NAME', 'RESOURCE GROUP', 'REGION', 'STATUS', 'LAST RUN', 'DRIFT', 'STATE'] as const;
/** Between columns. */
const GAP = '  ';
/** Notes under a row (who holds it, why drift is unchecked) start here. */
const NOTE = '    ';

/** "init 2026-12-05 07:30Z": minutes are enough to tell runs apart in a list; `status` has the full time. */
function lastRun(d: ListedDeployment): string {
  const at = /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(d.lastRun.at) ? `${d.lastRun.at.slice(0, 16).replace('T', ' ')}Z` : d.lastRun.at;
  return `${d.lastRun.command} ${at}`;
}

function statusWord(d: ListedDeployment, c: ChalkInstance, text: string): string {
  switch (d.status) {
    case 'done':
      return c.green(text);
    case 'failed':
      return c.red(text);
    case 'interrupted':
    case 'incomplete':
      return c.yellow(text);
    case 'running':
      return c.cyan(text);
    default:
      return c.dim(text);
  }
}

function driftWord(d: ListedDeployment, c: ChalkInstance, text: string): string {
  if (d.drift.status === 'drifted') return c.yellow(text);
  if (d.drift.status === 'none') return c.green(text);
  return c.dim(text);
}

function cells(d: ListedDeployment): string[] {
  return [d.name, d.resourceGroup, d.region, d.status, lastRun(d), d.drift.status === 'not-deployed' ? '-' : d.drift.status, d.state];
}

/** What a row cannot say in its cells: who is running it, what drifted, why drift is unknown. */
function notes(d: ListedDeployment, c: ChalkInstance): string[] {
  return [
    ...(d.holder
      ? [
          c.cyan(
            // A lease without holder metadata: taken outside secure-aks, or by a run that had not yet written its name.
            `running: ${d.holder.pid ? describeBlobHolder(d.holder) : 'a run that did not say who it is holds the lease'}`,
          ),
        ]
      : []),
    ...(d.drift.status === 'drifted' && d.drift.reason ? [c.yellow(`drifted: ${d.drift.reason}`)] : []),
    // The holder already says why a running deployment was not checked; --offline is said once, below the table.
    ...(d.drift.status === 'unchecked' && d.drift.reason && !d.holder && d.drift.reason !== OFFLINE
      ? [c.dim(`drift unchecked: ${d.drift.reason}`)]
      : []),
  ];
}

/** One aligned row per deployment, every column; undefined when the widest row does not fit `width`. */
function table(l: DeploymentList, c: ChalkInstance, width: number): string[] | undefined {
  const rows = l.deployments.map(cells);
  const widths = HEADINGS.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const total = widths.reduce((a, b) => a + b, 0) + GAP.length * (widths.length - 1);
  if (total > width) return undefined;
  const line = (r: readonly string[], colour: (i: number, text: string) => string) =>
    r
      .map((text, i) => colour(i, i === r.length - 1 ? text : text.padEnd(widths[i]!)))
      .join(GAP)
      .trimEnd();
  return [
    line(HEADINGS, (_, t) => c.bold(t)),
    ...l.deployments.flatMap((d, n) => [
      line(rows[n]!, (i, t) => (i === 3 ? statusWord(d, c, t) : i === 5 ? driftWord(d, c, t) : t)),
      ...notes(d, c).map((x) => `${NOTE}${x}`),
    ]),
  ];
}

/** A narrow terminal: each deployment as a short block, its name and findings first, its state URL whole (to copy). */
function blocks(l: DeploymentList, c: ChalkInstance): string[] {
  return l.deployments.flatMap((d) => [
    `${c.bold(d.name)}  ${statusWord(d, c, d.status)}  drift ${driftWord(d, c, d.drift.status)}`,
    `${NOTE}${d.resourceGroup}, ${d.region}; last run ${lastRun(d)}`,
    `${NOTE}${d.state}`,
    ...notes(d, c).map((x) => `${NOTE}${x}`),
  ]);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `list` in text: where it looked, a table of the deployments (blocks when the table is too wide), what it skipped. */
export function renderList(output: Output, c: ChalkInstance, l: DeploymentList): void {
  const width = outputColumns(output, 'out');
  const where = l.local ? `the local state files in ${l.backend}/ of this directory` : l.backend;
  const lines = [c.bold(`${l.deployments.length ? plural(l.deployments.length, 'deployment') : 'No deployments'} in ${where}`)];
  if (l.deployments.length) lines.push('', ...(table(l, c, width) ?? blocks(l, c)));
  if (l.skipped.length) {
    lines.push(
      '',
      `Skipped ${plural(l.skipped.length, l.local ? 'file' : 'blob')} that ${l.skipped.length === 1 ? 'is' : 'are'} not a deployment:`,
    );
    lines.push(...l.skipped.map((s) => `  - ${s.state}: ${s.reason}`));
  }
  const hints = [
    ...(l.deployments.some((d) => d.drift.reason === OFFLINE) ? ['Drift was not checked (--offline).'] : []),
    ...(l.deployments.length ? ["Each deployment's steps and what drifted: `secure-aks status --state <STATE>`."] : []),
    ...(l.local ? ["A team's shared states: `secure-aks list --backend az://<account>/<container>`."] : []),
  ];
  if (hints.length) lines.push('', ...hints.map((h) => c.dim(h)));
  output.out(fitLines(lines, width).join('\n'));
}
