/**
 * Ctrl-C and the state lock, with the built CLI: SIGINT stops the run cleanly (state saved, resume hint,
 * exit 130); a second run on the same state exits 5 naming the holder; a dead holder's lock is taken over.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from '../e2e/run-cli.js';
import { compareShapes, deployArgs, resourceShapes, resumeArgs, runCli, spawnCli, startEmu, waitFor, type Emu } from './harness.js';

let work: string;
let emu: Emu;

beforeAll(async () => {
  assertBuilt();
  work = mkdtempSync(join(tmpdir(), 'secure-aks-sigint-'));
  emu = await startEmu(work, 300);
}, 60_000);
afterAll(async () => {
  await emu?.stop();
  rmSync(work, { recursive: true, force: true });
});

const journal = (state: string) =>
  existsSync(state)
    ? (JSON.parse(readFileSync(state, 'utf8')) as { steps: Record<string, { status: string; inFlight?: unknown }> }).steps
    : {};

describe('Ctrl-C', () => {
  it('stops cleanly while the cluster is being created, prints how to resume, exits 130; resume finishes', async () => {
    await emu.reset();
    const clean = join(work, 'clean.json');
    expect((await runCli(deployArgs(emu, clean, ['init'], 'aks-clean'))).code).toBe(0);
    const cleanShapes = resourceShapes((await emu.resources()).filter((r) => /aks-clean/i.test(r.id)));

    const state = join(work, 'sigint.json');
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

    const resumed = await runCli(resumeArgs(state));
    expect(resumed.code, resumed.stderr.slice(-2000)).toBe(0);
    expect(resumed.stderr).toMatch(/re-attaching/);
    const mine = resourceShapes((await emu.resources()).filter((r) => /aks-int/i.test(r.id)));
    const rename = new Map([...mine].map(([k, v]) => [k.replace(/aks-int/g, 'aks-clean'), v]));
    expect(compareShapes(cleanShapes, rename)).toEqual({ missing: [], extra: [], duplicates: [] });
  }, 90_000);
});

describe('the state lock', () => {
  it('a second run on the same state exits 5 naming pid, host, command and start time', async () => {
    await emu.reset();
    const state = join(work, 'locked.json');
    const first = spawnCli(deployArgs(emu, state, ['init'], 'aks-lock'));
    expect(await waitFor(async () => existsSync(`${state}.lock`), first, 5)).toBe(true);
    const holder = JSON.parse(readFileSync(`${state}.lock`, 'utf8')) as { pid: number; host: string; command: string; startedAt: string };
    const second = await runCli(resumeArgs(state));
    expect(second.code).toBe(5);
    const doc = JSON.parse(second.stdout);
    expect(doc.error.code).toBe('StateLocked');
    for (const part of [`pid ${holder.pid}`, holder.host, `"${holder.command}"`, holder.startedAt])
      expect(doc.error.message).toContain(part);
    expect((await first.done).code).toBe(0);
  }, 60_000);

  it('a lock left by a dead process is taken over', async () => {
    await emu.reset();
    const state = join(work, 'stale', 'state.json');
    mkdirSync(join(work, 'stale'), { recursive: true });
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
