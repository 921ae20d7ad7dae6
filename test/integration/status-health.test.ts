/**
 * `status` tells scripts and people the truth: its exit code says how healthy the deployment is (0 healthy,
 * 11 failed, 12 interrupted, 13 drifted or could not check, 14 incomplete; the worst wins), -o json says it as `exitReason`, and
 * the text view shows what exists (private FQDN and IP, firewall IPs, the jumphost) as the steps recorded it.
 * The end of a finished init names `secure-aks verify`, and says nothing of a jumphost or Bastion it did not build.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/core/errors.js';
import { initArgs, runMain, type MainResult } from '../helpers/cli-main.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';

// One set of deployments for the whole file: the emulator is not emptied between tests.
const emu = useTestEmulator({ speed: SPEED.instant, resetBeforeEach: false });
let work: string;
const state = { whole: '', failed: '', bare: '' };
let bareInit: MainResult;
let wholeInit: MainResult;
const poll = { updateIntervalInMs: 20 };

/** init in text (the end of run is what a person reads), without a terminal so nothing asks. */
const textInit = (file: string, name: string, extra: string[] = []) => runMain([...initArgs(emu, file, name), ...extra]);
const status = (file: string, ...extra: string[]) => runMain(['status', '--state', file, ...extra]);
const statusJson = async (file: string, ...extra: string[]) => {
  const r = await status(file, '-o', 'json', ...extra);
  return { code: r.code, doc: JSON.parse(r.stdout) as { status: string; exitReason: string; resources: Record<string, unknown> } };
};

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'secure-aks-status-health-'));
  state.whole = join(work, 'whole.json');
  state.failed = join(work, 'failed.json');
  state.bare = join(work, 'bare.json');
  // The cluster of one deployment fails the way AKS reports blocked node egress.
  await emu.control.fault({
    method: 'PUT',
    path: 'managedClusters/aks-sfail$',
    kind: 'lro-failed',
    code: 'CreateVMSSAgentPoolFailed',
    message: 'VM has reported a failure when processing extension vmssCSE (exit status 50).',
  });
  const failed = runMain([...initArgs(emu, state.failed, 'aks-sfail'), '-o', 'json']);
  [wholeInit, bareInit] = await Promise.all([
    textInit(state.whole, 'aks-swhole'),
    textInit(state.bare, 'aks-sbare', ['--no-jumphost', '--no-bastion']),
  ]);
  expect(wholeInit.code, wholeInit.stderr.slice(-2000)).toBe(0);
  expect(bareInit.code, bareInit.stderr.slice(-2000)).toBe(0);
  expect((await failed).code).toBe(ExitCode.stepFailed);
}, 120_000);
afterAll(async () => {
  await emu.control.clearFaults();
  rmSync(work, { recursive: true, force: true });
});

