/**
 * kill -9 of the built CLI at chosen and random moments, against a separately started emulator that
 * survives it: `status --resume` converges to exactly the resources of an uninterrupted run, the state
 * file is always readable, and an operation in flight is re-attached instead of being sent again.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../e2e/run-cli.js';
import { compareShapes, deployArgs, resourceShapes, resumeArgs, runCli, spawnCli, useBaseline, waitFor, type RunningCli } from './harness.js';

// Slow enough that a cluster, firewall or Bastion operation is still running when the CLI is killed, and
// still running after `status` and the resume's first steps (a Bastion takes seven Azure minutes: 5.25 s here).
const b = useBaseline('crash', 80);

function readJournal(state: string): Record<string, { status: string; inFlight?: { resourceId: string } }> | undefined {
  if (!existsSync(state)) return undefined;
  return (JSON.parse(readFileSync(state, 'utf8')) as { steps: Record<string, { status: string; inFlight?: { resourceId: string } }> }).steps;
}

async function kill(cli: RunningCli): Promise<void> {
  cli.child.kill('SIGKILL');
  await cli.done;
}

/**
 * After the kill: the state file parses (`status`, unless `statusFirst` is false), then resume finishes and
 * Azure matches the clean run.
 */
async function resumeAndCompare(state: string, options: { statusFirst?: boolean } = {}): Promise<{ stderr: string }> {
  if (existsSync(state) && options.statusFirst !== false) {
    const status = await runCli(['status', '-o', 'json', '--state', state]);
    expect(status.code, status.stderr).toBe(0);
  }
  // A kill before the state file existed leaves nothing to resume: init again is the way back.
  const resumed = await runCli(existsSync(state) ? resumeArgs(state) : deployArgs(b.emu, state));
  expect(resumed.code, resumed.stderr.slice(-3000)).toBe(0);
  expect(JSON.parse(resumed.stdout).steps.map((s: { status: string }) => s.status)).toEqual(Array(10).fill('done'));
  expect(compareShapes(b.clean, resourceShapes(await b.emu.resources()))).toEqual({ missing: [], extra: [], duplicates: [] });
  return resumed;
}

async function putsOn(pathEnd: RegExp): Promise<number[]> {
  return (await b.emu.requests()).filter((r) => r.method === 'PUT' && pathEnd.test(r.path)).map((r) => r.status);
}

describe('an operation in flight when the CLI died is re-attached, never sent twice', () => {
  const cases = [
    { name: 'cluster', step: 'cluster', resource: /managedClusters\/aks-rel$/, label: 'cluster aks-rel' },
    { name: 'firewall', step: 'egress-route', resource: /azureFirewalls\/afw-aks-rel$/, label: 'firewall afw-aks-rel' },
    // The shortest of the three (5.25 s here): `status` with its drift check (about 2 s) would leave the
    // resume too little of it on a loaded machine, so this case resumes at once; the others run `status`.
    { name: 'Bastion', step: 'bastion', resource: /bastionHosts\/bas-aks-rel$/, label: 'Bastion bas-aks-rel', statusFirst: false },
  ];
  for (const c of cases) {
    it(`${c.name}: killed while polling, resumed while the create still runs`, async () => {
      await b.emu.reset();
      const state = b.stateFile();
      const cli = spawnCli(deployArgs(b.emu, state));
      const journaled = await waitFor(async () => c.resource.test(readJournal(state)?.[c.step]?.inFlight?.resourceId ?? ''), cli, 5);
      expect(journaled).toBe(true);
      await kill(cli);
      const inAzure = (await b.emu.resources()).find((r) => c.resource.test(r.id));
      expect(inAzure?.properties?.provisioningState).not.toBe('Succeeded');
      const { stderr } = await resumeAndCompare(state, { statusFirst: c.statusFirst });
      // This operation's own re-attach (another one in flight at the kill could print one too).
      expect(stderr).toContain(`${c.label}: re-attaching`);
      expect(await putsOn(c.resource)).toHaveLength(1);
      expect(readJournal(state)?.[c.step]?.inFlight).toBeUndefined();
    }, 60_000);
  }

  it('cluster: killed right after the create request was sent (maybe before the journal write)', async () => {
    await b.emu.reset();
    const state = b.stateFile();
    const cli = spawnCli(deployArgs(b.emu, state));
    expect(await waitFor(async () => (await putsOn(/managedClusters\/aks-rel$/)).length > 0, cli, 5)).toBe(true);
    await kill(cli);
    await resumeAndCompare(state);
    expect(await putsOn(/managedClusters\/aks-rel$/)).toHaveLength(1);
  }, 60_000);
});

describe('kill -9 at random moments', () => {
  it('every kill point converges to the resources of an uninterrupted run', async () => {
    for (const atMs of [200, 1500, 3200]) {
      await b.emu.reset();
      const state = b.stateFile();
      const cli = spawnCli(deployArgs(b.emu, state));
      await new Promise((r) => setTimeout(r, atMs));
      await kill(cli);
      await resumeAndCompare(state);
    }
  }, 120_000);

  it('a kill while the state file is being written leaves the old or the new file, never a torn one', async () => {
    const file = join(b.work, 'hammer', 'state.json');
    const storeUrl = pathToFileURL(join(ROOT, 'dist', 'state', 'store.js')).href;
    const schemaUrl = pathToFileURL(join(ROOT, 'dist', 'state', 'schema.js')).href;
    const defaultsUrl = pathToFileURL(join(ROOT, 'dist', 'config', 'defaults.js')).href;
    // A child that rewrites a growing state file as fast as it can, until it is killed.
    const script = `
      const { saveState } = await import(${JSON.stringify(storeUrl)});
      const { createState } = await import(${JSON.stringify(schemaUrl)});
      const { DEFAULTS } = await import(${JSON.stringify(defaultsUrl)});
      // A complete configuration: loading a state file checks the recorded one like flags.
      const s = createState({ command: 'init', target: { kind: 'emulator', cloud: 'AzureCloud', armEndpoint: 'https://127.0.0.1:1' },
        config: { ...DEFAULTS, subscriptionId: '00000000-0000-0000-0000-000000000000', resourceGroup: 'rg', location: 'eastus', name: 'aks' } });
      for (let i = 0; ; i++) { s.steps.network = { status: 'running', outputs: { n: i, pad: 'x'.repeat(i % 5000) } }; await saveState(${JSON.stringify(file)}, s); }`;
    const { loadState } = (await import(storeUrl)) as { loadState(f: string): Promise<{ steps: Record<string, unknown> } | undefined> };
    for (let i = 0; i < 8; i++) {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'ignore' });
      while (!existsSync(file)) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 100));
      child.kill('SIGKILL');
      await new Promise((r) => child.on('close', r));
      const state = await loadState(file);
      expect(state?.steps.network).toBeTruthy();
    }
  }, 60_000);
});
