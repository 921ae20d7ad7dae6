import type { ChalkInstance } from 'chalk';
import type { StepErrorRecord } from '../../azure/errors.js';

/** What a failure says after its code and message, in the order a person acts on it. */
export interface FailureDetails {
  explanation?: string;
  findings?: readonly string[];
  remediation?: string;
  docs?: string;
  correlationId?: string;
  logFile?: string;
}

/**
 * The lines under an error's first line: why (a well-known failure's cause), what a check found, what to
 * do, the Learn page, and the ids support asks for (the correlation id, the run log). `indent` aligns them
 * under a step row.
 */
export function failureDetailLines(d: FailureDetails, c: ChalkInstance, indent = ''): string[] {
  const lines: string[] = [];
  if (d.explanation) lines.push(`${indent}${c.cyan('Why:')} ${d.explanation}`);
  for (const f of d.findings ?? []) lines.push(`${indent}${c.cyan('Found:')} ${f}`);
  if (d.remediation) lines.push(`${indent}${c.cyan('What to do:')} ${d.remediation}`);
  if (d.docs) lines.push(`${indent}${c.cyan('Docs:')} ${d.docs}`);
  if (d.correlationId) lines.push(`${indent}${c.dim(`Correlation id: ${d.correlationId}`)}`);
  if (d.logFile) lines.push(`${indent}${c.dim(`Log: ${d.logFile}`)}`);
  return lines;
}

/** A failed step's lines under its row in the run table. */
export function stepFailureLines(e: StepErrorRecord, c: ChalkInstance): string[] {
  return [`      ${c.red(e.code)}: ${e.message}`, ...failureDetailLines(e, c, '      ')];
}
