import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudTarget } from '../../src/azure/types.js';
import { DEFAULTS } from '../../src/config/defaults.js';
import { createState } from '../../src/state/schema.js';
import { saveState } from '../../src/state/store.js';
import { assertBuilt, runCli } from './run-cli.js';

/**
 * What the state file owns beside it, through the built CLI: each deployment's key and embedded emulator
 * store, the target it was recorded for, a symlinked --state, a stale lock, a directory the user cannot write.
 */

let work: string;
beforeAll(() => {
  assertBuilt();
  work = mkdtempSync(join(tmpdir(), 'secure-aks-statefiles-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a state directory the user cannot write', () => {
  it('exit 2 naming the directory and what to do, no stack trace', async () => {
    const ro = join(work, 'read-only');
    mkdirSync(ro);
    chmodSync(work, 0o755);
    chmodSync(ro, 0o555);
    // root writes anywhere: run as nobody then.
    const as = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const r = await runCli(['init', '--emulator', '--non-interactive', '--yes', '-g', 'rg-ro', '-n', 'aks-ro', '-l', 'eastus', '--state', join(ro, 'state.json')], { cwd: tmpdir(), ...as });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('StateDirNotWritable');
    expect(r.stderr).toContain(`in ${ro} (EACCES)`);
    expect(r.stderr).toContain('--state');
    expect(r.stderr).not.toContain('InternalError');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('a state recorded for one target, run with another', () => {
  const config = { ...DEFAULTS, subscriptionId: '00000000-0000-0000-0000-000000000000', resourceGroup: 'rg-t', location: 'eastus', name: 'aks-t' };
  async function stateFor(name: string, target: CloudTarget): Promise<string> {
    const file = join(work, `${name}.json`);
    await saveState(file, createState({ command: 'init', target, config }));
    return file;
  }
  const flags = ['--non-interactive', '--yes', '-g', 'rg-t', '-n', 'aks-t', '-l', 'eastus'];

  it('init --emulator on a state of a separate endpoint: exit 2 naming both, the state untouched, no emulator started', async () => {
    const state = await stateFor('endpoint', { kind: 'endpoint', cloud: 'AzureCloud', armEndpoint: 'https://127.0.0.1:7443' });
    const before = readFileSync(state, 'utf8');
    const r = await runCli(['init', '--emulator', ...flags, '--state', state]);
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
    const emulator = await stateFor('embedded', { kind: 'emulator', cloud: 'AzureCloud', armEndpoint: 'https://127.0.0.1:1', emulatorData: join(work, '.embedded.json.emulator') });
    const azure = await stateFor('azure', { kind: 'azure', cloud: 'AzureCloud', armEndpoint: 'https://management.azure.com' });
    for (const [state, recorded] of [
      [emulator, 'the embedded emulator'],
      [azure, 'Azure AzureCloud'],
    ]) {
      const r = await runCli(['plan', '--arm-endpoint', 'https://127.0.0.1:9443', ...flags, '--state', state]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`records a deployment on ${recorded}`);
      expect(r.stderr).toContain('the ARM endpoint https://127.0.0.1:9443 (--arm-endpoint)');
    }
  });

  it('--emulator together with --arm-endpoint: exit 2', async () => {
    const r = await runCli(['plan', '--emulator', '--arm-endpoint', 'https://127.0.0.1:9443', ...flags, '--state', join(work, 'none.json')]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('ConflictingTargets');
    expect(existsSync(join(work, '.none.json.emulator'))).toBe(false);
  });
});

describe('--state through a symlink (built CLI)', () => {
  it('init writes the target, the link stays a link; the key and emulator data sit beside the real file', async () => {
    const real = join(work, 'real');
    mkdirSync(real);
    const link = join(work, 'link.json');
    symlinkSync(join(real, 'state.json'), link);
    const r = await runCli(['init', '--emulator', '--non-interactive', '--yes', '-o', 'json', '-g', 'rg-link', '-n', 'aks-link', '-l', 'eastus', '--no-bastion', '--no-test-deployment', '--state', link]);
    expect(r.code, r.stderr.slice(-2000)).toBe(0);
    expect(statSync(link).isFile()).toBe(true);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    const state = JSON.parse(readFileSync(join(real, 'state.json'), 'utf8'));
    expect(state.target.emulatorData).toBe(join(real, '.state.json.emulator'));
    expect(existsSync(`${link}.lock`)).toBe(false);
  }, 120_000);
});
