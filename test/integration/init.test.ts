import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cli-main.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { armWrites, deployArgs } from '../reliability/harness.js';

// A test emulator fast enough that a private cluster takes about a second; the commands run in-process.
const emu = useTestEmulator({ speed: 600 });
let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'secure-aks-init-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const logged = async () => (await emu.control.requests()).length;
/** PUT/PATCH/DELETE requests logged after the first `from` entries. */
const writesSince = async (from: number) => armWrites((await emu.control.requests()).slice(from));
const deploy = (command: string[], name: string, state: string) => deployArgs(emu, state, command, name);

describe('init against a test emulator (in-process)', () => {
  it('plan on an empty subscription lists the creations of every step that creates and writes nothing', async () => {
    const before = await logged();
    const r = await runMain(deploy(['plan'], 'aks-demo', join(work, 'demo.json')));
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.steps).toHaveLength(10);
    // Step 9 only reads (kubectl checks): it has nothing to create.
    for (const step of doc.steps.filter((s: { id: string }) => s.id !== 'health')) {
      expect(
        step.changes.some((c: { action: string }) => c.action === 'create'),
        step.id,
      ).toBe(true);
    }
    expect(await writesSince(before)).toEqual([]);
  });

  it('init walks all ten steps, and a second run makes no writes', async () => {
    const state = join(work, 'demo.json');
    const start = await logged();
    const first = await runMain(deploy(['init'], 'aks-demo', state));
    expect(first.code, first.stderr).toBe(0);
    const doc = JSON.parse(first.stdout);
    expect(doc.status).toBe('done');
    expect(doc.steps.map((s: { number: number; status: string }) => [s.number, s.status])).toEqual(
      Array.from({ length: 10 }, (_, i) => [i + 1, 'done']),
    );
    // Azure refuses rule group writes to the policy and subnet writes in the VNet while the firewall
    // provisions: all of them come before the firewall PUT; the default route (not a subnet write) after it.
    const writes = (await writesSince(start)).filter((w) => w.method === 'PUT' && /rg-aks-demo\//i.test(w.path));
    const at = (re: RegExp) => writes.map((w, k) => (re.test(w.path) ? k : -1)).filter((k) => k >= 0);
    const firewallPut = at(/azureFirewalls\/afw-aks-demo$/i);
    expect(firewallPut).toHaveLength(1);
    const [fw] = firewallPut;
    expect(at(/ruleCollectionGroups\//i).length).toBeGreaterThan(0);
    expect(at(/ruleCollectionGroups\//i).every((k) => k < fw!)).toBe(true);
    expect(at(/virtualNetworks\/[^/]+\/subnets\//i).every((k) => k < fw!)).toBe(true);
    expect(at(/routes\/default-via-firewall$/i).every((k) => k > fw!)).toBe(true);
    // The cluster comes after the node subnet's NSG association.
    expect(Math.max(...at(/subnets\/snet-aks-nodes$/i))).toBeLessThan(Math.min(...at(/managedClusters\/aks-demo$/i)));

    const before = await logged();
    const again = await runMain(deploy(['init'], 'aks-demo', state));
    expect(again.code, again.stderr).toBe(0);
    expect(await writesSince(before)).toEqual([]);
  });

  it("a failed step exits 1, status names it with Azure's code, and status --resume finishes", async () => {
    const state = join(work, 'fail.json');
    await emu.control.fault({
      method: 'PUT',
      path: 'managedClusters/aks-fail$',
      kind: 'lro-failed',
      code: 'CreateVMSSAgentPoolFailed',
      message: 'VM has reported a failure when processing extension vmssCSE (exit status 50).',
    });
    try {
      const failed = await runMain(deploy(['init'], 'aks-fail', state));
      expect(failed.code, failed.stderr).toBe(1);
      const status = await runMain(['status', '-o', 'json', '--state', state]);
      const cluster = JSON.parse(status.stdout).steps.find((s: { id: string }) => s.id === 'cluster');
      expect(cluster.status).toBe('failed');
      expect(cluster.error.code).toBe('CreateVMSSAgentPoolFailed');
      expect(cluster.error.message).toMatch(/exit status 50/);
      expect(cluster.error.remediation).toMatch(/firewall/i);
    } finally {
      await emu.control.clearFaults();
    }
    const resumed = await runMain(['status', '--resume', '--non-interactive', '--yes', '-o', 'json', '--state', state]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout).steps.every((s: { status: string }) => s.status === 'done')).toBe(true);
  });

  it('a caller without permission to create role assignments exits 4 naming what is missing', async () => {
    await emu.control.setCaller({ actions: ['*'], notActions: ['Microsoft.Authorization/*/write'] });
    try {
      const r = await runMain(deploy(['init'], 'aks-denied', join(work, 'denied.json')));
      expect(r.code, r.stderr).toBe(4);
      const doc = JSON.parse(r.stdout);
      expect(doc.error.message).toMatch(/Microsoft\.Authorization\/roleAssignments\/write/);
      expect(doc.error.remediation).toBeTruthy();
    } finally {
      await emu.control.setCaller({ actions: ['*'], notActions: [] });
    }
  });
});
