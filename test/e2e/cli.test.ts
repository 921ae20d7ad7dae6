import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorControl } from '../../src/emulator/control-client.js';
import { assertBuilt, runCli, startEmulatorProcess } from './run-cli.js';

let work: string;
beforeAll(() => {
  assertBuilt();
  work = mkdtempSync(join(tmpdir(), 'secure-aks-e2e-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Start-up and the emulator process (built CLI); flags and missing values are checked in-process. */
describe('secure-aks (built CLI)', () => {
  it('--help leads with usage and lists the commands; --version prints the version', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout.startsWith('Usage:')).toBe(true);
    for (const c of ['init', 'plan', 'status', 'emulator']) expect(help.stdout).toMatch(new RegExp(`\\n  ${c} `));
    const initHelp = await runCli(['init', '--help']);
    expect(initHelp.stdout).toMatch(/--node-subnet-cidr <cidr>[\s\S]*SECURE_AKS_NODE_SUBNET_CIDR/);
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version);
  });

  it('emulator prints its URL on the first line, writes ca.pem and stops on SIGTERM', async () => {
    const data = join(work, 'emu');
    const emu = await startEmulatorProcess(['--port', '0', '--data', data, '--speed', '600']);
    try {
      expect(emu.firstLine).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const ca = readFileSync(join(data, 'ca.pem'), 'utf8');
      expect(ca).toContain('BEGIN CERTIFICATE');
      expect(Array.isArray(await emulatorControl(emu.url, ca).resources())).toBe(true);
    } finally {
      expect(await emu.stop('SIGTERM')).toBe(0);
    }
  });
});
