import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cli-main.js';
import { SPEED } from '../helpers/speeds.js';
import { assertBuilt } from './run-cli.js';
import { KEY, spawnInPty, stripAnsi } from './pty.js';

/**
 * What a person reads when they say no at a terminal (the built CLI in a pseudo-terminal; the deployment it
 * declines to destroy is built and checked in-process). The other messages are checked in
 * test/integration/user-messages.test.ts.
 */

let work: string;
beforeAll(() => {
  assertBuilt();
  work = mkdtempSync(join(tmpdir(), 'secure-aks-e2e-messages-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const EMU = { SECURE_AKS_EMULATOR_SPEED: String(SPEED.instant) };

describe('destroy: the question defaults to No, and no is not an error', () => {
  it('Enter at "Delete these N resource(s)? (y/N)" deletes nothing: a plain sentence, exit 130; status then says what happened after destroy', async () => {
    const cwd = mkdtempSync(join(work, 'decline-'));
    const init = await runMain(['init', '--emulator', '--non-interactive', '--yes', '-g', 'rg-no', '-n', 'aks-no', '-l', 'eastus'], EMU, {
      cwd,
    });
    expect(init.code, init.stderr).toBe(0);

    const t = spawnInPty(['destroy'], { cwd, env: EMU });
    await t.expect(/Delete these \d+ resource\(s\)\? \(y\/N\)/);
    t.send(KEY.enter);
    expect(await t.exited).toBe(130);
    const shown = stripAnsi(t.raw());
    expect(shown).toMatch(/Nothing was deleted\./);
    expect(shown).not.toMatch(/Error|Interrupted/);

    const before = await runMain(['status', '--offline'], EMU, { cwd });
    expect(before.stdout).toMatch(/All steps are done\./);

    const destroy = await runMain(['destroy', '--yes'], EMU, { cwd });
    expect(destroy.code, destroy.stderr).toBe(0);
    const after = await runMain(['status', '--offline'], EMU, { cwd });
    // Destroyed: every step pending again, so status answers incomplete (14).
    expect(after.code).toBe(14);
    expect(after.stdout).toMatch(/Deployment \S+ was destroyed at \d{4}-\d\d-\d\dT/);
    expect(after.stdout).not.toMatch(/status --resume/);
  }, 120_000);
});
