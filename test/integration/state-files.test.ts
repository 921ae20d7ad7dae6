import { spawn, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudTarget } from '../../src/azure/types.js';
import { DEFAULTS } from '../../src/config/defaults.js';
import { createState } from '../../src/state/schema.js';
import { saveState } from '../../src/state/store.js';
import { runMain, type MainResult } from '../helpers/cli-main.js';
import { UNATTENDED_JSON } from '../helpers/cli-args.js';
import { SPEED } from '../helpers/speeds.js';

/**
 * What the state file owns beside it, through main(): each deployment's key and embedded emulator store,
 * the target it was recorded for, a symlinked --state, a stale lock. A directory the user cannot write is
 * checked through the built CLI (test/e2e/state-files.test.ts): it needs a process without root's override.
 */

let work: string;
const children: ChildProcess[] = [];
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'secure-aks-statefiles-'));
});
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

const json = (r: MainResult) => JSON.parse(r.stdout);
/** The embedded emulator as fast as it goes: these tests are about files, not Azure's durations. */
const FAST = { SECURE_AKS_EMULATOR_SPEED: String(SPEED.instant) };
const initArgs = (state: string, rg: string) => [
  'init',
  '--emulator',
  ...UNATTENDED_JSON,
  '-l',
  'eastus',
  '-g',
  rg,
  '-n',
  'aks-twin',
  '--no-test-deployment',
  '--state',
  state,
];

describe('a state recorded for one target, run with another', () => {
  const config = {
    ...DEFAULTS,
    subscriptionId: '00000000-0000-0000-0000-000000000000',
    resourceGroup: 'rg-t',
    location: 'eastus',
    name: 'aks-t',
  };
  async function stateFor(name: string, target: CloudTarget): Promise<string> {
    const file = join(work, `${name}.json`);
    await saveState(file, createState({ command: 'init', target, config }));
    return file;
  }
  const flags = ['--non-interactive', '--yes', '-g', 'rg-t', '-n', 'aks-t', '-l', 'eastus'];

  it('init --emulator on a state of a separate endpoint: exit 2 naming both, the state untouched, no emulator started', async () => {
    const state = await stateFor('endpoint', { kind: 'endpoint', cloud: 'AzureCloud', armEndpoint: 'https://127.0.0.1:7443' });
    const before = readFileSync(state, 'utf8');
    const r = await runMain(['init', '--emulator', ...flags, '--state', state], FAST);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('StateTargetMismatch');
    expect(r.stderr).toContain('the ARM endpoint https://127.0.0.1:7443');
    expect(r.stderr).toContain('the embedded emulator (--emulator)');
    expect(r.stderr).toContain('another --state file');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(state, 'utf8')).toBe(before);
    expect(readdirSync(work).filter((f) => f.startsWith('.endpoint.json'))).toEqual([]);
  });

  it('--arm-endpoint on a state of the embedded emulator, or of Azure: exit 2', async () => {
    const emulator = await stateFor('embedded', {
      kind: 'emulator',
      cloud: 'AzureCloud',
      armEndpoint: 'https://127.0.0.1:1',
      emulatorData: join(work, '.embedded.json.emulator'),
    });
    const azure = await stateFor('azure', { kind: 'azure', cloud: 'AzureCloud', armEndpoint: 'https://management.azure.com' });
    for (const [state, recorded] of [
      [emulator, 'the embedded emulator'],
      [azure, 'Azure AzureCloud'],
    ]) {
      const r = await runMain(['plan', '--arm-endpoint', 'https://127.0.0.1:9443', ...flags, '--state', state], FAST);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`records a deployment on ${recorded}`);
      expect(r.stderr).toContain('the ARM endpoint https://127.0.0.1:9443 (--arm-endpoint)');
    }
  });

  it('another subscription on the same state: exit 2 naming both subscriptions', async () => {
    const state = await stateFor('subscription', { kind: 'endpoint', cloud: 'AzureCloud', armEndpoint: 'https://127.0.0.1:7443' });
    const r = await runMain(['plan', ...flags, '--subscription', '11111111-1111-1111-1111-111111111111', '--state', state], FAST);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('StateBelongsToAnotherDeployment');
    expect(r.stderr).toContain(
      '(subscription 00000000-0000-0000-0000-000000000000), not aks-t in rg-t (subscription 11111111-1111-1111-1111-111111111111)',
    );
  });

  it('--emulator together with --arm-endpoint: exit 2', async () => {
    const r = await runMain(
      ['plan', '--emulator', '--arm-endpoint', 'https://127.0.0.1:9443', ...flags, '--state', join(work, 'none.json')],
      FAST,
    );
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('ConflictingTargets');
    expect(existsSync(join(work, '.none.json.emulator'))).toBe(false);
  });
});

