/**
 * kill -9 of the built CLI while the cluster update that turns Container Insights on is in flight. Who
 * turned an add-on on is known only to the journal, and a killed run journals no step outputs: the add-on
 * must be journaled as this deployment's before the update is sent, or a later `--no-monitoring` would take
 * it for one turned on outside secure-aks and leave it (and its rule and association) on.
 */
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli, waitFor } from '../e2e/run-cli.js';
import { holdCreate, kill, readJournal, releaseWhen, useCrashBaseline } from './crash-kit.js';
import { deployArgs, resumeArgs } from './harness.js';

const b = useCrashBaseline();
const CLUSTER = /managedClusters\/aks-rel$/;

describe('an add-on turned on by a run that was killed', () => {
  it("is still this deployment's: resumed, then turned off, it goes with its rule and association", async () => {
    await b.emu.control.reset();
    const state = b.stateFile();
    const first = await runCli(deployArgs(b.emu, state));
    expect(first.code, first.stderr.slice(-2000)).toBe(0);

    await holdCreate(b, CLUSTER);
    const cli = spawnCli([...deployArgs(b.emu, state), '--monitoring']);
    const journaled = await waitFor(() => CLUSTER.test(readJournal(state)?.cluster?.inFlight?.resourceId ?? ''), cli, 5);
    expect(journaled).toBe(true);
    await kill(cli);

    const resume = spawnCli(resumeArgs(state));
    await releaseWhen(b, resume, () => resume.output().stderr.includes('cluster aks-rel: '));
    const resumed = await resume.done;
    expect(resumed.code, resumed.stderr.slice(-3000)).toBe(0);

    const off = await runCli([...deployArgs(b.emu, state), '--no-monitoring']);
    expect(off.code, off.stderr.slice(-3000)).toBe(0);
    const resources = await b.emu.control.resources();
    const cluster = resources.find((r) => CLUSTER.test(r.id));
    expect(cluster?.properties?.addonProfiles?.omsagent?.enabled).toBe(false);
    expect(resources.filter((r) => /dataCollectionRules|dataCollectionRuleAssociations/i.test(r.id))).toEqual([]);
  }, 180_000);
});
