import ora, { type Ora } from 'ora';
import type { IoEvent, StepRef } from './events.js';
import { formatDuration, stepLabel } from './format.js';
import { eventLine, type ProgressRenderer, type RendererOptions } from './progress-plain.js';

function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

interface Running {
  step: StepRef;
  started: number;
  message?: string;
}

/**
 * One spinner block on stderr listing every running step with its elapsed time and latest progress
 * message (parallel steps stay visible), and a persistent one-line result per finished step above it.
 */
export class TtyProgressRenderer implements ProgressRenderer {
  private readonly running = new Map<string, Running>();
  private spinner: Ora | undefined;
  private ticker: NodeJS.Timeout | undefined;

  constructor(private readonly options: RendererOptions) {}

  handle(event: IoEvent): void {
    switch (event.code) {
      case 'step.start':
        this.running.set(event.step.id, { step: event.step, started: Date.now() });
        this.refresh();
        return;
      case 'step.progress': {
        const r = this.running.get(event.step.id);
        if (r) r.message = event.message;
        this.refresh();
        return;
      }
      case 'step.end':
        this.running.delete(event.step.id);
        this.refresh();
        this.print(eventLine(event, this.options.chalk, this.options.verbose));
        return;
      case 'run.end':
        this.close();
        return;
      default:
        this.print(eventLine(event, this.options.chalk, this.options.verbose));
    }
  }

  /** Writes a permanent line above the spinner block. */
  private print(line: string | undefined): void {
    if (line === undefined) return;
    if (this.spinner?.isSpinning) {
      this.spinner.clear();
      this.options.stream.write(`${line}\n`);
      this.spinner.render();
    } else {
      this.options.stream.write(`${line}\n`);
    }
  }

  /** One line per running step, cut to the terminal width: a wrapped line would break the redraw. */
  private text(): string {
    const c = this.options.chalk;
    const width = (this.options.stream as NodeJS.WriteStream).columns ?? 80;
    return [...this.running.values()]
      .sort((a, b) => a.step.number - b.step.number)
      .map((r, i) => {
        const prefix = i === 0 ? '' : '  ';
        const label = stepLabel(r.step);
        const time = formatDuration(Date.now() - r.started);
        // ora's spinner symbol and its space take 2 columns; keep one spare.
        const room = width - 3 - prefix.length - label.length - time.length - 2;
        const msg = r.message && room > 8 ? c.dim(` ${truncate(r.message, room)}`) : '';
        return `${prefix}${label} ${c.cyan(time)}${msg}`;
      })
      .join('\n');
  }

  private refresh(): void {
    if (this.running.size === 0) {
      this.stopSpinner();
      return;
    }
    if (!this.spinner) {
      // ora colours its spinner itself: without colour (NO_COLOR, --no-color) it must be told so.
      const color = this.options.chalk.level > 0 ? 'cyan' : false;
      this.spinner = ora({
        stream: this.options.stream as NodeJS.WriteStream,
        discardStdin: false,
        hideCursor: true,
        color,
        text: this.text(),
      }).start();
      // Elapsed times move even when no event arrives; unref so the timer never keeps the process alive.
      this.ticker = setInterval(() => this.spinner && (this.spinner.text = this.text()), 1000);
      this.ticker.unref();
    } else {
      this.spinner.text = this.text();
    }
  }

  private stopSpinner(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    this.spinner?.stop();
    this.spinner = undefined;
  }

  close(): void {
    this.running.clear();
    this.stopSpinner();
  }
}
