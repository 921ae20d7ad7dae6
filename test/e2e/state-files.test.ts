import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
