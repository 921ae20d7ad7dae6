/**
 * Faults from Azure, injected through the emulator's control API while a deployment runs (in-process: no
 * process is killed here, so the CLI and the emulator share one): transient faults are absorbed by the
 * clients' retries (one init completes, nothing is created twice), terminal ones fail the step with Azure's
 * code, message and a hint, and resume works once the cause is gone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cli-main.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';
import type { FaultSpec } from '../../src/emulator/core/faults.js';
import { compareShapes, deployArgs, resourceShapes, resumeArgs } from '../reliability/harness.js';

const emu = useTestEmulator({ speed: SPEED.instant });
let work: string;
let counter = 0;
/** The resource shapes of an uninterrupted, fault-free run: what every other run must converge to. */
let clean: Map<string, number>;
const stateFile = () => join(work, `state-${++counter}.json`);

/** init/plan flags for the one deployment of this file (JSON on stdout, never a prompt). */
const deploy = (state: string, command = 'init') => deployArgs(emu, state, [command]);

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'secure-aks-faults-'));
  const r = await runMain(deploy(stateFile()));
  expect(r.code, r.stderr).toBe(0);
  clean = resourceShapes(await emu.control.resources());
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** After a run: Azure holds exactly the clean run's resources, and a plan finds nothing left to do. */
async function expectConverged(state: string): Promise<void> {
  await emu.control.clearFaults();
  expect(compareShapes(clean, resourceShapes(await emu.control.resources()))).toEqual({ missing: [], extra: [], duplicates: [] });
  // No step marked done that is not: every check agrees with the journal.
  const plan = await runMain(deploy(state, 'plan'));
  expect(plan.code, plan.stderr).toBe(0);
  const steps = JSON.parse(plan.stdout).steps as Array<{ id: string; status: string; changes: Array<{ action: string }> }>;
  for (const s of steps)
    expect(
      s.changes.filter((c) => c.action !== 'none'),
      s.id,
    ).toEqual([]);
}

describe('transient faults are retried: one init completes', () => {
  it('10% random faults on every request (429, 500, 503, reset, 409 AnotherOperationInProgress, slow) still complete in one run', async () => {
    const faults = [
      { kind: 'status', status: 429, retryAfter: 0, probability: 0.02 },
      { kind: 'status', status: 500, probability: 0.02 },
      { kind: 'status', status: 503, probability: 0.015 },
      { kind: 'reset', probability: 0.015 },
      {
        kind: 'status',
        status: 409,
        code: 'AnotherOperationInProgress',
        message: 'Another operation on this or dependent resource is in progress.',
        probability: 0.015,
      },
      { kind: 'delay', delayMs: 150, probability: 0.015 },
    ];
    for (const f of faults) await emu.control.fault({ path: '.*', ...f } as FaultSpec);
    const state = stateFile();
    const r = await runMain(deploy(state));
    expect(r.code, r.stderr.slice(-3000)).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.steps.map((s: { status: string }) => s.status)).toEqual(Array(10).fill('done'));
    const log = await emu.control.requests();
    const faulted = log.filter((x) => [0, 409, 429, 500, 503].includes(x.status));
    expect(faulted.length).toBeGreaterThan(5);
    await expectConverged(state);
  }, 90_000);

  it('honours Retry-After on 429, retries a reset while polling the cluster operation and a 409 on the firewall PUT', async () => {
    await emu.control.fault({ method: 'PUT', path: 'managedClusters/aks-rel$', kind: 'status', status: 429, retryAfter: 1, times: 1 });
    await emu.control.fault({ method: 'GET', path: 'Microsoft.ContainerService/locations/.*/operations', kind: 'reset', times: 2 });
    await emu.control.fault({
      method: 'PUT',
      path: 'azureFirewalls/afw-aks-rel$',
      kind: 'status',
      status: 409,
      code: 'AnotherOperationInProgress',
      times: 2,
    });
    const state = stateFile();
    const r = await runMain(deploy(state));
    expect(r.code, r.stderr.slice(-3000)).toBe(0);
    const log = await emu.control.requests();
    const clusterPuts = log.filter((x) => x.method === 'PUT' && /managedClusters\/aks-rel$/.test(x.path));
    expect(clusterPuts.map((x) => x.status)).toEqual([429, 201]);
    expect(Date.parse(clusterPuts[1].time) - Date.parse(clusterPuts[0].time)).toBeGreaterThanOrEqual(950);
    expect(log.filter((x) => x.status === 0 && /operations/.test(x.path))).toHaveLength(2);
    const firewallPuts = log.filter((x) => x.method === 'PUT' && /azureFirewalls\/afw-aks-rel$/.test(x.path));
    expect(firewallPuts.map((x) => x.status)).toEqual([409, 409, 201]);
    await expectConverged(state);
  }, 60_000);
});

describe("terminal failures: the step fails with Azure's code and a hint; resume works once the cause is gone", () => {
  const cases = [
    {
      name: 'cluster nodes cannot reach required FQDNs',
      fault: {
        method: 'PUT',
        path: 'managedClusters/aks-rel$',
        kind: 'lro-failed',
        code: 'CreateVMSSAgentPoolFailed',
        message: 'VM has reported a failure when processing extension vmssCSE (exit status 50).',
      },
      step: 'cluster',
      hint: /firewall/i,
      exit: 1,
    },
    {
      name: 'firewall creation fails',
      fault: {
        method: 'PUT',
        path: 'azureFirewalls/afw-aks-rel$',
        kind: 'lro-failed',
        code: 'InternalServerError',
        message: 'An error occurred while provisioning the firewall.',
      },
      step: 'egress-route',
      hint: /resume/,
      exit: 1,
    },
    {
      name: 'jumphost VM provisioning times out (its OS disk still comes with the retried create)',
      fault: {
        method: 'PUT',
        path: 'virtualMachines/vm-aks-rel-jump$',
        kind: 'lro-failed',
        code: 'OSProvisioningTimedOut',
        message: 'OS Provisioning for VM did not finish in the allotted time.',
      },
      step: 'bastion',
      hint: /resume/,
      exit: 1,
    },
    {
      name: 'role assignment write refused',
      fault: {
        method: 'PUT',
        path: 'roleAssignments/',
        kind: 'status',
        status: 403,
        code: 'AuthorizationFailed',
        message:
          "The client does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/write' over scope '/subscriptions/x'.",
      },
      step: 'egress-route',
      hint: /User Access Administrator|Owner/,
      exit: 4,
    },
  ];

  for (const c of cases) {
    it(
      c.name,
      async () => {
        await emu.control.fault(c.fault as FaultSpec);
        const state = stateFile();
        const failed = await runMain(deploy(state));
        expect(failed.code, failed.stderr.slice(-2000)).toBe(c.exit);
        const status = await runMain(['status', '-o', 'json', '--state', state]);
        const step = JSON.parse(status.stdout).steps.find((s: { id: string }) => s.id === c.step);
        expect(step.status).toBe('failed');
        expect(step.error.code).toBe(c.fault.code);
        expect(step.error.message).toContain(c.fault.message.slice(0, 30));
        expect(step.error.remediation).toMatch(c.hint);
        // While the cause remains, resume fails the same way and changes nothing it should not.
        const again = await runMain(resumeArgs(state));
        expect(again.code).toBe(c.exit);
        await emu.control.clearFaults();
        const resumed = await runMain(resumeArgs(state));
        expect(resumed.code, resumed.stderr.slice(-2000)).toBe(0);
        expect(JSON.parse(resumed.stdout).steps.every((s: { status: string }) => s.status === 'done')).toBe(true);
        await expectConverged(state);
      },
      60_000,
    );
  }
});
