/**
 * Azure's permissions API answering 500 on every try is a fault on Azure's side, not a missing
 * permission: init and plan stop before any write with exit 1 (an Azure service error, not exit 4), say
 * what failed and how often, that nothing was changed, and to run the same command again later; never
 * "resume", since there is nothing to resume.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REQUEST_ATTEMPTS } from '../../src/azure/retry.js';
import { initArgs, planArgs, runMain } from '../helpers/cli-main.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';

const emu = useTestEmulator({ speed: SPEED.instant });
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'secure-aks-permissions-500-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));
beforeEach(async () => {
  await emu.control.fault({ kind: 'status', path: '/providers/Microsoft.Authorization/permissions$', status: 500 });
});

async function writes() {
  return (await emu.control.requests()).filter((r) => ['PUT', 'PATCH', 'DELETE'].includes(r.method));
}

describe('a permanent 500 from the permissions API', () => {
  it('init: exit 1, what failed and how often, nothing changed, run the same command again; no write, no state file', async () => {
    const state = join(work, 'text.json');
    const r = await runMain(initArgs(emu, state));
    expect(r.code).toBe(1);
    const all = r.stdout + r.stderr;
    expect(all).toContain(`Azure's permissions API answered 500 InternalServerError for /subscriptions/`);
    expect(all).toContain('and still did after retries');
    expect(all).toContain('Nothing was changed');
    expect(all).toContain('Run the same command again later');
    expect(all).not.toMatch(/resume/i);
    expect(all).toContain(
      'Error PermissionsApiFailed: nothing was created; see the problem marked x above for what to do, then run the command again.',
    );
    expect(all).not.toMatch(/InternalError:|\n\s+at /);
    expect(await writes()).toEqual([]);
    expect(existsSync(state)).toBe(false);
    const tries = (await emu.control.requests()).filter((x) => /Microsoft.Authorization\/permissions$/i.test(x.path));
    expect(tries).toHaveLength(REQUEST_ATTEMPTS);
  }, 60_000);

  it('init -o json: error PermissionsApiFailed with the remediation, exit 1', async () => {
    const r = await runMain([...initArgs(emu, join(work, 'json.json')), '-o', 'json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.status).toBe('failed');
    expect(doc.error).toMatchObject({ code: 'PermissionsApiFailed', message: expect.stringContaining('answered 500') });
    expect(doc.error.remediation).toMatch(/^Nothing was changed\. .*Run the same command again later/);
    expect(r.stdout).not.toMatch(/resume/i);
  }, 60_000);

  it('plan, with the resource group already there (its own permissions read): the same answer', async () => {
    await (await emu.clients().resources()).resourceGroups.createOrUpdate('rg-aks-honest', { location: 'eastus' });
    await emu.control.clearRequests();
    const r = await runMain([...planArgs(emu, join(work, 'plan.json')), '-o', 'json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.error.code).toBe('PermissionsApiFailed');
    expect(doc.error.message).toContain('/resourceGroups/rg-aks-honest');
    expect(r.stdout).not.toMatch(/resume/i);
    expect(await writes()).toEqual([]);
  }, 60_000);
});
