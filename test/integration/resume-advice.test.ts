/**
 * "resume" is said only where there is something to resume. A plan writes no state, so a check that
 * Azure fails is followed by "run the same command again", never by `status --resume`; an init whose step
 * fails after the state file was written does say "The state is saved" and `status --resume`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initArgs, planArgs, runMain } from '../helpers/cli-main.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';

const emu = useTestEmulator({ speed: SPEED.instant });
let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'secure-aks-resume-advice-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const refuseVnetRead = () =>
  emu.control.fault({
    kind: 'status',
    method: 'GET',
    path: '/virtualNetworks/vnet-aks-honest$',
    status: 400,
    code: 'InjectedRefusal',
    message: 'Refused.',
  });

describe('resume advice is true for the case', () => {
  it('plan: a failed check says to run the same command again, in text and -o json', async () => {
    await refuseVnetRead();
    const args = planArgs(emu, join(work, 'plan.json'));
    const text = await runMain(args);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('InjectedRefusal');
    expect(text.stdout).toContain('then run the same command again');
    expect(text.stdout + text.stderr).not.toContain('status --resume');
    const json = await runMain([...args, '-o', 'json']);
    const doc = JSON.parse(json.stdout);
    expect(doc.steps.find((s: { id: string }) => s.id === 'network').error.remediation).toContain('then run the same command again');
    expect(json.stdout).not.toContain('status --resume');
  }, 60_000);

  it('init: the same failure after the state file was written says the state is saved and to resume', async () => {
    await refuseVnetRead();
    const state = join(work, 'init.json');
    const r = await runMain(initArgs(emu, state));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `A step failed. The state is saved; after fixing the cause run \`secure-aks status --resume --state ${state}\`.`,
    );
  }, 60_000);
});
