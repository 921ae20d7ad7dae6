import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AzureClients } from '../../src/azure/types.js';
import { endpointFlags, runMain } from '../helpers/cli-main.js';
import { UNATTENDED_JSON } from '../helpers/cli-args.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

interface Check {
  id: string;
  result: string;
  evidence: string;
}

let work: string;
// Not reset between tests: one deployment, which each test breaks and mends.
let emu: TestEmulator;
let azure: AzureClients;
const state = () => join(work, 'state.json');
const target = () => endpointFlags(emu);
const failing = (checks: Check[]) =>
  checks
    .filter((c) => c.result === 'fail')
    .map((c) => c.id)
    .sort();
const LRO = { updateIntervalInMs: 20 };

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'secure-aks-verify-command-'));
  emu = await startTestEmulator({ speed: 600 });
  // The test breaks things the way a colleague would: through the real SDK clients, not the CLI.
  azure = emu.clients();
  const init = await runMain([
    'init',
    ...target(),
    ...UNATTENDED_JSON,
    '-l',
    'eastus',
    '-g',
    'rg-vdemo',
    '-n',
    'aks-vdemo',
    '--state',
    state(),
  ]);
  expect(init.code, init.stderr).toBe(0);
}, 180_000);
afterAll(async () => {
  await emu?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('verify (in-process, against a test emulator)', () => {
  it('a fresh deployment: verify -o json passes every check, lists the ten steps, exits 0', async () => {
    const r = await runMain(['verify', '-o', 'json', '--state', state()]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.status).toBe('pass');
    expect(doc).not.toHaveProperty('logFile');
    // No add-on is on: its checks do not apply.
    const judged = doc.checks.filter((c: Check) => !(c.id.startsWith('addon.') && c.result === 'not-applicable'));
    expect(judged.filter((c: Check) => c.result !== 'pass').map((c: Check) => `${c.id}: ${c.evidence}`)).toEqual([]);
    expect(doc.checks.length).toBeGreaterThanOrEqual(31);
    expect(doc.steps.map((s: { number: number; status: string }) => [s.number, s.status])).toEqual(
      Array.from({ length: 10 }, (_, i) => [i + 1, 'done']),
    );
    // Progress (runCommand) goes to stderr, never into the JSON document.
    expect(r.stderr).toMatch(/runCommand: kubectl get nodes/);
  });

  it('local accounts enabled through the SDK: exit 1 naming cluster.local-accounts-disabled, in JSON and in plain text', async () => {
    const aks = await azure.containerService();
    const cluster = await aks.managedClusters.get('rg-vdemo', 'aks-vdemo');
    await aks.managedClusters.createOrUpdate('rg-vdemo', 'aks-vdemo', { ...cluster, disableLocalAccounts: false }, LRO).pollUntilDone();
    try {
      const json = await runMain(['verify', '-o', 'json', '--no-in-cluster', '--state', state()]);
      expect(json.code, json.stderr).toBe(1);
      const doc = JSON.parse(json.stdout);
      expect(failing(doc.checks)).toEqual(['cluster.local-accounts-disabled']);
      // A failed audit names what support asks for, as every failure does: the correlation id and the run log.
      expect(doc.correlationId).toMatch(/^[0-9a-f-]{36}$/);
      expect(existsSync(doc.logFile)).toBe(true);
      expect(readFileSync(doc.logFile, 'utf8')).toMatch(
        new RegExp(`correlation=${doc.correlationId}[\\s\\S]*not verified: 1 check\\(s\\) failed`),
      );

      // Colours allowed by the environment, but stdout is not a terminal: no escape codes.
      const text = await runMain(['verify', '--no-in-cluster', '--state', state()], { NO_COLOR: '' });
      expect(text.code, text.stderr).toBe(1);
      expect(text.stdout).toMatch(/✖ fail cluster\.local-accounts-disabled/);
      expect(text.stdout).toMatch(/What to do: .+/);
      expect(text.stdout).toMatch(/Not verified: \d+ passed, 1 failed/);
      expect(text.stdout).toMatch(/^Correlation id: [0-9a-f-]{36}\nLog: \S+verify\.log$/m);
      expect(text.stdout + text.stderr).not.toContain('\x1b[');
    } finally {
      await aks.managedClusters.createOrUpdate('rg-vdemo', 'aks-vdemo', { ...cluster, disableLocalAccounts: true }, LRO).pollUntilDone();
    }
  });

  it('an Internet-inbound NSG rule added through the SDK: exit 1 naming the check and the rule', async () => {
    const network = await azure.network();
    const nsg = 'nsg-aks-vdemo-nodes';
    await network.securityRules.beginCreateOrUpdateAndWait(
      'rg-vdemo',
      nsg,
      'allow-internet-ssh',
      {
        priority: 3000,
        direction: 'Inbound',
        access: 'Allow',
        protocol: 'Tcp',
        sourceAddressPrefix: 'Internet',
        sourcePortRange: '*',
        destinationAddressPrefix: '*',
        destinationPortRange: '22',
      },
      LRO,
    );
    try {
      const r = await runMain(['verify', '-o', 'json', '--no-in-cluster', '--state', state()]);
      expect(r.code, r.stderr).toBe(1);
      const checks: Check[] = JSON.parse(r.stdout).checks;
      expect(failing(checks)).toEqual(['network.node-nsg-no-internet-inbound']);
      expect(checks.find((c) => c.id === 'network.node-nsg-no-internet-inbound')!.evidence).toContain('allow-internet-ssh');
    } finally {
      await network.securityRules.beginDeleteAndWait('rg-vdemo', nsg, 'allow-internet-ssh', LRO);
    }
    const again = await runMain(['verify', '-o', 'json', '--no-in-cluster', '--state', state()]);
    expect(again.code, again.stderr).toBe(0);
  });

  it('verify -g -n on a plain public cluster created through the SDK: exit 1 with the expected failures, no crash', async () => {
    await (await azure.resources()).resourceGroups.createOrUpdate('rg-plain', { location: 'eastus' });
    await (
      await azure.containerService()
    ).managedClusters
      .createOrUpdate(
        'rg-plain',
        'aks-plain',
        {
          location: 'eastus',
          dnsPrefix: 'aks-plain',
          identity: { type: 'SystemAssigned' },
          agentPoolProfiles: [{ name: 'nodepool1', count: 1, vmSize: 'Standard_D2s_v5', mode: 'System', osType: 'Linux' }],
        },
        LRO,
      )
      .pollUntilDone();
    // The state file of another deployment is present; -g/-n still audit the named cluster.
    const r = await runMain(['verify', '-g', 'rg-plain', '-n', 'aks-plain', ...target(), '-o', 'json', '--state', state()]);
    expect(r.code, r.stderr).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.status).toBe('fail');
    expect(doc.steps).toEqual([]);
    expect(doc.cluster).toMatchObject({ resourceGroup: 'rg-plain', name: 'aks-plain' });
    const fails = failing(doc.checks);
    for (const id of [
      'api-server.private',
      'egress.outbound-type',
      'egress.default-route',
      'network.node-nsg',
      'cluster.local-accounts-disabled',
      'in-cluster.egress-denied',
    ]) {
      expect(fails, id).toContain(id);
    }
    expect(doc.checks.find((c: Check) => c.id === 'api-server.private-dns').result).toBe('not-applicable');
    expect(r.stderr).not.toMatch(/TypeError|at .+\.js:\d+/);
  });

  it('a cluster that does not exist is a usage error (exit 2) naming it', async () => {
    const r = await runMain(['verify', '-g', 'rg-plain', '-n', 'nope', ...target(), '--state', state()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ClusterNotFound: .*nope/);
  });
});
