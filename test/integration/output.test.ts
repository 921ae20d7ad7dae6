import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cli-main.js';
import { SPEED } from '../helpers/speeds.js';

/**
 * What scripts and CI logs rely on: `-o json` leaves exactly one JSON document on stdout for every
 * command (success or failure), and without a terminal, or with NO_COLOR / TERM=dumb / --no-color,
 * nothing writes an escape code. In-process; test/e2e/output.test.ts checks the same through a real
 * process's pipes and terminal.
 */
let work: string;
let commands: string[];
const EMU = { SECURE_AKS_EMULATOR_SPEED: String(SPEED.instant) };
const DEPLOY = ['--emulator', '-g', 'rg-out', '-n', 'aks-out', '-l', 'eastus', '--non-interactive', '--yes'];
// eslint-disable-next-line no-control-regex
const ESC = /\x1b/;

/** The arguments that make each command do its real job on the deployment built by init. */
const SCENARIOS: Record<string, string[]> = {
  init: ['init', ...DEPLOY],
  plan: ['plan', ...DEPLOY],
  status: ['status'],
  verify: ['verify'],
  // Without --backend: the state files of the working directory.
  list: ['list'],
  destroy: ['destroy', '--yes', '--non-interactive'],
};

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'secure-aks-out-'));
  const help = await runMain(['--help']);
  commands = [...help.stdout.matchAll(/^ {2}([a-z]+) \[options\]/gm)].map((m) => m[1]).filter((c) => c !== 'emulator');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function parsesAsOneDocument(stdout: string): Record<string, unknown> {
  // JSON.parse of the whole stdout fails on anything before or after the single document.
  const doc = JSON.parse(stdout) as Record<string, unknown>;
  expect(typeof doc).toBe('object');
  return doc;
}

describe('-o json purity and plain output', () => {
  it('knows every registered command', () => {
    expect(commands).toEqual(expect.arrayContaining(['init', 'plan', 'status']));
    for (const c of commands) expect(SCENARIOS[c], `add a scenario for ${c}`).toBeDefined();
  });

  it('every command leaves exactly one JSON document on stdout, in command order on one deployment', async () => {
    const cwd = mkdtempSync(join(work, 'json-'));
    for (const name of ['init', 'plan', 'status', 'verify', 'list', 'destroy'].filter((c) => commands.includes(c))) {
      const r = await runMain([...SCENARIOS[name], '-o', 'json'], EMU, { cwd });
      const doc = parsesAsOneDocument(r.stdout);
      expect(doc.command, `${name}: ${r.stderr}`).toMatch(new RegExp(`^${name}`));
      expect(doc.status, name).toBeDefined();
    }
  }, 240_000);

  it('errors too: a usage error, a missing value and a preflight refusal are one JSON document', async () => {
    const cwd = mkdtempSync(join(work, 'errors-'));
    for (const args of [
      ['init', '--vnet-cidrr', 'x', '-o', 'json'],
      ['init', '--non-interactive', '--emulator', '-o', 'json'],
      ['plan', ...DEPLOY, '--node-vm-size', 'Standard_NC6s_v3', '--kubernetes-version', '1.20', '-o', 'json'],
      ['status', '-o', 'json', '--state', join(cwd, 'none.json')],
    ]) {
      const r = await runMain(args, EMU, { cwd });
      expect(r.code, args.join(' ')).not.toBe(0);
      const doc = parsesAsOneDocument(r.stdout) as { error?: { code: string; problems?: unknown[] } };
      expect(doc.error?.code, args.join(' ')).toBeTruthy();
    }
    const preflight = await runMain(
      ['plan', ...DEPLOY, '--node-vm-size', 'Standard_NC6s_v3', '--kubernetes-version', '1.20', '-o', 'json'],
      EMU,
      { cwd },
    );
    expect(preflight.code).toBe(2);
    const err = (JSON.parse(preflight.stdout) as { error: { code: string; problems: Array<{ code: string }>; docs?: string } }).error;
    expect(err.code).toBe('PreflightFailed');
    expect(err.problems.map((p) => p.code).sort()).toEqual(['KubernetesVersionNotSupported', 'VmSizeNotAvailable']);
  }, 60_000);

  it('without a terminal no command writes an escape code, even with NO_COLOR unset', async () => {
    const cwd = mkdtempSync(join(work, 'plain-'));
    for (const name of ['init', 'plan', 'status', 'verify', 'list', 'destroy'].filter((c) => commands.includes(c))) {
      const r = await runMain(SCENARIOS[name], { ...EMU, NO_COLOR: '', FORCE_COLOR: '' }, { cwd });
      expect(r.stdout + r.stderr, name).not.toMatch(ESC);
      expect(r.stdout + r.stderr, name).toMatch(/\S/);
    }
  }, 240_000);

  it('--help of each command leads with usage, has examples after the flags, and names the env var and config key of each flag', async () => {
    for (const name of [...commands, 'emulator']) {
      const r = await runMain([name, '--help']);
      expect(r.code, name).toBe(0);
      expect(r.stdout.trimStart().startsWith('Usage:'), name).toBe(true);
      expect(r.stdout.indexOf('\nExamples:'), name).toBeGreaterThan(r.stdout.indexOf('\nOptions:'));
    }
    for (const name of ['init', 'plan']) {
      const help = (await runMain([name, '--help'])).stdout.replace(/\s+/g, ' ');
      for (const [flag, env, key] of [
        ['--vnet-cidr', 'SECURE_AKS_VNET_CIDR', 'vnetCidr'],
        ['--node-vm-size', 'SECURE_AKS_NODE_VM_SIZE', 'nodeVmSize'],
        ['--no-bastion', 'SECURE_AKS_NO_BASTION', 'bastion'],
        ['--location', 'SECURE_AKS_LOCATION', 'location'],
      ]) {
        expect(help, `${name} ${flag}`).toMatch(new RegExp(`${flag}.*?env ${env}.*?config ${key}`));
      }
      expect(help).toMatch(/--state <file\|url>.*?env SECURE_AKS_STATE; config state\)/);
    }
  }, 60_000);
});
