/**
 * kill -9 of the built CLI while a Bastion create is in flight, and right after the cluster create was sent
 * (perhaps before the journal recorded it): the resume sends neither a second time and converges to exactly
 * the resources of an uninterrupted run.
 */
import { describe, expect, it } from 'vitest';
import { deployArgs, spawnCli, waitFor } from './harness.js';
import { kill, killedWhilePolling, putsOn, resumeAndCompare, useCrashBaseline } from './crash-kit.js';

const b = useCrashBaseline();

describe('an operation in flight when the CLI died is re-attached, never sent twice', () => {
  // The shortest of the three (5.25 s here): `status` with its drift check (about 2 s) would leave the
  // resume too little of it on a loaded machine, so this case resumes at once; the others run `status`.
  killedWhilePolling(b, {
    name: 'Bastion',
    step: 'bastion',
    resource: /bastionHosts\/bas-aks-rel$/,
    label: 'Bastion bas-aks-rel',
    statusFirst: false,
  });

  it('cluster: killed right after the create request was sent (maybe before the journal write)', async () => {
    await b.emu.reset();
    const state = b.stateFile();
    const cli = spawnCli(deployArgs(b.emu, state));
    expect(await waitFor(async () => (await putsOn(b, /managedClusters\/aks-rel$/)).length > 0, cli, 5)).toBe(true);
    await kill(cli);
    await resumeAndCompare(b, state);
    expect(await putsOn(b, /managedClusters\/aks-rel$/)).toHaveLength(1);
  }, 60_000);
});
