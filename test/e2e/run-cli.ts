import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get, request } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(ROOT, 'bin', 'secure-aks.js');

/** e2e tests run the BUILT CLI: say how to get it instead of failing obscurely. */
export function assertBuilt(): void {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` before the e2e tests.');
}

export interface CliResult {
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

export function runCli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number; filePermissionsApply?: boolean } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const [file, argv] = command(args, options.filePermissionsApply);
    const child = spawn(file, argv, { cwd: options.cwd ?? ROOT, env: cleanEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface EmulatorProcess {
  child: ChildProcess;
  url: string;
  firstLine: string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `secure-aks emulator` and waits for the first stdout line (its URL). */
export function startEmulatorProcess(args: string[], cwd = ROOT): Promise<EmulatorProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'emulator', ...args], { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
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

/** GET on the emulator's control API, trusting its CA. */
export function controlGet<T>(url: string, ca: string, path: string): Promise<T> {
  return new Promise((resolve, reject) => {
    get(`${url}/_emulator/${path}`, { ca }, (res) => {
      let body = '';
      res.on('data', (d) => (body += String(d)));
      res.on('end', () => {
        try {
          resolve(JSON.parse(body) as T);
        } catch (err) {
          reject(err);
        }
      });
    }).on('error', reject);
  });
}

/** POST/PUT/DELETE on the emulator's control API (faults, caller). */
export function controlSend(url: string, ca: string, method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      `${url}/_emulator/${path}`,
      { method, ca, headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {} },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += String(d)));
        res.on('end', () => resolve(text ? JSON.parse(text) : undefined));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export interface RequestRecord {
  method: string;
  path: string;
  status: number;
}

const WRITES = new Set(['PUT', 'PATCH', 'DELETE']);

/** A separately started `secure-aks emulator` in a fresh work directory, shared by one test file. */
export interface SeparateEmulator {
  work: string;
  emu: EmulatorProcess;
  ca: string;
  caFile: string;
  requests(): Promise<RequestRecord[]>;
  /** PUT/PATCH/DELETE requests logged after the first `from` entries. */
  writesSince(from: number): Promise<RequestRecord[]>;
}

/** Registers the file's beforeAll/afterAll hooks; the fields are set once beforeAll has run. */
export function useSeparateEmulator(name: string, speed: number): SeparateEmulator {
  const e = {
    requests: () => controlGet<RequestRecord[]>(e.emu.url, e.ca, 'requests'),
    writesSince: async (from: number) => (await e.requests()).slice(from).filter((r) => WRITES.has(r.method)),
  } as SeparateEmulator;
  beforeAll(async () => {
    assertBuilt();
    e.work = mkdtempSync(join(tmpdir(), `secure-aks-e2e-${name}-`));
    e.emu = await startEmulatorProcess(['--port', '0', '--data', join(e.work, 'emu'), '--speed', String(speed)]);
    e.caFile = join(e.work, 'emu', 'ca.pem');
    e.ca = readFileSync(e.caFile, 'utf8');
  });
  afterAll(async () => {
    await e.emu?.stop();
    rmSync(e.work, { recursive: true, force: true });
  });
  return e;
}
