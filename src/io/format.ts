import type { ChalkInstance } from 'chalk';
import type { ReportedStatus } from '../core/step.js';
import type { ArmCallRecord } from '../azure/clients.js';
import type { StepRef } from './events.js';

/** 1m12s / 4.2s / 350ms: short enough for a spinner line. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.floor(s % 60)).padStart(2, '0')}s`;
}

/** An estimate, deliberately coarse ("~6 min", "~40 s", "<1 s"): it is a typical duration, not a promise. */
export function formatEstimate(ms: number): string {
  if (ms < 1000) return '<1 s';
  if (ms < 90_000) return `~${Math.round(ms / 1000)} s`;
  return `~${Math.round(ms / 60_000)} min`;
}

export function stepLabel(step: StepRef): string {
  return `${String(step.number).padStart(2, ' ')}. ${step.title}`;
}

const SYMBOLS: Record<ReportedStatus, string> = { done: '✔', skipped: '-', failed: '✖', pending: '·', running: '…', interrupted: '!' };
const ASCII: Record<ReportedStatus, string> = { done: 'ok', skipped: '--', failed: 'x', pending: '.', running: '..', interrupted: '!' };

export function statusSymbol(status: ReportedStatus, c: ChalkInstance, unicode = true): string {
  return statusStyle(status, c)((unicode ? SYMBOLS : ASCII)[status]);
}

/** The colour of a status: green done, red failed, yellow interrupted, dim skipped/pending, cyan running. */
export function statusStyle(status: ReportedStatus, c: ChalkInstance): (text: string) => string {
  switch (status) {
    case 'done':
      return c.green;
    case 'failed':
      return c.red;
    case 'interrupted':
      return c.yellow;
    case 'skipped':
    case 'pending':
      return c.dim;
    default:
      return c.cyan;
  }
}

/** The status symbol without colour, for rows that are cut to fit before they are coloured. */
export function statusMark(status: ReportedStatus): string {
  return SYMBOLS[status];
}

/** A piece of a terminal row: plain text, coloured only once it has been cut to fit. */
export interface Cell {
  text: string;
  style?: (s: string) => string;
}

/**
 * Joins cells into one row at most `width` columns wide, cutting the text (never its colour codes) and
 * marking the cut with an ellipsis: a row that wrapped would break the live display's redraw.
 */
export function fitRow(cells: readonly Cell[], width: number): string {
  let room = Math.max(1, width);
  let row = '';
  for (const cell of cells) {
    if (room <= 0) break;
    const flat = cell.text.replace(/\s+/g, (m) => (m.includes('\n') ? ' ' : m));
    const chars = [...flat];
    const fits = chars.length <= room;
    const text = fits ? flat : `${chars.slice(0, Math.max(0, room - 1)).join('')}…`;
    room -= fits ? chars.length : room;
    row += cell.style && text ? cell.style(text) : text;
  }
  return row;
}

/** Verbose ARM call line: method, path, status, correlation id, duration. Never headers or bodies. */
export function formatArmCall(call: ArmCallRecord): string {
  const corr = call.correlationId ? ` corr=${call.correlationId}` : '';
  return `ARM ${call.method} ${call.path} -> ${call.status} (${formatDuration(call.durationMs)})${corr}`;
}
