import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cli-main.js';
import { SPEED } from '../helpers/speeds.js';

/** What a person reads when they point at nothing or name a subscription that is not there (in-process). */

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'secure-aks-messages-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const EMU = { SECURE_AKS_EMULATOR_SPEED: String(SPEED.instant) };
const count = (text: string, pattern: RegExp) => (text.match(new RegExp(pattern.source, 'g')) ?? []).length;

describe('destroy: the question defaults to No, and no is not an error', () => {
  it('no state file and no terminal: NoStateFile (exit 2) comes before asking for --yes', async () => {
    const r = await runMain(['destroy', '--state', join(work, 'none.json')], {}, { cwd: work });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Error NoStateFile: There is no state file at .*none\.json/);
    expect(r.stderr).not.toMatch(/--yes/);
  });
});

describe('errors that stop a command before any step ran', () => {
  it('nothing listening at --arm-endpoint: EndpointUnreachable naming the address, exit 1, no resume hint', async () => {
    const r = await runMain(
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
      {},
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
    const plan = await runMain(['plan', ...args, '--state', join(work, 'sub-plan', 'state.json')], EMU, { cwd: work });
    expect(plan.code).toBe(2);
    expect(count(plan.stderr, /Subscription 11111111-0000-0000-0000-000000000000 was not found/)).toBe(1);
    expect(plan.stderr).not.toMatch(/Pagination failed|Reading the caller/);

    const init = await runMain(['init', ...args, '--state', join(work, 'sub-init', 'state.json')], EMU, { cwd: work });
    expect(init.code).toBe(2);
    expect(init.stderr).not.toMatch(/Pagination failed/);
    // The summary lists the problem with its remedy; the closing error points at it instead of repeating it.
    expect(count(init.stderr, /What to do: Check --subscription/)).toBe(1);
    expect(init.stderr).toMatch(/Error SubscriptionNotFound: nothing was created; fix the problem marked x above/);
  });
});
