import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from './run-cli.js';

/**
 * A state directory the user cannot write, through the built CLI: root ignores file permissions, so the
 * CLI runs as a process without that capability. The rest of what the state file owns beside it is
 * checked in-process (test/integration/state-files.test.ts).
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
    chmodSync(ro, 0o555);
    const r = await runCli(
      [
        'init',
        '--emulator',
        '--non-interactive',
        '--yes',
        '-g',
        'rg-ro',
        '-n',
        'aks-ro',
        '-l',
        'eastus',
        '--state',
        join(ro, 'state.json'),
      ],
      {
        cwd: tmpdir(),
        filePermissionsApply: true,
      },
    );
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('StateDirNotWritable');
    // Read as one sentence: written to a pipe, the message is wrapped at 80 columns.
    expect(r.stderr.replace(/\s*\n\s*/g, ' ')).toContain(`in ${ro} (EACCES)`);
    expect(r.stderr).toContain('--state');
    expect(r.stderr).not.toContain('InternalError');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
