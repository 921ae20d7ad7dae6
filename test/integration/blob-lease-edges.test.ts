/**
 * The edges of the blob lease that a team meets: restoring the oldest of a full history, pulling a path
 * that holds no state, and a lease someone is breaking by hand.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { SNAPSHOTS_KEPT } from '../../src/state/blob/backend.js';
import { releaseHeldLeases } from '../../src/state/blob/held-leases.js';
import { openStateBackend } from '../../src/state/open.js';
import { META, encode } from '../../src/state/blob/metadata.js';
import { useTestAzurite } from '../helpers/azurite.js';
import { initArgs, runMain } from '../helpers/cli-main.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';

const emu = useTestEmulator({ speed: SPEED.instant });
const az = useTestAzurite();
const cwd = mkdtempSync(join(tmpdir(), 'secure-aks-lease-edges-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

it('restoring the oldest of a full history works: taking the lock does not prune the version asked for', async () => {
  const container = await az.container('edges');
  const state = az.url('edges', 'full/aks-full.json');
  const built = await runMain([...initArgs(emu, state, 'aks-full'), ...az.stateFlags, '--no-test-deployment'], {}, { cwd });
  expect(built.code, built.stderr).toBe(0);
  const blob = container.getBlockBlobClient('full/aks-full.json');
  // Fill the history, then leave the current revision unkept (as a killed run does).
  const text = (await blob.downloadToBuffer()).toString('utf8');
  let revision = Number((await blob.getProperties()).metadata?.[META.revision]);
  while ((await history()).length < SNAPSHOTS_KEPT) {
    revision += 1;
    await blob.upload(text, Buffer.byteLength(text), { metadata: { [META.revision]: String(revision) } });
    await blob.createSnapshot();
  }
  await blob.upload(text, Buffer.byteLength(text), { metadata: { [META.revision]: String(revision + 1) } });
  const oldest = (await history()).at(-1)!;

  const restore = await runMain(['state', 'restore', oldest, '--yes', '--state', state, ...az.stateFlags], {}, { cwd });
  expect(restore.code, restore.stderr).toBe(0);
  // The run ended by keeping the restored version and pruning back to the limit.
  expect((await history()).length).toBe(SNAPSHOTS_KEPT);

  async function history(): Promise<string[]> {
    const ids: string[] = [];
    for await (const item of container.listBlobsFlat({ prefix: 'full/aks-full.json', includeSnapshots: true }))
      if (item.snapshot) ids.push(item.snapshot);
    return ids.sort().reverse();
  }
}, 120_000);

it('pulling a path that holds no state refuses and leaves nothing behind in the container', async () => {
  const container = await az.container('edges');
  const local = join(cwd, 'pulled.json');
  const pull = await runMain(['state', 'pull', az.url('edges', 'typo/nothing.json'), '--state', local, ...az.stateFlags], {}, { cwd });
  expect(pull.code).toBe(2);
  expect(pull.stderr).toMatch(/NoStateFile/);
  expect(await container.getBlockBlobClient('typo/nothing.json').exists()).toBe(false);
});

it('a lease being broken still names its holder until the break completes', async () => {
  const container = await az.container('edges');
  const blob = container.getBlockBlobClient('breaking/aks.json');
  await blob.upload('', 0);
  const lease = blob.getBlobLeaseClient();
  await lease.acquireLease(60);
  const holder = { pid: 4242, host: 'build-agent-7', command: 'init', startedAt: '2026-12-05T08:00:00.000Z' };
  await blob.setMetadata({ [META.holder]: encode(holder) }, { conditions: { leaseId: lease.leaseId } });
  await lease.breakLease(30);
  expect((await blob.getProperties()).leaseState).toBe('breaking');
  const run = await runMain(
    [...initArgs(emu, az.url('edges', 'breaking/aks.json'), 'aks-breaking'), ...az.stateFlags, '--no-test-deployment'],
    {},
    { cwd },
  );
  expect(run.code).toBe(5);
  expect(run.stderr).toMatch(/pid 4242 on build-agent-7|pid 4242 of .*build-agent-7/);
  expect(run.stderr).toMatch(/--lease-break-period 0/);
  await lease.breakLease(0);
});

it('a hard exit gives back every lease the process holds (what a second Ctrl-C does before exiting)', async () => {
  const container = await az.container('edges');
  const backend = openStateBackend(az.url('edges', 'hard-exit/aks.json'), { endpoint: az.endpoint, caFile: az.caFile });
  const lock = await backend.lock('init');
  const blob = container.getBlockBlobClient('hard-exit/aks.json');
  expect((await blob.getProperties()).leaseState).toBe('leased');
  await releaseHeldLeases(2_000);
  expect((await blob.getProperties()).leaseState).toBe('available');
  // The run's own release afterwards has nothing left to do and does not fail.
  await lock.release().catch(() => undefined);
  // A released lease is no longer among the held ones.
  const again = await backend.lock('init');
  await again.release();
  await releaseHeldLeases(2_000);
  expect((await blob.getProperties()).leaseState).toBe('available');
});
