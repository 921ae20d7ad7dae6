/**
 * Shared by the reliability tests: a separately started emulator (it outlives a killed CLI), the built
 * CLI as a child process that can be killed at a chosen moment, and resource-set comparison.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import {
  assertBuilt,
  BIN,
  cleanEnv,
  controlGet,
  controlSend,
  startEmulatorProcess,
  type CliResult,
  type EmulatorProcess,
} from '../e2e/run-cli.js';

export interface RequestRecord {
  method: string;
  path: string;
  status: number;
  time: string;
}

export interface ArmResourceLike {
  id: string;
  type: string;
  tags?: Record<string, string>;
  properties?: Record<string, unknown>;
}

export interface Emu {
  url: string;
  caFile: string;
  process: EmulatorProcess;
  resources(): Promise<ArmResourceLike[]>;
  requests(): Promise<RequestRecord[]>;
  fault(spec: Record<string, unknown>): Promise<unknown>;
  clearFaults(): Promise<unknown>;
  setCaller(perm: { actions: string[]; notActions?: string[] }): Promise<unknown>;
  reset(): Promise<unknown>;
  stop(): Promise<unknown>;
}

export async function startEmu(dir: string, speed: number): Promise<Emu> {
  const data = join(dir, 'emu');
  const proc = await startEmulatorProcess(['--port', '0', '--data', data, '--speed', String(speed)]);
  const caFile = join(data, 'ca.pem');
  const ca = readFileSync(caFile, 'utf8');
  return {
    url: proc.url,
    caFile,
    process: proc,
    resources: () => controlGet<ArmResourceLike[]>(proc.url, ca, 'resources'),
    requests: () => controlGet<RequestRecord[]>(proc.url, ca, 'requests'),
    fault: (spec) => controlSend(proc.url, ca, 'POST', 'faults', spec),
    clearFaults: () => controlSend(proc.url, ca, 'DELETE', 'faults'),
    setCaller: (perm) => controlSend(proc.url, ca, 'PUT', 'caller', { notActions: [], ...perm }),
    reset: () => controlSend(proc.url, ca, 'POST', 'reset'),
    stop: () => proc.stop(),
  };
}

/** init/plan flags for one deployment against the emulator (JSON on stdout, never a prompt). */
export function deployArgs(emu: Pick<Emu, 'url' | 'caFile'>, state: string, command: string[] = ['init'], name = 'aks-rel'): string[] {
  return [
    ...command,
    '--arm-endpoint',
    emu.url,
    '--arm-ca',
    emu.caFile,
    '--non-interactive',
    '--yes',
    '-o',
    'json',
    '-l',
    'eastus',
    '-g',
    `rg-${name}`,
    '-n',
    name,
    '--state',
    state,
  ];
}

export function resumeArgs(state: string): string[] {
  return ['status', '--resume', '--non-interactive', '--yes', '-o', 'json', '--state', state];
}

export interface RunningCli {
  child: ChildProcess;
  done: Promise<CliResult>;
}

export function spawnCli(args: string[], env: Record<string, string> = {}, timeoutMs = 120_000): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += String(d)));
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal === 'SIGKILL' ? 137 : null), stdout, stderr });
    });
  });
  return { child, done };
}

export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return spawnCli(args, env).done;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `condition` until it holds (true) or the process ended first (false). */
export async function waitFor(condition: () => Promise<boolean>, cli: RunningCli, pollMs = 15): Promise<boolean> {
  let ended = false;
  void cli.done.then(() => (ended = true));
  while (!ended) {
    if (await condition()) return true;
    await sleep(pollMs);
  }
  return false;
}

/** Ids with the parts Azure generates per run (GUIDs, hashes in node-resource-group names) masked. */
export function shapeOf(id: string): string {
  return id
    .toLowerCase()
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<guid>')
    .replace(/-\d{8}-vmss/g, '-<n>-vmss')
    .replace(/\/a\/([a-z0-9-]+)-[0-9a-f]{8}$/g, '/a/$1-<hex>')
    .replace(/virtualnetworklinks\/[0-9a-f]{16}$/g, 'virtualnetworklinks/<hex>');
}

export function resourceShapes(resources: ArmResourceLike[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of resources) counts.set(shapeOf(r.id), (counts.get(shapeOf(r.id)) ?? 0) + 1);
  return counts;
}

/** What a run left compared with an uninterrupted one: missing, extra (orphans) and duplicated resources. */
export function compareShapes(
  clean: Map<string, number>,
  got: Map<string, number>,
): { missing: string[]; extra: string[]; duplicates: string[] } {
  const missing = [...clean.keys()].filter((k) => !got.has(k));
  const extra = [...got.keys()].filter((k) => !clean.has(k));
  const duplicates = [...got.entries()].filter(([k, n]) => clean.has(k) && n > clean.get(k)!).map(([k]) => k);
  return { missing, extra, duplicates };
}

/** ARM writes in a request log slice (POSTs are actions such as runCommand, not writes to resources). */
export function armWrites(records: RequestRecord[]): RequestRecord[] {
  return records.filter((r) => ['PUT', 'PATCH', 'DELETE'].includes(r.method));
}

/** One emulator and a clean reference deployment, shared by a test file; fields are set once beforeAll ran. */
export interface Baseline {
  work: string;
  emu: Emu;
  /** The resource shapes of an uninterrupted, fault-free run: what every other run must converge to. */
  clean: Map<string, number>;
  /** A fresh state file path per call. */
  stateFile(): string;
}

/** Registers the file's beforeAll/afterAll hooks: a work directory, an emulator at `speed`, a clean deployment. */
export function useBaseline(name: string, speed: number): Baseline {
  let counter = 0;
  const b = { stateFile: () => join(b.work, `state-${++counter}.json`) } as Baseline;
  beforeAll(async () => {
    assertBuilt();
    b.work = mkdtempSync(join(tmpdir(), `secure-aks-${name}-`));
    b.emu = await startEmu(b.work, speed);
    const r = await runCli(deployArgs(b.emu, b.stateFile()));
    expect(r.code, r.stderr).toBe(0);
    b.clean = resourceShapes(await b.emu.resources());
  }, 120_000);
  afterAll(async () => {
    await b.emu?.stop();
    rmSync(b.work, { recursive: true, force: true });
  });
  return b;
}
