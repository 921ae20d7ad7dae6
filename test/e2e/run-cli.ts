/**
 * The built CLI as a child process, and `secure-aks emulator` as a separate process with a work directory:
 * for the tests whose point is the process itself (kill -9, signals, pipes, pty, start-up). Tests that
 * only check messages, exit codes or JSON run `main()` in-process instead (test/helpers/cli-main.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emulatorControl, type EmulatorControl, type RequestRecord } from '../../src/emulator/control-client.js';
import { useStarted } from '../helpers/emulator.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(ROOT, 'bin', 'secure-aks.js');

/** e2e tests run the BUILT CLI: say how to get it instead of failing obscurely. */
export function assertBuilt(): void {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` before the e2e tests.');
}

export interface CliResult {
  /** The exit status; 137 when the process was killed with SIGKILL. */
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Env without the runner's SECURE_AKS_* / AZURE_* settings, so tests see only what they set. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SECURE_AKS_|AZURE_)/.test(k)));
  return { ...env, NO_COLOR: '1', NO_PROXY: '127.0.0.1,localhost', ...extra };
}

/**
 * Root bypasses file permissions (CAP_DAC_OVERRIDE), so a read-only directory is writable to a test running
 * as root. `filePermissionsApply` runs the CLI without those capabilities (util-linux setpriv, part of every
 * Debian system), still as root, so it can read the checkout wherever it is while permissions bind it.
 */
function command(args: string[], filePermissionsApply: boolean | undefined): [string, string[]] {
  if (!filePermissionsApply || process.getuid?.() !== 0) return [process.execPath, [BIN, ...args]];
  return ['setpriv', ['--bounding-set', '-dac_override,-dac_read_search', process.execPath, BIN, ...args]];
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** Killed (SIGKILL) after this long; default two minutes. */
  timeoutMs?: number;
  filePermissionsApply?: boolean;
}

export interface RunningCli {
  child: ChildProcess;
  done: Promise<CliResult>;
  /** What the process printed so far. */
  output(): { stdout: string; stderr: string };
}

export function spawnCli(args: string[], options: CliOptions = {}): RunningCli {
  const [file, argv] = command(args, options.filePermissionsApply);
  const child = spawn(file, argv, { cwd: options.cwd ?? ROOT, env: cleanEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += String(d)));
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal === 'SIGKILL' ? 137 : null), stdout, stderr });
    });
  });
  return { child, done, output: () => ({ stdout, stderr }) };
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return spawnCli(args, options).done;
}

/** Polls `condition` until it holds (true) or the process ended first (false). */
export async function waitFor(condition: () => Promise<boolean> | boolean, cli: RunningCli, pollMs = 15): Promise<boolean> {
  let ended = false;
  void cli.done.then(() => (ended = true));
  while (!ended) {
    if (await condition()) return true;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  return false;
}

export interface EmulatorProcess {
  child: ChildProcess;
  url: string;
  firstLine: string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `secure-aks emulator` and waits for the first stdout line (its URL). `env` adds to the clean environment. */
export function startEmulatorProcess(args: string[], cwd = ROOT, env: Record<string, string> = {}): Promise<EmulatorProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'emulator', ...args], { cwd, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let buffer = '';
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += String(d)));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.on('exit', (code) => reject(new Error(`emulator exited early (${code}): ${stderr}`)));
    child.stdout!.on('data', (d) => {
      buffer += String(d);
      const nl = buffer.indexOf('\n');
      if (nl < 0) return;
      const firstLine = buffer.slice(0, nl);
      resolve({
        child,
        url: firstLine.trim(),
        firstLine,
        stop: (signal = 'SIGTERM') => {
          child.kill(signal);
          return exited;
        },
      });
    });
  });
}

const WRITES = new Set(['PUT', 'PATCH', 'DELETE']);

/** `secure-aks emulator` in its own process (it outlives a killed CLI) with a fresh work directory. */
export interface SeparateEmulator {
  /** A temporary directory for state files and the emulator's data (`<work>/emu`), removed on close. */
  work: string;
  url: string;
  caPem: string;
  caFile: string;
  process: EmulatorProcess;
  control: EmulatorControl;
  /** PUT/PATCH/DELETE requests logged after the first `from` entries. */
  writesSince(from: number): Promise<RequestRecord[]>;
  /** Stops the emulator (SIGTERM) and removes the work directory. */
  close(): Promise<void>;
}

/** `speed`: one of SPEED (test/helpers/speeds.ts). */
export async function startSeparateEmulator(name: string, speed: number): Promise<SeparateEmulator> {
  assertBuilt();
  const work = mkdtempSync(join(tmpdir(), `secure-aks-${name}-`));
  const proc = await startEmulatorProcess(['--port', '0', '--data', join(work, 'emu'), '--speed', String(speed)]);
  const caFile = join(work, 'emu', 'ca.pem');
  const caPem = readFileSync(caFile, 'utf8');
  const control = emulatorControl(proc.url, caPem);
  return {
    work,
    url: proc.url,
    caPem,
    caFile,
    process: proc,
    control,
    writesSince: async (from) => (await control.requests()).slice(from).filter((r) => WRITES.has(r.method)),
    close: async () => {
      await proc.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/**
 * One separate emulator for a whole test file. Not reset between tests: spawned-CLI files often build one
 * deployment and look at it from several tests; a test that needs an empty one calls `control.reset()`.
 */
export function useSeparateEmulator(name: string, speed: number): SeparateEmulator {
  return useStarted('useSeparateEmulator', () => startSeparateEmulator(name, speed));
}
