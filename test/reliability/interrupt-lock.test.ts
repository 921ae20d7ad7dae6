/**
 * Ctrl-C and the state lock, with the built CLI: SIGINT stops the run cleanly (state saved, resume hint,
 * exit 130); a second run on the same state exits 5 naming the holder; a dead holder's lock is taken over.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli, useSeparateEmulator, waitFor } from '../e2e/run-cli.js';
import { SPEED } from '../helpers/speeds.js';
import { PAST_EVERY_OPERATION } from './crash-kit.js';
import { compareShapes, deployArgs, resourceShapes, resumeArgs } from './harness.js';

// Everything completes at once except the cluster create a test holds (a `hold` fault) until it advances the clock.
const emu = useSeparateEmulator('sigint', SPEED.instant);
const holdCluster = (name: string) => emu.control.fault({ method: 'PUT', path: `managedClusters/${name}$`, kind: 'hold', times: 1 });

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
    await holdCluster('aks-int');
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

describe('the state lock', () => {
  it('a second run on the same state exits 5 naming pid, host, command and start time', async () => {
    await emu.control.reset();
    const state = join(emu.work, 'locked.json');
    // The first run stays at its cluster create until the second one has been refused.
    await holdCluster('aks-lock');
    const first = spawnCli(deployArgs(emu, state, ['init'], 'aks-lock'));
    expect(await waitFor(async () => existsSync(`${state}.lock`), first, 5)).toBe(true);
    const holder = JSON.parse(readFileSync(`${state}.lock`, 'utf8')) as { pid: number; host: string; command: string; startedAt: string };
    const second = await runCli(resumeArgs(state));
    expect(second.code).toBe(5);
    const doc = JSON.parse(second.stdout);
    expect(doc.error.code).toBe('StateLocked');
    for (const part of [`pid ${holder.pid}`, holder.host, `"${holder.command}"`, holder.startedAt])
      expect(doc.error.message).toContain(part);
    // Let the cluster go only once it is held: the second run may be refused before the first reaches it.
    await waitFor(
      async () => (await emu.control.requests()).some((r) => r.method === 'PUT' && /managedClusters\/aks-lock$/.test(r.path)),
      first,
    );
    await emu.control.advanceClock(PAST_EVERY_OPERATION);
    expect((await first.done).code).toBe(0);
  }, 60_000);

  it('a lock left by a dead process is taken over', async () => {
    await emu.control.reset();
    const state = join(emu.work, 'stale', 'state.json');
    mkdirSync(join(emu.work, 'stale'), { recursive: true });
    // A pid that cannot be alive (above the kernel's pid limit).
    writeFileSync(
      `${state}.lock`,
      JSON.stringify({ pid: 4_194_999, host: hostname(), command: 'init', startedAt: '2020-01-01T00:00:00.000Z' }),
    );
    const r = await runCli(deployArgs(emu, state, ['init'], 'aks-stale'));
    expect(r.code, r.stderr.slice(-2000)).toBe(0);
    expect(existsSync(`${state}.lock`)).toBe(false);
  }, 60_000);
});
