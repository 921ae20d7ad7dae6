import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, controlGet, controlSend, runCli, startEmulatorProcess, type EmulatorProcess } from './run-cli.js';

interface RequestRecord {
  method: string;
  path: string;
  status: number;
}

const WRITES = new Set(['PUT', 'PATCH', 'DELETE']);
let work: string;
let emu: EmulatorProcess;
let ca: string;
let caFile: string;

beforeAll(async () => {
  assertBuilt();
  work = mkdtempSync(join(tmpdir(), 'secure-aks-e2e-init-'));
  // A separately started emulator, fast enough that a private cluster takes about a second.
  emu = await startEmulatorProcess(['--port', '0', '--data', join(work, 'emu'), '--speed', '600']);
  caFile = join(work, 'emu', 'ca.pem');
  ca = readFileSync(caFile, 'utf8');
});
afterAll(async () => {
  await emu?.stop();
  rmSync(work, { recursive: true, force: true });
});

const requests = () => controlGet<RequestRecord[]>(emu.url, ca, 'requests');
const writesSince = async (from: number) => (await requests()).slice(from).filter((r) => WRITES.has(r.method));

function deployArgs(command: string[], name: string, state: string): string[] {
  return [...command, '--arm-endpoint', emu.url, '--arm-ca', caFile, '--non-interactive', '--yes', '-o', 'json', '-l', 'eastus', '-g', `rg-${name}`, '-n', name, '--state', state];
}

describe('init against a separately started emulator (built CLI)', () => {
  it('plan on an empty subscription lists the creations of every step that creates and writes nothing', async () => {
    const before = (await requests()).length;
    const r = await runCli(deployArgs(['plan'], 'aks-demo', join(work, 'demo.json')));
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.steps).toHaveLength(10);
    // Step 9 only reads (kubectl checks): it has nothing to create.
    for (const step of doc.steps.filter((s: { id: string }) => s.id !== 'health')) {
      expect(step.changes.some((c: { action: string }) => c.action === 'create'), step.id).toBe(true);
    }
    expect(await writesSince(before)).toEqual([]);
  });

  it('init walks all ten steps, and a second run makes no writes', async () => {
    const state = join(work, 'demo.json');
    const first = await runCli(deployArgs(['init'], 'aks-demo', state));
    expect(first.code, first.stderr).toBe(0);
    const doc = JSON.parse(first.stdout);
    expect(doc.status).toBe('done');
    expect(doc.steps.map((s: { number: number; status: string }) => [s.number, s.status])).toEqual(
      Array.from({ length: 10 }, (_, i) => [i + 1, 'done']),
    );
    const before = (await requests()).length;
    const again = await runCli(deployArgs(['init'], 'aks-demo', state));
    expect(again.code, again.stderr).toBe(0);
    expect(await writesSince(before)).toEqual([]);
  });

  it('a failed step exits 1, status names it with Azure\'s code, and status --resume finishes', async () => {
    const state = join(work, 'fail.json');
    await controlSend(emu.url, ca, 'POST', 'faults', {
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
      await controlSend(emu.url, ca, 'DELETE', 'faults');
    }
    const resumed = await runCli(['status', '--resume', '--non-interactive', '--yes', '-o', 'json', '--state', state]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout).steps.every((s: { status: string }) => s.status === 'done')).toBe(true);
  });

  it('a caller without permission to create role assignments exits 4 naming what is missing', async () => {
    await controlSend(emu.url, ca, 'PUT', 'caller', { actions: ['*'], notActions: ['Microsoft.Authorization/*/write'] });
    try {
      const r = await runCli(deployArgs(['init'], 'aks-denied', join(work, 'denied.json')));
      expect(r.code, r.stderr).toBe(4);
      const doc = JSON.parse(r.stdout);
      expect(doc.error.message).toMatch(/Microsoft\.Authorization\/roleAssignments\/write/);
      expect(doc.error.remediation).toBeTruthy();
    } finally {
      await controlSend(emu.url, ca, 'PUT', 'caller', { actions: ['*'], notActions: [] });
    }
  });
});
