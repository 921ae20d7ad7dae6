import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

describe('secure-aks (built CLI)', () => {
  it('--help leads with examples and lists the commands; --version prints the version', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout.startsWith('Examples:')).toBe(true);
    for (const c of ['init', 'plan', 'status', 'emulator']) expect(help.stdout).toMatch(new RegExp(`\\n  ${c} `));
    const initHelp = await runCli(['init', '--help']);
    expect(initHelp.stdout).toMatch(/--node-subnet-cidr <cidr>[\s\S]*SECURE_AKS_NODE_SUBNET_CIDR/);
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version);
  });

  it("exits 2 on a wrong flag with commander's message and a hint", async () => {
    const r = await runCli(['init', '--vnet-cidrr', '10.0.0.0/16'], { cwd: work });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--vnet-cidrr'/);
    expect(r.stderr).toMatch(/Did you mean --vnet-cidr\?/);
    expect(r.stderr).toMatch(/secure-aks init --help/);
    expect(r.stdout).toBe('');
  });

  it('non-interactive without values exits 3 listing every missing value and what supplies it', async () => {
    const r = await runCli(['init', '--non-interactive', '--state', join(work, 'missing', 'state.json')], { cwd: work });
    expect(r.code).toBe(3);
    for (const flag of ['--name', '--resource-group', '--location', '--subscription']) expect(r.stderr).toContain(flag);
    expect(r.stderr).toContain('SECURE_AKS_RESOURCE_GROUP');
    const json = await runCli(['init', '--non-interactive', '-o', 'json', '--emulator', '--state', join(work, 'missing', 'state.json')], {
      cwd: work,
    });
    expect(json.code).toBe(3);
    const doc = JSON.parse(json.stdout);
    expect(doc.status).toBe('failed');
    expect(doc.error.code).toBe('InputRequired');
    expect(doc.error.missing.map((m: { key: string }) => m.key).sort()).toEqual(['location', 'name', 'resourceGroup']);
    expect(existsSync(join(work, 'missing', 'state.json'))).toBe(false);
  });

  it('non-interactive with every value but without --yes exits 3 asking for --yes', async () => {
    const r = await runCli(
      [
        'init',
        '--emulator',
        '--non-interactive',
        '-n',
        'aks-demo',
        '-g',
        'rg-demo',
        '-l',
        'eastus',
        '--state',
        join(work, 'noyes', 'state.json'),
      ],
      { cwd: work },
    );
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('--yes');
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
