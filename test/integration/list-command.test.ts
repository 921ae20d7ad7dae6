/**
 * `secure-aks list` over a shared blob backend (Azurite, the official Storage emulator) holding deployments
 * built by real init runs against the ARM emulator: one healthy, one drifted afterwards through the SDK, one
 * failed by a terminal fault, one whose run died mid-step (interrupted) and, while the test holds its lease as
 * another run would, running. Foreign blobs and an empty lock placeholder are skipped and named; a prefix
 * narrows the listing; listing takes no lease.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultSpec } from '../../src/emulator/core/faults.js';
import { BlobStateBackend } from '../../src/state/blob/backend.js';
import { blobLocation } from '../../src/state/location.js';
import { main } from '../../src/cli/main.js';
import { BufferedOutput } from '../../src/cli/render/output.js';
import { AZURITE_ACCOUNT, useTestAzurite } from '../helpers/azurite.js';
import { initArgs, runMain } from '../helpers/cli-main.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';

const emu = useTestEmulator({ speed: SPEED.instant, resetBeforeEach: false });
const azurite = useTestAzurite();
const CONTAINER = 'team-states';
const BACKEND = `az://${AZURITE_ACCOUNT}/${CONTAINER}`;
const url = (path: string) => azurite.url(CONTAINER, path);
let work: string;

interface Listed {
  state: string;
  name: string;
  resourceGroup: string;
  region: string;
  deploymentId: string;
  status: string;
  lastRun: { command: string; at: string };
  holder?: { pid: number; host: string; command: string };
  drift: { status: string; reason?: string };
}
interface ListDoc {
  command: string;
  backend: string;
  deployments: Listed[];
  skipped: Array<{ state: string; reason: string }>;
}

function list(args: string[], env: NodeJS.ProcessEnv = {}) {
  return runMain(['list', ...args, ...azurite.stateFlags], env, { cwd: work });
}

async function listJson(args: string[]): Promise<ListDoc> {
  const r = await list([...args, '-o', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as ListDoc;
}

const byName = (doc: ListDoc) => Object.fromEntries(doc.deployments.map((d) => [d.name, d]));

async function init(name: string, path: string, exit = 0) {
  const r = await runMain([...initArgs(emu, url(path), name), ...azurite.stateFlags, '-o', 'json'], {}, { cwd: work });
  expect(r.code, r.stderr.slice(-2000)).toBe(exit);
}

/** Every blob and snapshot of the container, and whether it is leased. */
async function blobVersions(): Promise<Array<{ name: string; snapshot?: string; leased: boolean }>> {
  const found = [];
  for await (const b of (await azurite.container(CONTAINER)).listBlobsFlat({ includeSnapshots: true }))
    found.push({ name: b.name, ...(b.snapshot ? { snapshot: b.snapshot } : {}), leased: b.properties.leaseState === 'leased' });
  return found;
}

