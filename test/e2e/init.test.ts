import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, useSeparateEmulator } from './run-cli.js';
import { SPEED } from '../helpers/speeds.js';

// A separately started emulator, fast enough that a private cluster takes about a second.
const e = useSeparateEmulator('init', SPEED.fast);

function deployArgs(command: string[], name: string, state: string): string[] {
  return [
    ...command,
    '--arm-endpoint',
    e.url,
    '--arm-ca',
    e.caFile,
    '--non-interactive',
    '--yes',
    '-o',
    'json',
    '-l',
    'eastus',
    '-g',
    `rg-${name}`,
    '-n',
    name,
    '--state',
    state,
  ];
}

describe('init against a separately started emulator (built CLI)', () => {
  it('plan on an empty subscription lists the creations of every step that creates and writes nothing', async () => {
    const before = (await e.control.requests()).length;
    const r = await runCli(deployArgs(['plan'], 'aks-demo', join(e.work, 'demo.json')));
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
    expect(await e.writesSince(before)).toEqual([]);
  });

  it('init walks all ten steps, and a second run makes no writes', async () => {
    const state = join(e.work, 'demo.json');
    const start = (await e.control.requests()).length;
    const first = await runCli(deployArgs(['init'], 'aks-demo', state));
    expect(first.code, first.stderr).toBe(0);
    const doc = JSON.parse(first.stdout);
    expect(doc.status).toBe('done');
    expect(doc.steps.map((s: { number: number; status: string }) => [s.number, s.status])).toEqual(
      Array.from({ length: 10 }, (_, i) => [i + 1, 'done']),
    );
    // Azure refuses rule group writes to the policy and subnet writes in the VNet while the firewall
    // provisions: all of them come before the firewall PUT; the default route (not a subnet write) after it.
    const writes = (await e.writesSince(start)).filter((w) => w.method === 'PUT' && /rg-aks-demo\//i.test(w.path));
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

    const before = (await e.control.requests()).length;
    const again = await runCli(deployArgs(['init'], 'aks-demo', state));
    expect(again.code, again.stderr).toBe(0);
    expect(await e.writesSince(before)).toEqual([]);
  });

  it("a failed step exits 1, status names it with Azure's code, and status --resume finishes", async () => {
    const state = join(e.work, 'fail.json');
    await e.control.fault({
      method: 'PUT',
      path: 'managedClusters/aks-fail$',
      kind: 'lro-failed',
      code: 'CreateVMSSAgentPoolFailed',
      message: 'VM has reported a failure when processing extension vmssCSE (exit status 50).',
    });
    try {
      const failed = await runCli(deployArgs(['init'], 'aks-fail', state));
      expect(failed.code, failed.stderr).toBe(1);
      const status = await runCli(['status', '-o', 'json', '--state', state]);
      const cluster = JSON.parse(status.stdout).steps.find((s: { id: string }) => s.id === 'cluster');
      expect(cluster.status).toBe('failed');
      expect(cluster.error.code).toBe('CreateVMSSAgentPoolFailed');
      expect(cluster.error.message).toMatch(/exit status 50/);
      expect(cluster.error.remediation).toMatch(/firewall/i);
    } finally {
      await e.control.clearFaults();
    }
    const resumed = await runCli(['status', '--resume', '--non-interactive', '--yes', '-o', 'json', '--state', state]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout).steps.every((s: { status: string }) => s.status === 'done')).toBe(true);
  });

  it('a caller without permission to create role assignments exits 4 naming what is missing', async () => {
    await e.control.setCaller({ actions: ['*'], notActions: ['Microsoft.Authorization/*/write'] });
    try {
      const r = await runCli(deployArgs(['init'], 'aks-denied', join(e.work, 'denied.json')));
      expect(r.code, r.stderr).toBe(4);
      const doc = JSON.parse(r.stdout);
      expect(doc.error.message).toMatch(/Microsoft\.Authorization\/roleAssignments\/write/);
      expect(doc.error.remediation).toBeTruthy();
    } finally {
      await e.control.setCaller({ actions: ['*'], notActions: [] });
    }
  });
});
