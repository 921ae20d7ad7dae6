/**
 * kill -9 of the built CLI while a node pool create is in flight (the User pool turned on for an existing
 * cluster): AKS lists the pool at once as Creating, so only the journal knows the run was waiting on it.
 * `status --resume` re-attaches to that operation instead of sending it again, and the pool ends Succeeded.
 */
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli, waitFor } from '../e2e/run-cli.js';
import { holdCreate, kill, putsOn, readJournal, releaseWhen, useCrashBaseline } from './crash-kit.js';
import { deployArgs, resumeArgs } from './harness.js';

const b = useCrashBaseline();
const POOL = /managedClusters\/aks-rel\/agentPools\/user$/;
const LABEL = 'node pool user of cluster aks-rel';

describe('a node pool operation in flight when the CLI died', () => {
  it('is re-attached by the resume, never sent twice, and the pool ends Succeeded', async () => {
    await b.emu.control.reset();
    const state = b.stateFile();
    const first = await runCli(deployArgs(b.emu, state));
    expect(first.code, first.stderr.slice(-2000)).toBe(0);

    await holdCreate(b, POOL);
    const cli = spawnCli([...deployArgs(b.emu, state), '--user-pool', '--user-pool-count', '1']);
    const journaled = await waitFor(() => POOL.test(readJournal(state)?.cluster?.inFlight?.resourceId ?? ''), cli, 5);
    expect(journaled).toBe(true);
    await kill(cli);
    const cluster = (await b.emu.control.resources()).find((r) => /managedClusters\/aks-rel$/.test(r.id));
    const pool = (cluster?.properties?.agentPoolProfiles as Array<{ name: string; provisioningState: string }>).find(
      (p) => p.name === 'user',
    );
    expect(pool?.provisioningState).toBe('Creating');

    const resume = spawnCli(resumeArgs(state));
    await releaseWhen(b, resume, () => resume.output().stderr.includes(`${LABEL}: `));
    const resumed = await resume.done;
    expect(resumed.code, resumed.stderr.slice(-3000)).toBe(0);
    expect(resumed.stderr).toContain(`${LABEL}: re-attaching to the create`);
    expect(await putsOn(b, POOL)).toHaveLength(1);
    expect(readJournal(state)?.cluster?.inFlight).toBeUndefined();
    const after = (await b.emu.control.resources()).find((r) => /managedClusters\/aks-rel$/.test(r.id));
    expect(after?.properties?.agentPoolProfiles).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'user', provisioningState: 'Succeeded' })]),
    );
  }, 180_000);
});
