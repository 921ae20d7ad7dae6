/**
 * kill -9 of the built CLI right after the cluster create was sent (perhaps before the journal recorded it):
 * the resume does not send it a second time and converges to exactly the resources of an uninterrupted run.
 */
import { describe, expect, it } from 'vitest';
import { deployArgs } from './harness.js';
import { spawnCli, waitFor } from '../e2e/run-cli.js';
import { holdCreate, kill, putsOn, releaseWhen, resumeAndCompare, useCrashBaseline } from './crash-kit.js';

const b = useCrashBaseline();
const CLUSTER = /managedClusters\/aks-rel$/;

describe('an operation sent just before the CLI died is never sent twice', () => {
  it('cluster: killed right after the create request was sent (maybe before the journal write)', async () => {
    await b.emu.control.reset();
    await holdCreate(b, CLUSTER);
    const state = b.stateFile();
    const cli = spawnCli(deployArgs(b.emu, state));
    expect(await waitFor(async () => (await putsOn(b, CLUSTER)).length > 0, cli, 5)).toBe(true);
    await kill(cli);
    // The cluster create is let go only once the resume has looked at the cluster or its operation.
    const before = (await b.emu.control.requests()).length;
    const looked = async () =>
      (await b.emu.control.requests())
        .slice(before)
        .some(
          (r) =>
            r.method === 'GET' && (CLUSTER.test(r.path) || /Microsoft\.ContainerService\/locations\/[^/]+\/operations\//i.test(r.path)),
        );
    await resumeAndCompare(b, state, (resume) => releaseWhen(b, resume, looked));
    expect(await putsOn(b, CLUSTER)).toHaveLength(1);
  }, 60_000);
});
