/**
 * The only writer of stdout. stdout carries the command's result (a summary, or exactly one JSON
 * document with -o json); everything else goes to stderr so scripts can pipe the result.
 */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export const processOutput: Output = {
  out: (text) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/** Collects output in memory (tests). */
export class BufferedOutput implements Output {
  stdout = '';
  stderr = '';
  out(text: string): void {
    this.stdout += text.endsWith('\n') ? text : `${text}\n`;
  }
  err(text: string): void {
    this.stderr += text.endsWith('\n') ? text : `${text}\n`;
  }
}
