/**
 * Mistakes with local files and ports end in a sentence naming the path or port and what to do, exit 2,
 * never `InternalError` or a stack trace (in-process; test/e2e/local-mistakes.test.ts keeps the cases where
 * the process boundary is the point: a FIFO that would block the read, an emulator that must stop when told).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cli-main.js';
import { expectUsage } from '../helpers/expect-usage.js';
import { SPEED } from '../helpers/speeds.js';

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'secure-aks-mistakes-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const EMU = { SECURE_AKS_EMULATOR_SPEED: String(SPEED.instant) };
const DEPLOY = ['--non-interactive', '--yes', '-g', 'rg-m', '-n', 'aks-m', '-l', 'eastus'];

describe('--config', () => {
  it('a YAML alias bomb ("billion laughs") is refused naming the file, without expanding it', async () => {
    const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [i, name] of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].entries())
      laughs.push(`${name}: &${name} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`);
    const bomb = join(work, 'laughs.yaml');
    writeFileSync(bomb, laughs.join('\n') + '\n');
    const r = await runMain(['init', '--emulator', ...DEPLOY, '--config', bomb, '--state', join(work, 'bomb', 'state.json')], EMU, {
      cwd: work,
    });
    expectUsage(r, 'ConfigFileInvalid', /laughs\.yaml: its YAML aliases .* expand to more than 100 copies/);
  });
});

describe('secure-aks emulator', () => {
  it('--data naming a file: EmulatorDataNotDirectory naming it', async () => {
    const file = join(work, 'not-a-dir');
    writeFileSync(file, 'x');
    const r = await runMain(['emulator', '--data', file], {}, { cwd: work });
    expectUsage(r, 'EmulatorDataNotDirectory', /The emulator data path .*not-a-dir .*is a file, not a directory\./);
    expect(readFileSync(file, 'utf8')).toBe('x');
  });

  it('--port in use: EmulatorPortInUse naming the port', async () => {
    const busy: Server = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as { port: number }).port;
    try {
      const r = await runMain(['emulator', '--data', join(work, 'emu-busy'), '--port', String(port)], {}, { cwd: work });
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
      const r = await runMain(['emulator', '--data', data], {}, { cwd: work });
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
    const r = await runMain(['plan', '--emulator', ...DEPLOY, '--state', join(dir, 'state.json')], EMU, { cwd: work });
    expectUsage(r, 'EmulatorStoreCorrupt', /embedded\/\.state\.json\.emulator\/store\.json is not usable: it is not valid JSON/);
  });
});
