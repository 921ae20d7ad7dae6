import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from './run-cli.js';
import { spawnInPty } from './pty.js';
import { INSTANT_EMBEDDED_EMULATOR } from '../helpers/speeds.js';

/**
 * Colour decided by a real process: stdout and stderr that are pipes, or a terminal with TERM=dumb /
 * NO_COLOR / --no-color. Every command's output without a terminal is checked in-process
 * (test/integration/output.test.ts); here the built CLI shows the same through its own streams.
 */
let work: string;
const EMU = INSTANT_EMBEDDED_EMULATOR;
const DEPLOY = ['--emulator', '-g', 'rg-out', '-n', 'aks-out', '-l', 'eastus', '--non-interactive', '--yes'];
// eslint-disable-next-line no-control-regex
const ESC = /\x1b/;
// eslint-disable-next-line no-control-regex
const COLOUR = /\x1b\[[0-9;]*m/;

beforeAll(() => {
  assertBuilt();
  work = mkdtempSync(join(tmpdir(), 'secure-aks-e2e-out-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('plain output and colour (built CLI)', () => {
  it('with pipes for stdout and stderr, init writes no escape code, even with NO_COLOR unset', async () => {
    const cwd = mkdtempSync(join(work, 'plain-'));
    const r = await runCli(['init', ...DEPLOY], { cwd, env: { ...EMU, NO_COLOR: '', FORCE_COLOR: '' }, timeoutMs: 90_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(ESC);
    expect(r.stdout).toMatch(/How to reach cluster aks-out/);
  }, 120_000);

  it('in a terminal: TERM=dumb writes no escape code; NO_COLOR and --no-color write no colour', async () => {
    const run = async (env: Record<string, string>, extra: string[] = []) => {
      const cwd = mkdtempSync(join(work, 'tty-'));
      const t = spawnInPty(['init', ...DEPLOY, ...extra], { cwd, env: { ...EMU, ...env } });
      await t.expect(/How to reach cluster aks-out/, 60_000);
      expect(await t.exited).toBe(0);
      return t.raw();
    };
    // Four terminals side by side: each run has its own directory, state and embedded emulator.
    const [dumb, noColorEnv, noColorFlag, plain] = await Promise.all([
      run({ TERM: 'dumb' }),
      run({ NO_COLOR: '1' }),
      run({}, ['--no-color']),
      run({}),
    ]);
    expect(dumb).not.toMatch(ESC);
    expect(noColorEnv).not.toMatch(COLOUR);
    expect(noColorFlag).not.toMatch(COLOUR);
    // And the terminal without any of them does use colour (the tests above are not vacuous).
    expect(plain).toMatch(COLOUR);
  }, 120_000);
});
