import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';
import { deploy, readState, refusedWrites, runDestroyCli, tagged } from './destroy-fixture.js';

/** destroy that stops half-way (an Azure refusal, an interruption) and a re-run that finishes the job. */
describe('destroy in a resource group the user owns, stopped by a failed DELETE, then re-run', () => {
  let emu: TestEmulator;
  const id = 'destroy-resume-01';
  const rg = 'rg-preexisting';
  let stateFile: string;

  beforeAll(async () => {
    emu = await startTestEmulator({ speed: SPEED.instant });
    const rm = await emu.clients().resources();
    await rm.resourceGroups.createOrUpdate(rg, { location: 'eastus', tags: { owner: 'platform-team' } });
    stateFile = (await deploy(emu, { resourceGroup: rg, name: 'aks-resume', deploymentId: id })).stateFile;
  }, 180_000);
  afterAll(async () => emu?.close());

  // The firewall policy belongs to step 4 (firewall-rules): it is written with its groups before the firewall.
  it('a refused DELETE of the firewall policy: exit 1, the step failed with Azure code, later phases untouched', async () => {
    await emu.control.fault({
      method: 'DELETE',
      path: '/firewallPolicies/afwp-aks-resume$',
      kind: 'status',
      status: 409,
      code: 'InjectedConflict',
      message: 'Injected.',
      times: 1,
    });
    const run = await runDestroyCli(stateFile);
    expect(run.exit).toBe(1);
    expect(run.json.status).toBe('failed');
    const step = (sid: string) => run.json.steps.find((s: any) => s.id === sid);
    expect(step('firewall-rules').status).toBe('failed');
    expect(step('firewall-rules').error.code).toBe('InjectedConflict');
    expect(step('firewall-rules').error.remediation).toContain('secure-aks destroy');
    // Each step's real status, as the state file has it: torn down is pending again, not reached is still done.
    expect(step('cluster').status).toBe('pending');
    expect(step('bastion').status).toBe('pending');
    expect(step('network').status).toBe('done');
    const left = (await tagged(emu, id)).map((r) => r.split('/').pop());
    expect(left).toEqual(expect.arrayContaining(['afwp-aks-resume', 'vnet-aks-resume', 'id-aks-resume']));
    expect(left).not.toContain('aks-resume');
    const state = await readState(stateFile);
    expect(state.steps['firewall-rules']?.status).toBe('failed');
    expect(state.steps.cluster?.status).toBe('pending');
    expect(state.steps.network?.status).toBe('done');
    for (const s of run.json.steps) expect(s.status, s.id).toBe(state.steps[s.id as keyof typeof state.steps]?.status ?? 'pending');
  });

  it('the re-run finishes: exit 0, nothing tagged left, the pre-existing group kept and said why', async () => {
    const run = await runDestroyCli(stateFile);
    expect(run.exit).toBe(0);
    expect(run.json.status).toBe('done');
    expect(await tagged(emu, id)).toEqual([]);
    const kept = run.json.kept.find((k: any) => k.id.endsWith(`/${rg}`));
    expect(kept.reason).toMatch(/existed before this deployment/);
    expect((await emu.control.resources()).map((r) => r.name)).toContain(rg);
    expect((await refusedWrites(emu)).filter((w) => !w.includes('firewallPolicies'))).toEqual([]);
    const state = await readState(stateFile);
    expect(Object.values(state.steps).every((s) => s?.status === 'pending')).toBe(true);
    expect(run.json.steps.map((s: any) => s.status)).toEqual(Array(10).fill('pending'));
  });
});

describe('destroy interrupted while the cluster is being deleted, then re-run', () => {
  let emu: TestEmulator;
  const id = 'destroy-crash-01';
  let stateFile: string;

  beforeAll(async () => {
    emu = await startTestEmulator({ speed: SPEED.instant });
    stateFile = (await deploy(emu, { resourceGroup: 'rg-crash', name: 'aks-crash', deploymentId: id })).stateFile;
  }, 180_000);
  afterAll(async () => emu?.close());

  it('Ctrl-C mid-delete exits 130 and leaves the cluster Deleting; the re-run re-attaches and completes', async () => {
    const clusterDeletes = async () =>
      (await emu.control.requests()).filter((r) => r.method === 'DELETE' && /managedClusters\/aks-crash$/i.test(r.path));
    // The cluster delete stays in flight until the clock is advanced: still running when the re-run sends its DELETE.
    await emu.control.fault({ method: 'DELETE', path: 'managedClusters/aks-crash$', kind: 'hold', times: 1 });
    const controller = new AbortController();
    const watcher = setInterval(async () => {
      const cluster = (await emu.control.resources()).find((r) => r.type === 'Microsoft.ContainerService/managedClusters');
      if (cluster?.properties?.provisioningState === 'Deleting') controller.abort();
    }, 50);
    const interrupted = await runDestroyCli(stateFile, { signal: controller.signal }).finally(() => clearInterval(watcher));
    expect(interrupted.exit).toBe(130);
    expect(interrupted.json.status).toBe('interrupted');
    expect((await readState(stateFile)).steps.cluster?.status).toBe('done');

    const rerun = runDestroyCli(stateFile);
    // Once the re-run has sent its DELETE, the held operation is let go.
    const release = setInterval(async () => {
      if ((await clusterDeletes()).length < 2) return;
      clearInterval(release);
      await emu.control.advanceClock(3600);
    }, 50);
    const run = await rerun.finally(() => clearInterval(release));
    expect(run.exit).toBe(0);
    expect(await tagged(emu, id)).toEqual([]);
    // The second DELETE re-attached to the running operation rather than failing with a conflict.
    expect((await clusterDeletes()).map((r) => r.status)).toEqual([202, 202]);
    expect(await refusedWrites(emu)).toEqual([]);
  });
});
