import { terminalColumns } from '../../io/wrap.js';

/**
 * The only writer of stdout. stdout carries the command's result (a summary, or exactly one JSON
 * document with -o json); everything else goes to stderr so scripts can pipe the result.
 */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  /** The width to lay text out in on that stream (absent: unbounded, nothing is wrapped). */
  columns?(stream: 'out' | 'err'): number;
}

/** How wide text written to `stream` of `output` may be. */
export function outputColumns(output: Output, stream: 'out' | 'err'): number {
  return output.columns?.(stream) ?? Number.POSITIVE_INFINITY;
}

export const processOutput: Output = {
  out: (text) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  columns: (stream) => terminalColumns(stream === 'out' ? process.stdout : process.stderr, process.env),
};

/** Collects output in memory (tests); lines are laid out for `columns` when given, else never wrapped. */
export class BufferedOutput implements Output {
  stdout = '';
  stderr = '';
  constructor(private readonly width?: number) {}
  out(text: string): void {
    this.stdout += text.endsWith('\n') ? text : `${text}\n`;
  }
  err(text: string): void {
    this.stderr += text.endsWith('\n') ? text : `${text}\n`;
  }
  columns(): number {
    return this.width ?? Number.POSITIVE_INFINITY;
  }
}
