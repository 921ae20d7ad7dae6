/**
 * Every command that reaches Azure names, on failure, what support asks for the way init does: the
 * correlation id its requests carried and its run log beside the state file, in text (`Correlation id:`,
 * `Log:`) and in `-o json` (`error.correlationId`, `error.logFile`). Here: a plan whose check Azure refuses
 * (the failure is in the plan's result, not thrown) and a destroy Azure stops part way.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initArgs, planArgs, runMain } from '../helpers/cli-main.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';

const emu = useTestEmulator({ speed: SPEED.instant });
let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'secure-aks-failure-log-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/** The log named by `Log: <file>` exists beside the state file and records the error with its correlation id. */
function expectLogged(logFile: string | undefined, code: string, correlationId: string): void {
  expect(logFile).toBeTruthy();
  expect(logFile!.startsWith(join(work, 'logs'))).toBe(true);
  expect(existsSync(logFile!)).toBe(true);
  const log = readFileSync(logFile!, 'utf8');
  expect(log).toMatch(new RegExp(` arm [A-Z]+ /\\S+ .*correlation=${correlationId}`));
  expect(log).toContain(`error ${code}: `);
}

describe('failure output names the correlation id and the run log', () => {
  it('plan: a check Azure refuses (403) names both, in text and in -o json', async () => {
    const state = join(work, 'plan.json');
    await emu.control.fault({
      method: 'GET',
      path: 'routeTables/rt-aks-flplan$',
      kind: 'status',
      status: 403,
      code: 'AuthorizationFailed',
    });
    try {
      const text = await runMain(planArgs(emu, state, 'aks-flplan'));
      expect(text.code, text.stderr).toBe(4);
      expect(text.stdout).toMatch(/Plan incomplete: 1 step could not be checked/);
      const correlation = new RegExp(`Correlation id: (${UUID.source})`).exec(text.stdout)?.[1];
      expect(correlation, text.stdout).toBeTruthy();
      expectLogged(/^Log: (\S+)$/m.exec(text.stdout)?.[1], 'AuthorizationFailed', correlation!);

      const json = await runMain([...planArgs(emu, state, 'aks-flplan'), '-o', 'json']);
      expect(json.code).toBe(4);
      const doc = JSON.parse(json.stdout);
      expect(doc.error.correlationId).toMatch(UUID);
      expectLogged(doc.error.logFile, 'AuthorizationFailed', doc.error.correlationId);
    } finally {
      await emu.control.clearFaults();
    }
  });

  it('destroy: a delete Azure refuses names both, in text and in -o json', async () => {
    const state = join(work, 'destroy.json');
    const init = await runMain([...initArgs(emu, state, 'aks-fldest'), '--no-jumphost', '--no-bastion', '-o', 'json']);
    expect(init.code, init.stderr.slice(-2000)).toBe(0);
    const refuse = () =>
      emu.control.fault({
        method: 'DELETE',
        path: 'managedClusters/aks-fldest$',
        kind: 'status',
        status: 400,
        code: 'OperationNotAllowed',
        message: 'The cluster is locked.',
      });
    await refuse();
    try {
      const text = await runMain(['destroy', '--yes', '--non-interactive', '--state', state]);
      expect(text.code, text.stderr).toBe(1);
      expect(text.stderr).toMatch(/Error OperationNotAllowed: /);
      const correlation = new RegExp(`Correlation id: (${UUID.source})`).exec(text.stderr)?.[1];
      expect(correlation, text.stderr).toBeTruthy();
      expectLogged(/^Log: (\S+)$/m.exec(text.stderr)?.[1], 'OperationNotAllowed', correlation!);

      const json = await runMain(['destroy', '--yes', '--non-interactive', '-o', 'json', '--state', state]);
      expect(json.code).toBe(1);
      const doc = JSON.parse(json.stdout);
      expect(doc.error.code).toBe('OperationNotAllowed');
      expect(doc.error.correlationId).toMatch(UUID);
      expectLogged(doc.error.logFile, 'OperationNotAllowed', doc.error.correlationId);
    } finally {
      await emu.control.clearFaults();
    }
  }, 60_000);
});
