import type { ChalkInstance } from 'chalk';
import type { StepResult } from '../../engine/result.js';
import { formatDuration, statusSymbol } from '../../io/format.js';

/** One aligned row per step: symbol, number, title, status, duration, and a short detail. */
export function stepRows(steps: readonly StepResult[], c: ChalkInstance): string[] {
  const width = Math.max(...steps.map((s) => s.title.length));
  return steps.map((s) => {
    const time = s.durationMs !== undefined && s.status !== 'skipped' ? c.dim(formatDuration(s.durationMs)) : '';
    const detail = s.status === 'skipped' ? c.dim(s.skipReason ?? '') : '';
    return `${statusSymbol(s.status, c)} ${String(s.number).padStart(2)}. ${s.title.padEnd(width)}  ${s.status.padEnd(8)} ${time} ${detail}`.trimEnd();
  });
}
