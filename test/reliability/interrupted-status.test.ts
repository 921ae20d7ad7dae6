/**
 * After kill -9 the journal still says "running" for the steps the dead run was working on; `status`
 * reports them `interrupted` (no run holds the state lock any more) and points at `status --resume`,
 * in text and in -o json. While the run is alive they stay `running`. Only the deploying run is a process
 * (it is killed); the emulator and the `status` runs are in-process.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/core/errors.js';
import { runMain } from '../helpers/cli-main.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { assertBuilt, spawnCli, waitFor } from '../e2e/run-cli.js';
import { SPEED } from '../helpers/speeds.js';
import { deployArgs } from './harness.js';

let work: string;
let emu: TestEmulator;

beforeAll(async () => {
  assertBuilt();
  work = mkdtempSync(join(tmpdir(), 'secure-aks-interrupted-'));
  // Everything completes at once except the firewall create, held in flight (a `hold` fault) until the CLI is killed.
  emu = await startTestEmulator({ speed: SPEED.instant });
  await emu.control.fault({ method: 'PUT', path: 'azureFirewalls/afw-aks-rel$', kind: 'hold', times: 1 });
  // The first in-process run loads (and vitest transforms) the status command's modules: do it now, so the
  // status read while the deployment lives answers within the firewall create it must see running.
  await runMain(['status', '--offline', '-o', 'json', '--state', join(work, 'none.json')]);
});
afterAll(async () => {
  await emu?.close();
  rmSync(work, { recursive: true, force: true });
});

const journal = (state: string): Record<string, { status: string; inFlight?: unknown }> =>
  existsSync(state) ? JSON.parse(readFileSync(state, 'utf8')).steps : {};

describe('status after kill -9', () => {
  it('running while the run lives; interrupted once it is killed, with the resume command', async () => {
    const state = join(work, 'state.json');
    const cli = spawnCli(deployArgs(emu, state));
    // The firewall create is journaled as in flight: step 3 is running.
    expect(await waitFor(async () => !!journal(state)['egress-route']?.inFlight, cli, 10)).toBe(true);

    const alive = await runMain(['status', '--offline', '-o', 'json', '--state', state]);
    // Not finished yet: incomplete (14), not interrupted; the run is alive.
    expect(alive.code, alive.stderr).toBe(ExitCode.statusIncomplete);
    expect(JSON.parse(alive.stdout).steps.find((s: { id: string }) => s.id === 'egress-route').status).toBe('running');

    cli.child.kill('SIGKILL');
    await cli.done;
    expect(journal(state)['egress-route'].status).toBe('running');

    const json = await runMain(['status', '--offline', '-o', 'json', '--state', state]);
    expect(json.code, json.stderr).toBe(ExitCode.statusInterrupted);
    const doc = JSON.parse(json.stdout);
    expect(doc.status).toBe('interrupted');
    expect(doc.exitReason).toBe('interrupted');
    const statuses = Object.fromEntries(doc.steps.map((s: { id: string; status: string }) => [s.id, s.status]));
    expect(statuses['egress-route']).toBe('interrupted');
    expect(Object.values(statuses)).not.toContain('running');

    const text = await runMain(['status', '--offline', '--state', state]);
    expect(text.code, text.stderr).toBe(ExitCode.statusInterrupted);
    expect(text.stdout).toMatch(/! +3\. Egress .* interrupted/);
    expect(text.stdout).not.toMatch(/\brunning\b/);
    expect(text.stdout).toContain(`secure-aks status --resume --state ${state}`);
    expect(text.stdout + text.stderr).not.toMatch(/InternalError|\n\s+at /);
  }, 90_000);
});
