import type { Output } from './render/output.js';

/** What every command needs from the process, passed in so tests can run commands in-process. */
export interface CommandContext {
  output: Output;
  env: NodeJS.ProcessEnv;
  /** Where progress goes (the process's stderr unless given): in-process runs collect it beside `output`. */
  stderr?: NodeJS.WriteStream;
  /** Records the exit status main() returns (commands never call process.exit). */
  setExit(code: number): void;
  /** Fires on the first SIGINT/SIGTERM (Ctrl-C). */
  signal: AbortSignal;
}