describe('status exit codes', () => {
  it('a complete deployment without drift exits 0 (healthy), checked or --offline', async () => {
    const checked = await statusJson(state.whole);
    expect(checked.code).toBe(ExitCode.ok);
    expect(checked.doc.exitReason).toBe('healthy');
    expect((await statusJson(state.whole, '--offline')).code).toBe(ExitCode.ok);
  });

  it('a failed step exits 11, offline too', async () => {
    const r = await statusJson(state.failed);
    expect(r.code).toBe(ExitCode.statusFailed);
    expect(r.doc.exitReason).toBe('failed');
    expect((await status(state.failed, '--offline')).code).toBe(ExitCode.statusFailed);
  });

  it('a step recorded running while no run holds the lock exits 12', async () => {
    const file = join(work, 'interrupted.json');
    const doc = JSON.parse(readFileSync(state.whole, 'utf8'));
    doc.steps.health.status = 'running';
    delete doc.steps.health.finishedAt;
    writeFileSync(file, JSON.stringify(doc), { mode: 0o600 });
    const r = await statusJson(file, '--offline');
    expect(r.code).toBe(ExitCode.statusInterrupted);
    expect(r.doc.exitReason).toBe('interrupted');
  });

  it('a run cancelled with Ctrl-C (its steps journaled failed with the code Interrupted) exits 14, not 11', async () => {
    const file = join(work, 'cancelled.json');
    const doc = JSON.parse(readFileSync(state.whole, 'utf8'));
    // What Ctrl-C during steps 9 and 10 leaves (the runner journals the running steps so, then exits 130).
    for (const id of ['health', 'test-deployment']) {
      doc.steps[id] = {
        status: 'failed',
        startedAt: doc.steps[id].startedAt,
        finishedAt: doc.steps[id].finishedAt,
        error: {
          code: 'Interrupted',
          message: `Step ${id} was interrupted.`,
          remediation: 'Run `secure-aks status --resume` to continue.',
        },
      };
    }
    writeFileSync(file, JSON.stringify(doc), { mode: 0o600 });
    const r = await statusJson(file, '--offline');
    expect(r.code).toBe(ExitCode.statusIncomplete);
    expect(r.doc.exitReason).toBe('incomplete');
  });

  it('a deleted route exits 13 (drifted) when drift is checked, 0 with --offline (Azure not asked)', async () => {
    const file = join(work, 'drift.json');
    const init = await runMain([...initArgs(emu, file, 'aks-sdrift'), '-o', 'json']);
    expect(init.code, init.stderr.slice(-2000)).toBe(0);
    const net = await emu.clients().network();
    await net.routes.beginDeleteAndWait('rg-aks-sdrift', 'rt-aks-sdrift', 'default-via-firewall', poll);
    const r = await statusJson(file);
    expect(r.code).toBe(ExitCode.statusDrifted);
    expect(r.doc.exitReason).toBe('drifted');
    expect((await status(file, '--offline')).code).toBe(ExitCode.ok);
    // The worst finding wins: a failed step outranks the drift.
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.steps['test-deployment'].status = 'failed';
    writeFileSync(file, JSON.stringify(doc), { mode: 0o600 });
    expect((await status(file)).code).toBe(ExitCode.statusFailed);
  });

  it('a drift check that could not run exits 13 (unchecked), not 0: a 500 on every try, or a 403', async () => {
    // The route table's GET fails: step 3 cannot say whether Azure still matches, so status cannot claim healthy.
    await emu.control.fault({ method: 'GET', path: 'routeTables/rt-aks-swhole$', kind: 'status', status: 500 });
    try {
      const r = await statusJson(state.whole);
      expect(r.code).toBe(ExitCode.statusDrifted);
      expect(r.doc.exitReason).toBe('unchecked');
      // The run log holds the requests that failed: named, as a failure names it.
      const logFile = (r.doc as unknown as { logFile: string }).logFile;
      expect(readFileSync(logFile, 'utf8')).toMatch(/drift unchecked: egress-route InternalServerError/);
      const text = await status(state.whole);
      expect(text.code).toBe(ExitCode.statusDrifted);
      expect(text.stdout).toMatch(/\? +3\. .*: could not check \(/);
      expect(text.stdout).not.toMatch(/No drift/);
      expect(text.stdout).toMatch(/^Log: \S+status\.log$/m);
    } finally {
      await emu.control.clearFaults();
    }
    await emu.control.fault({
      method: 'GET',
      path: 'routeTables/rt-aks-swhole$',
      kind: 'status',
      status: 403,
      code: 'AuthorizationFailed',
    });
    try {
      expect((await statusJson(state.whole)).doc.exitReason).toBe('unchecked');
    } finally {
      await emu.control.clearFaults();
    }
    expect((await statusJson(state.whole)).code).toBe(ExitCode.ok);
  }, 60_000);

  it('after destroy every step is pending: exits 14 (incomplete), and the resources are gone from the view', async () => {
    const file = join(work, 'destroyed.json');
    const init = await runMain([...initArgs(emu, file, 'aks-sgone'), '-o', 'json']);
    expect(init.code, init.stderr.slice(-2000)).toBe(0);
    const destroyed = await runMain(['destroy', '--yes', '--non-interactive', '-o', 'json', '--state', file]);
    expect(destroyed.code, destroyed.stderr.slice(-2000)).toBe(0);
    const r = await statusJson(file);
    expect(r.code).toBe(ExitCode.statusIncomplete);
    expect(r.doc.exitReason).toBe('incomplete');
    expect(r.doc.resources).toEqual({});
    expect((await status(file, '--offline')).code).toBe(ExitCode.statusIncomplete);
  }, 60_000);
});

describe('status shows what exists', () => {
  it('the private FQDN and IP, the firewall IPs and the jumphost with how to reach it, marked as recorded', async () => {
    const { doc } = await statusJson(state.whole);
    const r = doc.resources as {
      apiServer: { privateFqdn: string; privateIp: string };
      firewall: { publicIp: string; privateIp: string };
      routeTable: { name: string };
      jumphost: { vmName: string; privateIp: string; keyFile: string; bastion: string };
    };
    expect(r.apiServer.privateFqdn).toMatch(/\.privatelink\.eastus\.azmk8s\.io$/);
    expect(r.apiServer.privateIp).toMatch(/^10\.42\.1\.\d+$/);
    expect(r.firewall.privateIp).toBe('10.42.0.4');
    expect(r.firewall.publicIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(r.routeTable.name).toBe('rt-aks-swhole');
    expect(r.jumphost).toMatchObject({ vmName: 'vm-aks-swhole-jump', bastion: 'bas-aks-swhole' });

    const text = (await status(state.whole)).stdout;
    expect(text).toMatch(/What the last run recorded it built \(from the state file; the drift check below/);
    expect(text).toContain(`API server       ${r.apiServer.privateFqdn} -> ${r.apiServer.privateIp} (private only)`);
    expect(text).toContain(`public IP ${r.firewall.publicIp} (egress), private IP 10.42.0.4`);
    expect(text).toContain('Route table      rt-aks-swhole: 0.0.0.0/0 -> 10.42.0.4');
    expect(text).toMatch(
      new RegExp(
        `Jumphost +vm-aks-swhole-jump, private IP ${r.jumphost.privateIp.replace(/\./g, '\\.')}, key \\S+whole\\.json\\.aks-swhole-jumphost\\.key`,
      ),
    );
    expect(text).toMatch(/reach it:\s+az network bastion ssh --name bas-aks-swhole --resource-group rg-aks-swhole .*--username azureuser/);
    expect(text).toMatch(/No drift: Azure matches every done step\./);
    // No production option is on: status shows the tier (every cluster has one) and none of the options.
    expect(r).toMatchObject({ tier: 'standard' });
    expect(text).toMatch(/^ {2}Tier +Standard: financially backed uptime SLA/m);
    expect(Object.keys(r)).not.toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^(pools|addons|logAnalyticsWorkspace|dataCollectionRule|keyVault|policyAssignment|maintenanceWindows)$/),
      ]),
    );
    expect(text).not.toMatch(/^ {2}(Node pools|Add-ons|Log Analytics|Data collection|Key Vault|Policy|Maintenance) /m);

    const offline = (await status(state.whole, '--offline')).stdout;
    expect(offline).toMatch(/What the last run recorded it built \(from the state file, not compared with Azure\):/);
  });

  it('without jumphost and Bastion: no jumphost or Bastion line, the rest as built', async () => {
    const r = await status(state.bare);
    expect(r.code, r.stderr).toBe(ExitCode.ok);
    expect(r.stdout).toMatch(/API server +\S+\.privatelink\.eastus\.azmk8s\.io -> 10\.42\.1\.\d+/);
    expect(r.stdout).toMatch(/Firewall +afw-aks-sbare/);
    expect(r.stdout).not.toMatch(/Jumphost|Bastion +bas-|bastion ssh/);
  });

  it('a failed deployment shows what its done steps built and the error', async () => {
    const r = await status(state.failed);
    expect(r.stdout).toMatch(/Firewall +afw-aks-sfail, public IP/);
    expect(r.stdout).not.toMatch(/^ {2}Cluster +/m);
    expect(r.stdout).toMatch(/CreateVMSSAgentPoolFailed/);
  });
});

describe('the end of a finished init', () => {
  it('names secure-aks verify and status, with the state file the run used', () => {
    expect(wholeInit.stdout).toContain(`secure-aks verify --state ${state.whole}`);
    expect(wholeInit.stdout).toContain(`secure-aks status --state ${state.whole}`);
    expect(wholeInit.stdout).toMatch(/az network bastion ssh --name bas-aks-swhole/);
  });

  it('with --no-jumphost --no-bastion says nothing of either, and points at az aks command invoke', () => {
    expect(bareInit.stdout).toContain('secure-aks verify --state');
    expect(bareInit.stdout).toContain('az aks command invoke --resource-group rg-aks-sbare --name aks-sbare');
    const end = bareInit.stdout.slice(bareInit.stdout.indexOf('How to reach'));
    expect(end).not.toMatch(/jumphost|bastion/i);
  });
});
