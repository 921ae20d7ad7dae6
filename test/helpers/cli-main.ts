/**
 * The CLI run in-process through main(): the exit status, stdout and stderr (the result, error blocks and
 * progress) without spawning the built CLI. Spawn only where the process boundary is what a test checks
 * (signals, kill -9, pipes, a terminal, start-up, file permissions under a dropped capability).
 */
import { Writable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { BufferedOutput } from '../../src/cli/render/output.js';
import type { TestEmulator } from './emulator.js';

export interface MainResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunMainOptions {
  /**
   * The directory the command runs in (a default `.secure-aks/state.json` is relative to it). The process's
   * working directory is process-wide, so runs that set one take turns; vitest's default `forks` pool allows
   * chdir (worker threads would not).
   */
  cwd?: string;
}

let turn: Promise<unknown> = Promise.resolve();

async function inDirectory<T>(cwd: string | undefined, run: () => Promise<T>): Promise<T> {
  if (!cwd) return run();
  const mine = turn.then(async () => {
    const before = process.cwd();
    process.chdir(cwd);
    try {
      return await run();
    } finally {
      process.chdir(before);
    }
  });
  turn = mine.catch(() => undefined);
  return mine;
}

export async function runMain(args: string[], env: NodeJS.ProcessEnv = {}, options: RunMainOptions = {}): Promise<MainResult> {
  const output = new BufferedOutput();
  // Progress is written as the built CLI writes it to stderr, in order with the error blocks.
  const stderr = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        output.stderr += String(chunk);
        done();
      },
    }),
    { isTTY: false },
  ) as unknown as NodeJS.WriteStream;
  const code = await inDirectory(options.cwd, () =>
    main(['node', 'secure-aks', ...args], { output, stderr, env: { NO_COLOR: '1', NO_PROXY: '127.0.0.1,localhost', ...env } }),
  );
  return { code, stdout: output.stdout, stderr: output.stderr };
}

/** Flags that point a command at a test emulator. */
export function endpointFlags(emu: Pick<TestEmulator, 'url' | 'caFile'>): string[] {
  return ['--arm-endpoint', emu.url, '--arm-ca', emu.caFile];
}

/** init flags for one non-interactive deployment on the test emulator. */
export function initArgs(emu: Pick<TestEmulator, 'url' | 'caFile'>, state: string, name = 'aks-honest'): string[] {
  return ['init', ...endpointFlags(emu), '--non-interactive', '--yes', ...deploymentFlags(state, name)];
}

/** plan flags for the same deployment (a plan never asks to confirm). */
export function planArgs(emu: Pick<TestEmulator, 'url' | 'caFile'>, state: string, name = 'aks-honest'): string[] {
  return ['plan', ...endpointFlags(emu), '--non-interactive', ...deploymentFlags(state, name)];
}

function deploymentFlags(state: string, name: string): string[] {
  return ['-l', 'eastus', '-g', `rg-${name}`, '-n', name, '--state', state];
}
