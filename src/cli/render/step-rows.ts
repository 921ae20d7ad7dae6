import type { ChalkInstance } from 'chalk';
import type { StepResult } from '../../engine/result.js';
import { formatDuration, statusSymbol } from '../../io/format.js';
import { changeCounts } from '../../io/progress-plain.js';

/**
 * A plan's row says what the read-only check found ("no changes", "2 to create"): the words a run uses
 * ("done", "pending") and a duration would suggest something ran.
 */
function planCell(s: StepResult, c: ChalkInstance): { symbol: string; word: string } {
  if (s.status === 'failed' || s.status === 'skipped') return { symbol: statusSymbol(s.status, c), word: s.status };
  const counts = changeCounts(s.changes ?? []);
  const writes = (s.changes ?? []).some((x) => x.action === 'create' || x.action === 'update');
  return !writes ? { symbol: c.dim('='), word: counts } : { symbol: c.yellow('~'), word: counts };
}

/** One aligned row per step: symbol, number, title, status (or a plan's finding), duration, and a short detail. */
export function stepRows(steps: readonly StepResult[], c: ChalkInstance, mode: 'run' | 'plan' = 'run'): string[] {
  const width = Math.max(...steps.map((s) => s.title.length));
  const cells = steps.map((s) => (mode === 'plan' ? planCell(s, c) : { symbol: statusSymbol(s.status, c), word: s.status }));
  const wordWidth = Math.max(8, ...cells.map((x) => x.word.length));
  return steps.map((s, i) => {
    const time = mode === 'run' && s.durationMs !== undefined && s.status !== 'skipped' ? c.dim(formatDuration(s.durationMs)) : '';
    const detail = s.status === 'skipped' ? c.dim(s.skipReason ?? '') : '';
    return `${cells[i].symbol} ${String(s.number).padStart(2)}. ${s.title.padEnd(width)}  ${cells[i].word.padEnd(wordWidth)} ${time} ${detail}`.trimEnd();
  });
}
