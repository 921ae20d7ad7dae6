/**
 * The state lock with the built CLI: a second run on the same state exits 5 naming the holder; a dead
 * holder's lock is taken over. Ctrl-C: interrupt.test.ts.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli, useSeparateEmulator, waitFor } from '../e2e/run-cli.js';
import { SPEED } from '../helpers/speeds.js';
import { holdCreate, PAST_EVERY_OPERATION } from './crash-kit.js';
import { deployArgs, resumeArgs } from './harness.js';

// Everything completes at once except the cluster create a test holds (a `hold` fault) until it advances the clock.
const emu = useSeparateEmulator('lock', SPEED.instant);

describe('the state lock', () => {
  it('a second run on the same state exits 5 naming pid, host, command and start time', async () => {
    await emu.control.reset();
    const state = join(emu.work, 'locked.json');
    // The first run stays at its cluster create until the second one has been refused.
    await holdCreate({ emu }, /managedClusters\/aks-lock$/);
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
