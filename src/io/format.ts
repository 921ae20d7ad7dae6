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

export function stepLabel(step: StepRef): string {
  return `${String(step.number).padStart(2, ' ')}. ${step.title}`;
}

const SYMBOLS: Record<ReportedStatus, string> = { done: '✔', skipped: '-', failed: '✖', pending: '·', running: '…', interrupted: '!' };
const ASCII: Record<ReportedStatus, string> = { done: 'ok', skipped: '--', failed: 'x', pending: '.', running: '..', interrupted: '!' };

export function statusSymbol(status: ReportedStatus, c: ChalkInstance, unicode = true): string {
  const s = (unicode ? SYMBOLS : ASCII)[status];
  switch (status) {
    case 'done':
      return c.green(s);
    case 'failed':
      return c.red(s);
    case 'interrupted':
      return c.yellow(s);
    case 'skipped':
    case 'pending':
      return c.dim(s);
    default:
      return c.cyan(s);
  }
}

/** Verbose ARM call line: method, path, status, correlation id, duration. Never headers or bodies. */
export function formatArmCall(call: ArmCallRecord): string {
  const corr = call.correlationId ? ` corr=${call.correlationId}` : '';
  return `ARM ${call.method} ${call.path} -> ${call.status} (${formatDuration(call.durationMs)})${corr}`;
}
