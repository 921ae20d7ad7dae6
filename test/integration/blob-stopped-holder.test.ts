/**
 * A run killed on this machine leaves its lease until it expires. secure-aks never breaks it (a host name
 * alone does not prove the same machine), but it does not call that run "working now" either: status says
 * the holder stopped and the steps it had in flight are interrupted, list does not show it running, and
 * a new run's refusal says to wait for the lease to expire.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { META, encode } from '../../src/state/blob/metadata.js';
import { useTestAzurite } from '../helpers/azurite.js';
import { initArgs, runMain } from '../helpers/cli-main.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';

const emu = useTestEmulator({ speed: SPEED.instant });
const az = useTestAzurite();
const cwd = mkdtempSync(join(tmpdir(), 'secure-aks-stopped-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

it('a lease held by a process of this host that has exited is said as stopped, and waited out', async () => {
  const container = await az.container('stopped');
  const state = az.url('stopped', 'team/aks-stopped.json');
  const built = await runMain([...initArgs(emu, state, 'aks-stopped'), ...az.stateFlags, '--no-test-deployment'], {}, { cwd });
  expect(built.code, built.stderr).toBe(0);

  // What a killed run leaves: its journal with a step in flight, its holder in the metadata, its lease.
  const blob = container.getBlockBlobClient('team/aks-stopped.json');
  const doc = JSON.parse((await blob.downloadToBuffer()).toString('utf8')) as {
    steps: Record<string, { status: string; startedAt?: string }>;
  };
  doc.steps.cluster = { status: 'running', startedAt: doc.steps.cluster!.startedAt };
  const text = JSON.stringify(doc, null, 2) + '\n';
  const props = await blob.getProperties();
  await blob.upload(text, Buffer.byteLength(text), { metadata: props.metadata });
  const exited = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid!;
  const lease = blob.getBlobLeaseClient();
  await lease.acquireLease(60);
  // Its identity names this machine's boot: a host name alone would not prove it ran here.
  const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  const holder = { pid: exited, host: hostname(), command: 'init', startedAt: new Date().toISOString(), process: `${boot}/1` };
  await blob.setMetadata(
    { ...(await blob.getProperties()).metadata, [META.holder]: encode(holder) },
    { conditions: { leaseId: lease.leaseId } },
  );
  try {
    const status = await runMain(['status', '--offline', '--state', state, ...az.stateFlags], {}, { cwd });
    expect(status.code, status.stderr).toBe(12);
    expect(status.stdout).toContain(`stopped without releasing its lease (process ${exited} has exited)`);
    expect(status.stdout).not.toMatch(/is working on this deployment now/);

    const again = await runMain([...initArgs(emu, state, 'aks-stopped'), ...az.stateFlags, '--no-test-deployment'], {}, { cwd });
    expect(again.code).toBe(5);
    expect(again.stderr).toMatch(/A secure-aks run that has stopped still holds the state lease/);
    expect(again.stderr).toMatch(/frees itself at most \d+ s after its last renewal/);

    const list = await runMain(['list', '--offline', '--state', state, ...az.stateFlags, '-o', 'json'], {}, { cwd });
    const listed = (JSON.parse(list.stdout) as { deployments: Array<{ name: string; status: string }> }).deployments;
    expect(listed.find((d) => d.name === 'aks-stopped')?.status).toBe('interrupted');
  } finally {
    await lease.releaseLease();
  }
}, 120_000);

it('a holder of the same host name on another machine (another boot id) is never said to have stopped', async () => {
  const container = await az.container('stopped');
  const blob = container.getBlockBlobClient('team/other-machine.json');
  await blob.upload('', 0);
  const lease = blob.getBlobLeaseClient();
  await lease.acquireLease(15);
  const exited = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid!;
  const holder = { pid: exited, host: hostname(), command: 'init', startedAt: new Date().toISOString(), process: 'another-boot/1' };
  await blob.setMetadata({ [META.holder]: encode(holder) }, { conditions: { leaseId: lease.leaseId } });
  try {
    const state = az.url('stopped', 'team/other-machine.json');
    const again = await runMain([...initArgs(emu, state, 'aks-other'), ...az.stateFlags, '--no-test-deployment'], {}, { cwd });
    expect(again.code).toBe(5);
    expect(again.stderr).toMatch(/Another secure-aks run holds the state lease/);
    expect(again.stderr).not.toMatch(/has stopped/);
  } finally {
    await lease.releaseLease();
  }
}, 60_000);
