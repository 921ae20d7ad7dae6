/**
 * Shared by the kill -9 test files (split so they run in parallel workers): a baseline emulator slow enough
 * to kill the CLI mid-operation, and the checks that a resume converges to an uninterrupted run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import {
  compareShapes,
  deployArgs,
  resourceShapes,
  resumeArgs,
  runCli,
  spawnCli,
  useBaseline,
  waitFor,
  type Baseline,
  type RunningCli,
} from './harness.js';

/**
 * Slow enough that a cluster, firewall or Bastion operation is still running when the CLI is killed, and
 * still running after `status` and the resume's first steps (a Bastion takes seven Azure minutes: 5.25 s here).
 */
export function useCrashBaseline(): Baseline {
  return useBaseline('crash', 80);
}

export function readJournal(state: string): Record<string, { status: string; inFlight?: { resourceId: string } }> | undefined {
  if (!existsSync(state)) return undefined;
  return (JSON.parse(readFileSync(state, 'utf8')) as { steps: Record<string, { status: string; inFlight?: { resourceId: string } }> })
    .steps;
}

export async function kill(cli: RunningCli): Promise<void> {
  cli.child.kill('SIGKILL');
  await cli.done;
}

/**
 * After the kill: the state file parses (`status`, unless `statusFirst` is false), then resume finishes and
 * Azure matches the clean run.
 */
export async function resumeAndCompare(b: Baseline, state: string, options: { statusFirst?: boolean } = {}): Promise<{ stderr: string }> {
  if (existsSync(state) && options.statusFirst !== false) {
    const status = await runCli(['status', '-o', 'json', '--state', state]);
    expect(status.code, status.stderr).toBe(0);
  }
  // A kill before the state file existed leaves nothing to resume: init again is the way back.
  const resumed = await runCli(existsSync(state) ? resumeArgs(state) : deployArgs(b.emu, state));
  expect(resumed.code, resumed.stderr.slice(-3000)).toBe(0);
  expect(JSON.parse(resumed.stdout).steps.map((s: { status: string }) => s.status)).toEqual(Array(10).fill('done'));
  expect(compareShapes(b.clean, resourceShapes(await b.emu.resources()))).toEqual({ missing: [], extra: [], duplicates: [] });
  return resumed;
}

export async function putsOn(b: Baseline, pathEnd: RegExp): Promise<number[]> {
  return (await b.emu.requests()).filter((r) => r.method === 'PUT' && pathEnd.test(r.path)).map((r) => r.status);
}

export interface InFlightCase {
  name: string;
  step: string;
  resource: RegExp;
  label: string;
  statusFirst?: boolean;
}

/** One test: the CLI is killed while polling `c`'s create; the resume re-attaches and sends it once. */
export function killedWhilePolling(b: Baseline, c: InFlightCase): void {
  it(`${c.name}: killed while polling, resumed while the create still runs`, async () => {
    await b.emu.reset();
    const state = b.stateFile();
    const cli = spawnCli(deployArgs(b.emu, state));
    const journaled = await waitFor(async () => c.resource.test(readJournal(state)?.[c.step]?.inFlight?.resourceId ?? ''), cli, 5);
    expect(journaled).toBe(true);
    await kill(cli);
    const inAzure = (await b.emu.resources()).find((r) => c.resource.test(r.id));
    expect(inAzure?.properties?.provisioningState).not.toBe('Succeeded');
    const { stderr } = await resumeAndCompare(b, state, { statusFirst: c.statusFirst });
    // This operation's own re-attach (another one in flight at the kill could print one too).
    expect(stderr).toContain(`${c.label}: re-attaching`);
    expect(await putsOn(b, c.resource)).toHaveLength(1);
    expect(readJournal(state)?.[c.step]?.inFlight).toBeUndefined();
  }, 60_000);
}