describe('--state through a symlink', () => {
  it('init writes the target, the link stays a link; the key and emulator data sit beside the real file', async () => {
    const real = join(work, 'real');
    mkdirSync(real);
    const link = join(work, 'link.json');
    symlinkSync(join(real, 'state.json'), link);
    const r = await runMain(
      [
        'init',
        '--emulator',
        ...UNATTENDED_JSON,
        '-g',
        'rg-link',
        '-n',
        'aks-link',
        '-l',
        'eastus',
        '--no-bastion',
        '--no-test-deployment',
        '--state',
        link,
      ],
      FAST,
    );
    expect(r.code, r.stderr.slice(-2000)).toBe(0);
    expect(statSync(link).isFile()).toBe(true);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    const state = JSON.parse(readFileSync(join(real, 'state.json'), 'utf8'));
    expect(state.target.emulatorData).toBe(join(real, '.state.json.emulator'));
    expect(existsSync(`${link}.lock`)).toBe(false);
  }, 120_000);
});

describe('two --emulator deployments with the same cluster name and state files in one directory', () => {
  let dir: string;
  let a: string;
  let b: string;
  const stateOf = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
  const keyOf = (file: string) => join(dir, stateOf(file).jumphostKeyFile);

  beforeAll(async () => {
    dir = join(work, 'twins');
    mkdirSync(dir);
    a = join(dir, 'a.json');
    b = join(dir, 'b.json');
    // At the same time, as two colleagues would: one shared store would lose one deployment's resources.
    const [ra, rb] = await Promise.all([runMain(initArgs(a, 'rg-twin-a'), FAST), runMain(initArgs(b, 'rg-twin-b'), FAST)]);
    expect(ra.code, ra.stderr.slice(-2000)).toBe(0);
    expect(rb.code, rb.stderr.slice(-2000)).toBe(0);
  }, 240_000);

  it('each has its own key file beside its state, named after the state file, recorded in the state (never the key)', () => {
    expect(stateOf(a).jumphostKeyFile).toBe('a.json.aks-twin-jumphost.key');
    expect(stateOf(b).jumphostKeyFile).toBe('b.json.aks-twin-jumphost.key');
    expect(readFileSync(keyOf(a), 'utf8')).not.toBe(readFileSync(keyOf(b), 'utf8'));
    expect(statSync(keyOf(a)).mode & 0o777).toBe(0o600);
    expect(readFileSync(a, 'utf8')).not.toContain('PRIVATE KEY');
    expect(existsSync(join(dir, 'aks-twin-jumphost.key'))).toBe(false);
  });

  it('each has its own emulator store, and both deployments exist afterwards', async () => {
    expect(stateOf(a).target.emulatorData).toBe(join(dir, '.a.json.emulator'));
    expect(stateOf(b).target.emulatorData).toBe(join(dir, '.b.json.emulator'));
    expect(existsSync(join(dir, 'emulator'))).toBe(false);
    for (const state of [a, b]) {
      const status = await runMain(['status', '-o', 'json', '--state', state], FAST);
      expect(status.code, status.stderr).toBe(0);
      expect(json(status).drift).toMatchObject({ checked: true, drifted: false });
    }
  }, 120_000);

  it("destroy of one (after a reboot left its lock naming a live unrelated pid) deletes its own key and resources, not the other's", async () => {
    // A lock whose pid now belongs to a process that is not secure-aks (a shell, as after a reboot).
    const other = spawn('/bin/sh', ['-c', 'sleep 60'], { stdio: 'ignore' });
    children.push(other);
    await new Promise((r) => setTimeout(r, 100));
    writeFileSync(`${a}.lock`, JSON.stringify({ pid: other.pid, host: hostname(), command: 'init', startedAt: new Date().toISOString() }));
    const keyB = readFileSync(keyOf(b), 'utf8');

    const destroyed = await runMain(['destroy', '--yes', '-o', 'json', '--state', a], FAST);
    expect(destroyed.code, destroyed.stderr.slice(-2000)).toBe(0);
    if (existsSync('/proc/self/stat')) expect(destroyed.stderr).toContain(`Took over the stale state lock ${a}.lock`);
    expect(existsSync(keyOf(a))).toBe(false);
    expect(readFileSync(keyOf(b), 'utf8')).toBe(keyB);

    const status = await runMain(['status', '-o', 'json', '--state', b], FAST);
    expect(status.code, status.stderr).toBe(0);
    expect(json(status).drift).toMatchObject({ checked: true, drifted: false });
    other.kill('SIGKILL');
  }, 180_000);
});
