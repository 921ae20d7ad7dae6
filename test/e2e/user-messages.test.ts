import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from './run-cli.js';
import { KEY, spawnInPty, stripAnsi } from './pty.js';

/** What a person reads when they say no, point at nothing, or name a subscription that is not there (built CLI). */

let work: string;
beforeAll(() => {
  assertBuilt();
  work = mkdtempSync(join(tmpdir(), 'secure-aks-e2e-messages-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const EMU = { SECURE_AKS_EMULATOR_SPEED: '2000' };
const count = (text: string, pattern: RegExp) => (text.match(new RegExp(pattern.source, 'g')) ?? []).length;

describe('destroy: the question defaults to No, and no is not an error', () => {
  it('Enter at "Delete these N resource(s)? (y/N)" deletes nothing: a plain sentence, exit 130; status then says what happened after destroy', async () => {
    const cwd = mkdtempSync(join(work, 'decline-'));
    const init = await runCli(['init', '--emulator', '--non-interactive', '--yes', '-g', 'rg-no', '-n', 'aks-no', '-l', 'eastus'], {
      cwd,
      env: EMU,
    });
    expect(init.code, init.stderr).toBe(0);

    const t = spawnInPty(['destroy'], { cwd, env: EMU });
    await t.expect(/Delete these \d+ resource\(s\)\? \(y\/N\)/);
    t.send(KEY.enter);
    expect(await t.exited).toBe(130);
    const shown = stripAnsi(t.raw());
    expect(shown).toMatch(/Nothing was deleted\./);
    expect(shown).not.toMatch(/Error|Interrupted/);

    const before = await runCli(['status', '--offline'], { cwd, env: EMU });
    expect(before.stdout).toMatch(/All steps are done\./);

    const destroy = await runCli(['destroy', '--yes'], { cwd, env: EMU });
    expect(destroy.code, destroy.stderr).toBe(0);
    const after = await runCli(['status', '--offline'], { cwd, env: EMU });
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/Deployment \S+ was destroyed at \d{4}-\d\d-\d\dT/);
    expect(after.stdout).not.toMatch(/status --resume/);
  }, 120_000);

  it('no state file and no terminal: NoStateFile (exit 2) comes before asking for --yes', async () => {
    const r = await runCli(['destroy', '--state', join(work, 'none.json')], { cwd: work });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Error NoStateFile: There is no state file at .*none\.json/);
    expect(r.stderr).not.toMatch(/--yes/);
  });
});

describe('errors that stop a command before any step ran', () => {
  it('nothing listening at --arm-endpoint: EndpointUnreachable naming the address, exit 1, no resume hint', async () => {
    const r = await runCli(
      [
        'plan',
        '--arm-endpoint',
        'https://127.0.0.1:1',
        '-g',
        'rg-x',
        '-n',
        'aks-x',
        '-l',
        'eastus',
        '--subscription',
        '00000000-0000-0000-0000-000000000000',
        '--state',
        join(work, 'unreachable.json'),
      ],
      { cwd: work },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error EndpointUnreachable: Could not reach the ARM endpoint 127\.0\.0\.1:1 \(ECONNREFUSED\)\./m);
    expect(r.stderr).toMatch(/emulator.*running/);
    expect(r.stderr).not.toMatch(/status --resume|ECONNREFUSED: connect/);
  }, 60_000);

  it('a subscription that is not there: one clear sentence, once, exit 2, none of the SDK text', async () => {
    const args = [
      '--emulator',
      '--non-interactive',
      '--yes',
      '-g',
      'rg-s',
      '-n',
      'aks-s',
      '-l',
      'eastus',
      '--subscription',
      '11111111-0000-0000-0000-000000000000',
    ];
    const plan = await runCli(['plan', ...args, '--state', join(work, 'sub-plan', 'state.json')], { cwd: work, env: EMU });
    expect(plan.code).toBe(2);
    expect(count(plan.stderr, /Subscription 11111111-0000-0000-0000-000000000000 was not found/)).toBe(1);
    expect(plan.stderr).not.toMatch(/Pagination failed|Reading the caller/);

    const init = await runCli(['init', ...args, '--state', join(work, 'sub-init', 'state.json')], { cwd: work, env: EMU });
    expect(init.code).toBe(2);
    expect(init.stderr).not.toMatch(/Pagination failed/);
    // The summary lists the problem with its remedy; the closing error points at it instead of repeating it.
    expect(count(init.stderr, /What to do: Check --subscription/)).toBe(1);
    expect(init.stderr).toMatch(/Error SubscriptionNotFound: nothing was created; fix the problem marked x above/);
  });
});
