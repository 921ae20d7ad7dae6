import type { ChalkInstance } from 'chalk';
import type { IoEvent } from './events.js';
import { formatArmCall, formatDuration, statusSymbol, stepLabel } from './format.js';

export interface ProgressRenderer {
  handle(event: IoEvent): void;
  close(): void;
}

export interface RendererOptions {
  stream: NodeJS.WritableStream;
  chalk: ChalkInstance;
  verbose: boolean;
}

export function changeCounts(changes: Array<{ action: string }>): string {
  const n = (a: string) => changes.filter((c) => c.action === a).length;
  const create = n('create');
  const update = n('update');
  // A read-only check (kubectl through runCommand) is said, never counted as a change.
  const read = n('read');
  if (!create && !update && !read) return 'no changes';
  return [create && `${create} to create`, update && `${update} to update`, read && `${read} to read`].filter(Boolean).join(', ');
}

/** The line every renderer prints for events that are not about a running spinner. */
export function eventLine(event: IoEvent, c: ChalkInstance, verbose: boolean): string | undefined {
  switch (event.code) {
    case 'run.start':
      return c.bold(
        event.mode === 'plan' ? `Checking ${event.steps.length} steps against Azure (read-only)` : `Running ${event.steps.length} steps`,
      );
    case 'step.checked':
      return `${stepLabel(event.step)}: ${changeCounts(event.changes)}`;
    case 'step.end': {
      const what = event.status === 'failed' ? `${event.error?.code ?? 'failed'}: ${event.error?.message ?? ''}` : event.summary;
      return `${statusSymbol(event.status, c)} ${stepLabel(event.step)} ${c.dim(`(${formatDuration(event.durationMs)})`)} ${what}`.trimEnd();
    }
    case 'arm.call':
      return verbose ? c.dim(formatArmCall(event.call)) : undefined;
    case 'debug':
      return verbose ? c.dim(event.message) : undefined;
    case 'prompt.auto':
      return c.dim(`${event.message}: ${event.answer}`);
    case 'warn':
      return c.yellow(`warning: ${event.message}`);
    case 'info':
      return event.message;
    default:
      return undefined;
  }
}

/** For pipes, CI logs and TERM=dumb: one plain line per event, no cursor movement. */
export class PlainProgressRenderer implements ProgressRenderer {
  constructor(private readonly options: RendererOptions) {}

  handle(event: IoEvent): void {
    const { chalk: c, verbose, stream } = this.options;
    let line: string | undefined;
    if (event.code === 'step.start') line = `${stepLabel(event.step)}: started`;
    else if (event.code === 'step.progress') line = `${stepLabel(event.step)}: ${event.message}`;
    else line = eventLine(event, c, verbose);
    if (line !== undefined) stream.write(`${line}\n`);
  }

  close(): void {}
}