function clusterFault(name: string): FaultSpec {
  return {
    method: 'PUT',
    path: `managedClusters/${name}$`,
    kind: 'lro-failed',
    code: 'CreateVMSSAgentPoolFailed',
    message: 'VM has reported a failure when processing extension vmssCSE (exit status 50).',
  } as FaultSpec;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'secure-aks-list-'));
  const container = await azurite.container(CONTAINER);
  await init('aks-healthy', 'payments/healthy.json');
  await init('aks-drifted', 'payments/drifted.json');
  await emu.control.fault(clusterFault('aks-failed'));
  await init('aks-failed', 'payments/failed.json', 1);
  await emu.control.fault(clusterFault('aks-stuck'));
  await init('aks-stuck', 'payments/stuck.json', 1);
  await emu.control.clearFaults();

  // Someone deletes the egress route of one deployment: its step 3 no longer matches Azure.
  const net = await emu.clients().network();
  await net.routes.beginDeleteAndWait('rg-aks-drifted', 'rt-aks-drifted', 'default-via-firewall', { updateIntervalInMs: 20 });

  // The run on aks-stuck died while creating the cluster: the journal says running, no lease is held.
  const stuck = container.getBlockBlobClient('payments/stuck.json');
  const doc = JSON.parse((await stuck.downloadToBuffer()).toString('utf8'));
  doc.steps.cluster = { status: 'running', startedAt: doc.steps.cluster.startedAt };
  const text = JSON.stringify(doc, null, 2);
  await stuck.upload(text, Buffer.byteLength(text));

  // Not deployments: a foreign blob, an empty lock placeholder, a JSON document of another tool.
  await container.getBlockBlobClient('payments/README.md').upload('# payments team states\n', 23);
  await container.getBlockBlobClient('payments/new.json').upload('', 0);
  await container.getBlockBlobClient('payments/terraform.json').upload('{"version":4}', 13);
  // Outside the prefix: another team's deployment (a copy is enough to be listed).
  const healthy = (await container.getBlockBlobClient('payments/healthy.json').downloadToBuffer()).toString('utf8');
  await container.getBlockBlobClient('search/aks-search.json').upload(healthy, Buffer.byteLength(healthy));
  // A deployment destroyed to the end: the journal of a finished destroy has every step pending again.
  const gone = JSON.parse(healthy);
  gone.command = 'destroy';
  for (const id of Object.keys(gone.steps)) gone.steps[id] = { status: 'pending' };
  const goneText = JSON.stringify(gone, null, 2);
  await container.getBlockBlobClient('archive/aks-old.json').upload(goneText, Buffer.byteLength(goneText));
}, 240_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('list over a shared blob backend', () => {
  it('JSON: every deployment with its status, last run and drift; foreign blobs and the placeholder skipped', async () => {
    const before = await blobVersions();
    const doc = await listJson(['--backend', `${BACKEND}/payments/`]);
    expect(doc.command).toBe('list');
    expect(doc.backend).toBe(`${BACKEND}/payments/`);
    const d = byName(doc);
    expect(Object.keys(d).sort()).toEqual(['aks-drifted', 'aks-failed', 'aks-healthy', 'aks-stuck']);
    expect(d['aks-healthy']).toMatchObject({
      state: url('payments/healthy.json'),
      resourceGroup: 'rg-aks-healthy',
      region: 'eastus',
      status: 'done',
      lastRun: { command: 'init' },
      drift: { status: 'none' },
    });
    expect(d['aks-healthy']!.deploymentId).toMatch(/^[0-9a-z-]+$/);
    expect(Date.parse(d['aks-healthy']!.lastRun.at)).not.toBeNaN();
    expect(d['aks-drifted']).toMatchObject({ status: 'done', drift: { status: 'drifted' } });
    expect(d['aks-drifted']!.drift.reason).toMatch(/egress-route/);
    // The failed and interrupted runs got as far as the cluster: what they built before it is checked, and matches.
    expect(d['aks-failed']).toMatchObject({ status: 'failed', drift: { status: 'none' } });
    expect(d['aks-stuck']).toMatchObject({ status: 'interrupted', drift: { status: 'none' } });
    expect(d['aks-stuck']!.holder).toBeUndefined();
    expect(doc.skipped).toEqual([
      { state: url('payments/README.md'), reason: 'not a secure-aks state' },
      { state: url('payments/new.json'), reason: 'an empty lock placeholder (no state yet)' },
      { state: url('payments/terraform.json'), reason: 'not a secure-aks state' },
    ]);
    // Listing took no lease and made no snapshot (a lock would have made both).
    const after = await blobVersions();
    expect(after.filter((b) => b.leased)).toEqual([]);
    expect(after).toEqual(before);
  }, 60_000);

  it('text: a table of the same, the skipped blobs counted and named, exit 0 with a drifted and a failed deployment', async () => {
    const r = await list(['--backend', `${BACKEND}/payments`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`4 deployments in ${BACKEND}/payments`);
    const row = (name: string) => r.stdout.split('\n').find((l) => l.startsWith(`${name} `)) ?? '';
    expect(row('aks-healthy')).toMatch(
      /aks-healthy\s+rg-aks-healthy\s+eastus\s+done\s+init \d{4}-\d\d-\d\d \d\d:\d\dZ\s+none\s+az:\/\/.*payments\/healthy\.json$/,
    );
    expect(row('aks-drifted')).toMatch(/\sdone\s.*\sdrifted\s/);
    expect(row('aks-failed')).toMatch(/\sfailed\s.*\snone\s/);
    expect(row('aks-stuck')).toMatch(/\sinterrupted\s/);
    expect(r.stdout).toMatch(/drifted: step 3 \(egress-route\)/);
    expect(r.stdout).toContain('Skipped 3 blobs that are not a deployment:');
    expect(r.stdout).toContain(`${url('payments/README.md')}: not a secure-aks state`);
  }, 60_000);

  it('a live run holding a lease is shown running, naming the holder; listing takes no lease', async () => {
    const backend = new BlobStateBackend(
      blobLocation(url('payments/stuck.json'))!,
      { endpoint: azurite.endpoint, caFile: azurite.caFile },
      15,
    );
    const lock = await backend.lock('init');
    try {
      const doc = await listJson(['--backend', `${BACKEND}/payments/`]);
      const stuck = byName(doc)['aks-stuck']!;
      expect(stuck.status).toBe('running');
      expect(stuck.holder).toMatchObject({ pid: process.pid, command: 'init' });
      expect(stuck.drift).toMatchObject({ status: 'unchecked', reason: expect.stringMatching(/holds the state lock/) });
      const text = await list(['--backend', `${BACKEND}/payments/`, '--offline']);
      expect(text.stdout).toMatch(/aks-stuck .*\srunning\s/);
      expect(text.stdout).toContain(`running: pid ${process.pid} of `);
      // Said once, not under every row; the holder is why the running one is unchecked anyway.
      expect(text.stdout).toContain('Drift was not checked (--offline).');
      expect(text.stdout).not.toContain('drift unchecked');
      // The lease is still this test's: the listing neither took nor broke it.
      expect(await backend.holder()).toMatchObject({ pid: process.pid, command: 'init' });
    } finally {
      await lock.release();
    }
    expect(byName(await listJson(['--backend', `${BACKEND}/payments/`, '--offline']))['aks-stuck']!.status).toBe('interrupted');
  }, 60_000);

  it('a prefix narrows the listing; without --backend an az:// --state lists its whole container', async () => {
    const team = await listJson(['--backend', `${BACKEND}/search/`, '--offline']);
    expect(team.deployments.map((d) => d.state)).toEqual([url('search/aks-search.json')]);
    expect(team.skipped).toEqual([]);
    const all = await listJson(['--state', url('payments/healthy.json'), '--offline']);
    expect(all.backend).toBe(BACKEND);
    expect(all.deployments.map((d) => d.state).sort()).toEqual(
      [
        'archive/aks-old.json',
        'payments/drifted.json',
        'payments/failed.json',
        'payments/healthy.json',
        'payments/stuck.json',
        'search/aks-search.json',
      ].map(url),
    );
    // --offline: Azure is not asked; a destroyed deployment has nothing there to compare.
    const [old, ...rest] = all.deployments;
    expect(old).toMatchObject({ status: 'destroyed', lastRun: { command: 'destroy' }, drift: { status: 'not-deployed' } });
    expect(rest.every((d) => d.drift.status === 'unchecked' && d.drift.reason === '--offline')).toBe(true);
  }, 60_000);

  it('a narrow terminal gets one block per deployment, no line past its width', async () => {
    // In-process runs write unbounded: the terminal's width comes with the output.
    const output = new BufferedOutput(60);
    const code = await main(['node', 'secure-aks', 'list', '--backend', `${BACKEND}/payments/`, '--offline', ...azurite.stateFlags], {
      output,
      env: { NO_COLOR: '1' },
    });
    expect(code, output.stderr).toBe(0);
    const r = { stdout: output.stdout };
    const lines = r.stdout.trimEnd().split('\n');
    // A state URL is never cut (it is copied as --state); every other line fits.
    expect(lines.filter((l) => l.length > 60 && !/^\s*az:\/\/\S+$/.test(l))).toEqual([]);
    expect(r.stdout).toMatch(/^aks-healthy {2}done {2}drift unchecked$/m);
    expect(r.stdout).toContain(`    ${url('payments/healthy.json')}`);
  }, 60_000);

  it('a container that does not exist is a usage error naming it (exit 2); a bad --backend is refused before any request', async () => {
    const missing = await list(['--backend', `az://${AZURITE_ACCOUNT}/no-such-container`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('StateContainerNotFound');
    expect(missing.stderr).toContain('no-such-container');
    const bad = await list(['--backend', 'az://Bad_Account/x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('InvalidBackendUrl');
    const sas = await list(['--backend', `az://${AZURITE_ACCOUNT}/${CONTAINER}?sv=2025-11-05&sig=abc`]);
    expect(sas.code).toBe(2);
    expect(sas.stderr).toContain('SAS token is never accepted');
    expect(sas.stderr).not.toContain('sig=abc');
  }, 60_000);
});

describe('list without a blob backend', () => {
  it('lists the local state files in .secure-aks/ of the working directory, and says so', async () => {
    const local = mkdtempSync(join(tmpdir(), 'secure-aks-list-local-'));
    try {
      const made = await runMain(initArgs(emu, '.secure-aks/state.json', 'aks-local'), {}, { cwd: local });
      expect(made.code, made.stderr.slice(-2000)).toBe(0);
      const r = await runMain(['list', '-o', 'json'], {}, { cwd: local });
      expect(r.code, r.stderr).toBe(0);
      const doc = JSON.parse(r.stdout) as ListDoc;
      expect(doc.backend).toBe('.secure-aks');
      expect(doc.deployments).toMatchObject([
        { state: '.secure-aks/state.json', name: 'aks-local', status: 'done', drift: { status: 'none' } },
      ]);
      const text = await runMain(['list', '--offline'], {}, { cwd: local });
      expect(text.stdout).toContain('1 deployment in the local state files in .secure-aks/ of this directory');
      expect(text.stdout).toContain('secure-aks list --backend az://');
    } finally {
      rmSync(local, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('list --help', () => {
  it.each([60, 120])('at %i columns fits, with examples, the JSON shape and exit 0 documented for findings', async (columns) => {
    const output = new BufferedOutput(columns);
    expect(await main(['node', 'secure-aks', 'list', '--help'], { output, env: {} })).toBe(0);
    expect(output.stdout.split('\n').filter((l) => l.length > columns)).toEqual([]);
    for (const part of ['--backend <url>', '--offline', 'Examples:', 'Exit codes:', 'skipped: [{state, reason}]'])
      expect(output.stdout.replace(/\s+/g, ' ')).toContain(part);
    expect(output.stdout.replace(/\s+/g, ' ')).toContain(' 0 listed (a failed, running or drifted deployment is shown, not an error)');
  });
});

it('a destroy that stopped part-way is incomplete, not done', async () => {
  const container = await azurite.container(CONTAINER);
  const healthy = JSON.parse((await container.getBlockBlobClient('payments/healthy.json').downloadToBuffer()).toString('utf8'));
  // Killed after taking down the test deployment only: every other step still records done.
  const half = { ...healthy, command: 'destroy', steps: { ...healthy.steps, 'test-deployment': { status: 'pending' } } };
  const text = JSON.stringify(half, null, 2);
  const blob = container.getBlockBlobClient('halfway/aks-half.json');
  await blob.upload(text, Buffer.byteLength(text));
  try {
    const doc = await listJson(['--backend', `${BACKEND}/halfway/`, '--offline']);
    expect(doc.deployments).toEqual([
      expect.objectContaining({ status: 'incomplete', lastRun: expect.objectContaining({ command: 'destroy' }) }),
    ]);
  } finally {
    await blob.delete();
  }
});
