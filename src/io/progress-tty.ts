import { createLogUpdate } from 'log-update';
import type { StepId } from '../core/step.js';
import { remainingMs, type StepProgress } from './estimate.js';
import type { IoEvent, PlannedStep, RunMode, StepRef } from './events.js';
import { fitRow, formatDuration, formatEstimate, statusMark, statusStyle, type Cell } from './format.js';
import { changeCounts, eventLine, type ProgressRenderer, type RendererOptions } from './progress-plain.js';

/** ora's "dots" frames. */
const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const FRAME_MS = 100;

interface Row {
  step: PlannedStep;
  state: 'pending' | 'running' | 'done' | 'failed' | 'skipped';
  startedAt?: number;
  /** What the step waits on now (its latest progress message). */
  message?: string;
  durationMs?: number;
  summary?: string;
}

export interface TtyRendererOptions extends RendererOptions {
  /** The clock the elapsed times and estimates read (tests pass a fake one). */
  now?: () => number;
  /** Redraw timer; false in tests, which draw by calling frame(). */
  animate?: boolean;
}

/**
 * The live display on a terminal (stderr): a header with `n/10` and the time left, then one row per step in
 * the article's order, visible from the start: pending rows dim, running rows with a spinner, their elapsed
 * and typical time and what they wait on now, finished rows with their result. Drawn with log-update, every
 * row cut to the terminal's width. The block is cleared when the run ends: the command's own table is the
 * one record of the run, printed once. Other lines (warnings, --verbose) are written above the block.
 */
export class TtyProgressRenderer implements ProgressRenderer {
  private readonly rows = new Map<StepId, Row>();
  private mode: RunMode = 'apply';
  private live = false;
  private tick = 0;
  private ticker: NodeJS.Timeout | undefined;
  private readonly draw: ReturnType<typeof createLogUpdate>;
  private readonly now: () => number;

  constructor(private readonly options: TtyRendererOptions) {
    this.draw = createLogUpdate(options.stream as NodeJS.WriteStream);
    this.now = options.now ?? Date.now;
  }

  handle(event: IoEvent): void {
    switch (event.code) {
      case 'run.start':
        this.mode = event.mode;
        this.rows.clear();
        for (const step of [...event.steps].sort((a, b) => a.number - b.number)) {
          // A plan checks every step at once: each row is running from the start.
          this.rows.set(step.id, event.mode === 'plan' ? { step, state: 'running', startedAt: this.now() } : { step, state: 'pending' });
        }
        this.start();
        return;
      case 'step.start':
        Object.assign(this.row(event.step), { state: 'running', startedAt: this.now(), message: undefined });
        this.start();
        return;
      case 'step.progress':
        this.row(event.step).message = event.message;
        this.render();
        return;
      case 'step.checked': {
        // The same words as the plain lines and the final table: a read-only check is said, never counted as a change.
        Object.assign(this.row(event.step), { state: 'done', summary: changeCounts(event.changes) });
        this.render();
        return;
      }
      case 'step.end': {
        const summary =
          event.status === 'failed' ? `${event.error?.code ?? 'failed'}: ${event.error?.message ?? event.summary}` : event.summary;
        const state = event.status === 'failed' || event.status === 'skipped' ? event.status : 'done';
        Object.assign(this.row(event.step), { state, durationMs: event.durationMs, summary });
        this.render();
        return;
      }
      case 'run.end':
        this.close();
        return;
      default:
        this.print(eventLine(event, this.options.chalk, this.options.verbose));
    }
  }

  /** The block as it would be drawn now (without the trailing newline); what the tests read. */
  frame(): string {
    const c = this.options.chalk;
    const width = Math.max(20, ((this.options.stream as NodeJS.WriteStream).columns ?? 80) - 1);
    const now = this.now();
    const rows = [...this.rows.values()];
    const finished = rows.filter((r) => r.state !== 'pending' && r.state !== 'running').length;
    const progress = new Map<StepId, StepProgress>(
      rows.map((r) => [
        r.step.id,
        r.state === 'pending'
          ? { state: 'pending' }
          : r.state === 'running'
            ? { state: 'running', startedAt: r.startedAt ?? now }
            : { state: 'finished' },
      ]),
    );
    const left =
      this.mode === 'apply'
        ? remainingMs(
            rows.map((r) => r.step),
            progress,
            now,
          )
        : undefined;
    const verb = this.mode === 'plan' ? 'checked (read-only)' : 'done';
    const header: Cell[] = [
      { text: `${finished}/${rows.length} steps ${verb}`, style: c.bold },
      ...(left !== undefined && finished < rows.length ? [{ text: ` · ${formatEstimate(left)} left`, style: c.cyan }] : []),
    ];
    const titleWidth = Math.min(Math.max(0, ...rows.map((r) => r.step.title.length)), Math.max(12, Math.floor((width - 6) * 0.28)));
    return [fitRow(header, width), ...rows.map((r) => fitRow(this.cells(r, titleWidth, now), width))].join('\n');
  }

  private cells(r: Row, titleWidth: number, now: number): Cell[] {
    const c = this.options.chalk;
    const title = r.step.title.length > titleWidth ? `${r.step.title.slice(0, titleWidth - 1)}…` : r.step.title.padEnd(titleWidth);
    const label = `${String(r.step.number).padStart(2)}. ${title}  `;
    const typical = r.step.typicalMs !== undefined ? `${formatEstimate(r.step.typicalMs)} typical` : '';
    switch (r.state) {
      case 'pending':
        return [{ text: `${statusMark('pending')} ${label}${typical}`, style: c.dim }];
      case 'running': {
        const elapsed = formatDuration(now - (r.startedAt ?? now));
        const time = typical && this.mode === 'apply' ? `${elapsed} of ${typical}` : elapsed;
        return [
          { text: FRAMES[this.tick % FRAMES.length]!, style: c.cyan },
          { text: ` ${label}` },
          { text: time, style: c.cyan },
          { text: r.message ? `  ${r.message}` : '', style: c.dim },
        ];
      }
      default: {
        const time = r.state === 'skipped' || r.durationMs === undefined ? '' : formatDuration(r.durationMs);
        return [
          { text: statusMark(r.state), style: statusStyle(r.state, c) },
          { text: ` ${label}` },
          { text: time, style: c.dim },
          { text: r.summary ? `${time ? '  ' : ''}${r.summary}` : '', style: r.state === 'failed' ? c.red : undefined },
        ];
      }
    }
  }

  private row(step: StepRef): Row {
    let r = this.rows.get(step.id);
    if (!r) {
      r = { step, state: 'pending' };
      this.rows.set(step.id, r);
    }
    return r;
  }

  private start(): void {
    this.live = true;
    if (!this.ticker && this.options.animate !== false) {
      // The spinner and elapsed times move even when no event arrives; unref so the timer never keeps the process alive.
      this.ticker = setInterval(() => {
        this.tick++;
        this.render();
      }, FRAME_MS);
      this.ticker.unref();
    }
    this.render();
  }

  private render(): void {
    if (this.live) this.draw(this.frame());
  }

  /** Writes a permanent line above the live block. */
  private print(line: string | undefined): void {
    if (line === undefined) return;
    if (!this.live) {
      this.options.stream.write(`${line}\n`);
      return;
    }
    this.draw.persist(line);
    this.render();
  }

  close(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    if (this.live) {
      this.draw.clear();
      this.draw.done();
    }
    this.live = false;
  }
}
