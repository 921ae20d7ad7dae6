/**
 * Mistakes with local files and ports end in a sentence naming the path or port and what to do, exit 2,
 * never `InternalError` or a stack trace (built CLI: the process boundary is the point for a FIFO that
 * would block the read, and for an emulator that must stop when told to).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorControl } from '../../src/emulator/control-client.js';
import { assertBuilt, runCli, startEmulatorProcess, type CliResult } from './run-cli.js';

let work: string;
beforeAll(() => {
  assertBuilt();
  work = mkdtempSync(join(tmpdir(), 'secure-aks-e2e-mistakes-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const EMU = { SECURE_AKS_EMULATOR_SPEED: '2000' };
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

function expectUsage(r: CliResult, code: string, says: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(new RegExp(`^Error ${code}: `, 'm'));
  expect(r.stderr).toMatch(says);
  expect(r.stderr).toMatch(/^What to do: /m);
  expect(r.stderr).not.toMatch(/InternalError|\n\s+at /);
}

describe('--config', () => {
  it('a YAML alias bomb ("billion laughs") is refused naming the file, without expanding it', async () => {
    const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [i, name] of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].entries())
      laughs.push(`${name}: &${name} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`);
    const bomb = join(work, 'laughs.yaml');
    writeFileSync(bomb, laughs.join('\n') + '\n');
    const r = await runCli(['init', '--emulator', ...DEPLOY, '--config', bomb, '--state', join(work, 'bomb', 'state.json')], {
      cwd: work,
      env: EMU,
      timeoutMs: 30_000,
    });
    expectUsage(r, 'ConfigFileInvalid', /laughs\.yaml: its YAML aliases .* expand to more than 100 copies/);
  });

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
  it('--data naming a file: EmulatorDataNotDirectory naming it', async () => {
    const file = join(work, 'not-a-dir');
    writeFileSync(file, 'x');
    const r = await runCli(['emulator', '--data', file], { cwd: work, timeoutMs: 30_000 });
    expectUsage(r, 'EmulatorDataNotDirectory', /The emulator data path .*not-a-dir .*is a file, not a directory\./);
    expect(readFileSync(file, 'utf8')).toBe('x');
  });

  it('--port in use: EmulatorPortInUse naming the port', async () => {
    const busy: Server = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as { port: number }).port;
    try {
      const r = await runCli(['emulator', '--data', join(work, 'emu-busy'), '--port', String(port)], { cwd: work, timeoutMs: 30_000 });
      expectUsage(r, 'EmulatorPortInUse', new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use\\.`));
    } finally {
      busy.close();
    }
  });

  it('a corrupt store (truncated JSON, or JSON of another shape): EmulatorStoreCorrupt naming the file, which is left as it was', async () => {
    for (const [name, text] of [
      ['truncated', '{"version":1,"resources":[{"id":"/subscriptions/'],
      ['other', '[]'],
    ]) {
      const data = join(work, `emu-${name}`);
      mkdirSync(data);
      writeFileSync(join(data, 'store.json'), text);
      const r = await runCli(['emulator', '--data', data], { cwd: work, timeoutMs: 30_000 });
      expectUsage(r, 'EmulatorStoreCorrupt', new RegExp(`The emulator store .*emu-${name}/store\\.json is not usable`));
      expect(r.stderr).toMatch(/Move it aside/);
      expect(readFileSync(join(data, 'store.json'), 'utf8')).toBe(text);
    }
  });

  it('the same for an --emulator run whose embedded store beside the state file is corrupt', async () => {
    const dir = join(work, 'embedded');
    // The embedded store of state.json lives in .state.json.emulator/ beside it.
    mkdirSync(join(dir, '.state.json.emulator'), { recursive: true });
    writeFileSync(join(dir, '.state.json.emulator', 'store.json'), '{garbage');
    const r = await runCli(['plan', '--emulator', ...DEPLOY, '--state', join(dir, 'state.json')], {
      cwd: work,
      env: EMU,
      timeoutMs: 30_000,
    });
    expectUsage(r, 'EmulatorStoreCorrupt', /embedded\/\.state\.json\.emulator\/store\.json is not usable: it is not valid JSON/);
  });

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
