/**
 * Local mistakes where the process boundary is the point (built CLI): a FIFO that would block the read,
 * deaf to Ctrl-C, and an emulator that must stop when told to. The other mistakes with local files and
 * ports are checked in-process (test/integration/local-mistakes.test.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectUsage } from '../helpers/expect-usage.js';
import { emulatorControl } from '../../src/emulator/control-client.js';
import { assertBuilt, runCli, startEmulatorProcess } from './run-cli.js';
import { SPEED } from '../helpers/speeds.js';

let work: string;
beforeAll(() => {
  assertBuilt();
  work = mkdtempSync(join(tmpdir(), 'secure-aks-e2e-mistakes-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const EMU = { SECURE_AKS_EMULATOR_SPEED: String(SPEED.instant) };
const DEPLOY = ['--non-interactive', '--yes', '-g', 'rg-m', '-n', 'aks-m', '-l', 'eastus'];

/** An ARM GET trusting the emulator's CA: 'answered' or 'dropped'. */
function armGet(url: string, ca: string, path: string): Promise<'answered' | 'dropped'> {
  return new Promise((resolve) => {
    const req = request(`${url}${path}`, { ca, headers: { authorization: 'Bearer t' } }, (res) => {
      res.resume();
      res.on('end', () => resolve('answered'));
    });
    req.on('error', () => resolve('dropped'));
    req.end();
  });
}

describe('--config', () => {
  it('a FIFO is refused before it is opened (reading it would block, deaf to Ctrl-C); so is a directory', async () => {
    const fifo = join(work, 'config-fifo.yaml');
    execFileSync('mkfifo', [fifo]);
    const r = await runCli(['init', '--emulator', ...DEPLOY, '--config', fifo, '--state', join(work, 'fifo', 'state.json')], {
      cwd: work,
      env: EMU,
      timeoutMs: 30_000,
    });
    expectUsage(r, 'ConfigFileNotRegular', /Config file .*config-fifo\.yaml is a named pipe \(FIFO\), not a regular file\./);
    const dir = await runCli(['plan', '--emulator', ...DEPLOY, '--config', work, '--state', join(work, 'dir', 'state.json')], {
      cwd: work,
      env: EMU,
      timeoutMs: 30_000,
    });
    expectUsage(dir, 'ConfigFileNotRegular', /is a directory, not a regular file/);
  });
});

describe('secure-aks emulator', () => {
  it('SIGTERM while a delay fault holds a request: the emulator stops at once', async () => {
    const data = join(work, 'emu-held');
    const emu = await startEmulatorProcess(['--port', '0', '--data', data]);
    const ca = readFileSync(join(data, 'ca.pem'), 'utf8');
    await emulatorControl(emu.url, ca).fault({ path: 'resourcegroups', kind: 'delay', delayMs: 600_000 });
    await emulatorControl(emu.url, ca).fault({ path: 'virtualnetworks', kind: 'stall' });
    const held = ['resourcegroups/rg-x', 'providers/Microsoft.Network/virtualNetworks'].map((p) =>
      armGet(emu.url, ca, `/subscriptions/00000000-0000-0000-0000-000000000000/${p}?api-version=2024-05-01`),
    );
    await new Promise((r) => setTimeout(r, 300));
    const log = (await emulatorControl(emu.url, ca).requests()).map((r) => r.path);
    expect(log).toEqual([]);
    const started = Date.now();
    expect(await emu.stop()).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await Promise.all(held)).toEqual(['dropped', 'dropped']);
  }, 30_000);
});
