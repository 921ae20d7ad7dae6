/**
 * Ctrl-C with the built CLI: SIGINT stops the run cleanly (state saved, resume hint, exit 130) and the resume
 * finishes. The state lock: state-lock.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli, useSeparateEmulator, waitFor } from '../e2e/run-cli.js';
import { SPEED } from '../helpers/speeds.js';
import { holdCreate, PAST_EVERY_OPERATION } from './crash-kit.js';
import { compareShapes, deployArgs, resourceShapes, resumeArgs } from './harness.js';

// Everything completes at once except the cluster create a test holds (a `hold` fault) until it advances the clock.
const emu = useSeparateEmulator('sigint', SPEED.instant);

const journal = (state: string) =>
  existsSync(state)
    ? (JSON.parse(readFileSync(state, 'utf8')) as { steps: Record<string, { status: string; inFlight?: unknown }> }).steps
    : {};

describe('Ctrl-C', () => {
  it('stops cleanly while the cluster is being created, prints how to resume, exits 130; resume finishes', async () => {
    await emu.control.reset();
    // The reference deployment (its own names and resource group) is built beside the interrupted one.
    const clean = runCli(deployArgs(emu, join(emu.work, 'clean.json'), ['init'], 'aks-clean'));

    const state = join(emu.work, 'sigint.json');
    await holdCreate({ emu }, /managedClusters\/aks-int$/);
    const args = deployArgs(emu, state, ['init'], 'aks-int').filter((a) => a !== '-o' && a !== 'json');
    const cli = spawnCli(args);
    expect(await waitFor(async () => !!journal(state).cluster?.inFlight, cli, 5)).toBe(true);
    cli.child.kill('SIGINT');
    const r = await cli.done;
    expect(r.code, r.stderr.slice(-2000)).toBe(130);
    expect(`${r.stdout}\n${r.stderr}`).toMatch(/secure-aks status --resume/);
    // The state write completed: the file parses, the interrupted step keeps its operation to re-attach to.
    const steps = journal(state);
    expect(steps.cluster.status).toBe('failed');
    expect(steps.cluster.inFlight).toBeTruthy();
    expect(existsSync(`${state}.lock`)).toBe(false);

    // The cluster create is let go once the resume has re-attached to it.
    const resume = spawnCli(resumeArgs(state));
    await waitFor(() => /re-attaching/.test(resume.output().stderr), resume, 10);
    await emu.control.advanceClock(PAST_EVERY_OPERATION);
    const resumed = await resume.done;
    expect(resumed.code, resumed.stderr.slice(-2000)).toBe(0);
    expect(resumed.stderr).toMatch(/re-attaching/);
    expect((await clean).code).toBe(0);
    const cleanShapes = resourceShapes((await emu.control.resources()).filter((r) => /aks-clean/i.test(r.id)));
    const mine = resourceShapes((await emu.control.resources()).filter((r) => /aks-int/i.test(r.id)));
    const rename = new Map([...mine].map(([k, v]) => [k.replace(/aks-int/g, 'aks-clean'), v]));
    expect(compareShapes(cleanShapes, rename)).toEqual({ missing: [], extra: [], duplicates: [] });
  }, 90_000);
});
