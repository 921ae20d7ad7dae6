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
  const remove = n('delete');
  // A read-only check (kubectl through runCommand) is said, never counted as a change.
  const read = n('read');
  if (!create && !update && !remove && !read) return 'no changes';
  return [create && `${create} to create`, update && `${update} to update`, remove && `${remove} to delete`, read && `${read} to read`]
    .filter(Boolean)
    .join(', ');
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

/**
 * For pipes, CI logs and TERM=dumb: one plain line per event, no cursor movement. A plan's checks run all at
 * once and finish in any order; their lines are held back and written in the article's order (1..10), so
 * two runs of the same plan read the same. A run's lines stay in the order things happened.
 */
export class PlainProgressRenderer implements ProgressRenderer {
  /** A plan's step numbers not yet written, in article order, and the lines that arrived early. */
  private order: number[] = [];
  private readonly held = new Map<number, string[]>();
  /** Each step's last progress message. */
  private readonly said = new Map<string, string>();

  constructor(private readonly options: RendererOptions) {}

  handle(event: IoEvent): void {
    const { chalk: c, verbose } = this.options;
    if (event.code === 'run.start') this.order = event.mode === 'plan' ? event.steps.map((s) => s.number).sort((a, b) => a - b) : [];
    let line: string | undefined;
    if (event.code === 'step.start') line = `${stepLabel(event.step)}: started`;
    else if (event.code === 'step.progress') {
      // A line said again (a wait the step goes back to) is news on a live row, not in a log.
      if (this.said.get(event.step.id) === event.message) return;
      this.said.set(event.step.id, event.message);
      line = `${stepLabel(event.step)}: ${event.message}`;
    } else line = eventLine(event, c, verbose);
    const ordered = (event.code === 'step.checked' || event.code === 'step.end') && this.order.includes(event.step.number);
    if (ordered) {
      this.held.set(event.step.number, [...(this.held.get(event.step.number) ?? []), ...(line === undefined ? [] : [line])]);
      this.release(false);
      return;
    }
    if (event.code === 'run.end') this.release(true);
    this.write(line);
  }

  /** Writes held lines while the next step in article order has reported (all of them at the end of the run). */
  private release(all: boolean): void {
    while (this.order.length && (all || this.held.has(this.order[0]!))) {
      const n = this.order.shift()!;
      for (const line of this.held.get(n) ?? []) this.write(line);
      this.held.delete(n);
    }
  }

  private write(line: string | undefined): void {
    if (line !== undefined) this.options.stream.write(`${line}\n`);
  }

  close(): void {
    this.release(true);
  }
}
