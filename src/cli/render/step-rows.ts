import type { ChalkInstance } from 'chalk';
import { isWrite } from '../../core/step.js';
import { summarizeChanges, type StepResult } from '../../engine/result.js';
import { formatDuration, statusSymbol } from '../../io/format.js';
import { hang, truncate } from '../../io/wrap.js';
import { changeCounts } from '../../io/progress-plain.js';

/**
 * A plan's row says what the read-only check found ("no changes", "2 to create"): the words a run uses
 * ("done", "pending") and a duration would suggest something ran.
 */
function planCell(s: StepResult, c: ChalkInstance): { symbol: string; word: string } {
  if (s.status === 'failed' || s.status === 'skipped') return { symbol: statusSymbol(s.status, c), word: s.status };
  const counts = changeCounts(s.changes ?? []);
  const writes = (s.changes ?? []).some(isWrite);
  return !writes ? { symbol: c.dim('='), word: counts } : { symbol: c.yellow('~'), word: counts };
}

/** Below this a title says too little: a change summary wraps under its row instead. */
const MIN_TITLE = 20;

/**
 * One aligned row per step: symbol, number, title, status (or a plan's finding), duration, and a short
 * detail. In a terminal narrower than the widest row the title column is shortened (titles end in …) and
 * a detail that does not fit wraps under itself: a row (one string, with a newline when it wraps) never
 * passes `width`.
 */
export function stepRows(steps: readonly StepResult[], c: ChalkInstance, mode: 'run' | 'plan' = 'run', width = Infinity): string[] {
  const cells = steps.map((s) => (mode === 'plan' ? planCell(s, c) : { symbol: statusSymbol(s.status, c), word: s.status }));
  const wordWidth = Math.max(8, ...cells.map((x) => x.word.length));
  // status: the total of every attempt, and how many there were when a resume made more than one.
  const times = steps.map((s) =>
    mode === 'run' && s.durationMs !== undefined && s.status !== 'skipped'
      ? `${formatDuration(s.durationMs)}${(s.attempts?.length ?? 0) > 1 ? ` in ${s.attempts!.length} attempts` : ''}`
      : '',
  );
  // A run's table is the one record of it (the live rows are gone): it says what each step changed.
  const details = steps.map((s) =>
    s.status === 'skipped' ? (s.skipReason ?? '') : mode === 'run' && s.status === 'done' && s.changes ? summarizeChanges(s.changes) : '',
  );
  // symbol, space, "10. ", two spaces, the status word, a space, the duration
  const fixed = 2 + 4 + 2 + wordWidth + 1 + Math.max(0, ...times.map((t) => t.length));
  const longestTitle = Math.max(...steps.map((s) => s.title.length));
  // Titles give way to the change summaries down to a readable 20 columns; a summary (or skip reason) that still
  // does not fit wraps under its row.
  const summaries = Math.max(0, ...details.filter((_, i) => steps[i]!.status !== 'skipped').map((d) => d.length));
  const room = Math.max(width - fixed - 1 - summaries, Math.min(MIN_TITLE, width - fixed));
  const titleWidth = Math.max(10, Math.min(longestTitle, room));
  return steps.map((s, i) => {
    const row = `${cells[i].symbol} ${String(s.number).padStart(2)}. ${truncate(s.title, titleWidth).padEnd(titleWidth)}  ${cells[i].word.padEnd(wordWidth)} ${c.dim(times[i])} `;
    const detail = details[i] ? c.dim(details[i]) : '';
    return hang(row, detail, width).join('\n');
  });
}
