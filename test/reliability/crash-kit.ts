/**
 * Shared by the kill -9 test files (split so they run in parallel workers): a baseline emulator where
 * everything completes at once except what a test holds in flight (a `hold` fault, let go by a clock
 * advance), and the checks that a resume converges to an uninterrupted run. Nothing here races real time.
 */
import { existsSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { runCli, spawnCli, waitFor, type RunningCli } from '../e2e/run-cli.js';
import { SPEED } from '../helpers/speeds.js';
import { compareShapes, deployArgs, resourceShapes, resumeArgs, useBaseline, type Baseline } from './harness.js';

/** Azure seconds that finish anything held (the longest create, an AKS cluster, takes 540). */
export const PAST_EVERY_OPERATION = 3600;

export function useCrashBaseline(flags: string[] = []): Baseline {
  return useBaseline('crash', SPEED.instant, flags);
}

/** init of the baseline's deployment with its option flags. */
export function initArgs(b: Pick<Baseline, 'emu' | 'flags'>, state: string): string[] {
  return [...deployArgs(b.emu, state), ...b.flags];
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

/** Keeps the operation that the next PUT on a path matching `resource` starts in flight until the clock is advanced. */
export async function holdCreate(b: Pick<Baseline, 'emu'>, resource: RegExp): Promise<void> {
  await b.emu.control.fault({ method: 'PUT', path: resource.source, kind: 'hold', times: 1 });
}

/** Lets held operations finish once `ready` holds (or the CLI ended without it: then the test's checks fail). */
export async function releaseWhen(b: Baseline, cli: RunningCli, ready: () => Promise<boolean> | boolean): Promise<void> {
  await waitFor(ready, cli, 10);
  await b.emu.control.advanceClock(PAST_EVERY_OPERATION);
}

/**
 * After the kill: the state file parses (`status`), then resume finishes and Azure matches the clean run.
 * `whileResuming` runs beside the resume (it lets held operations go at the moment the test is about).
 */
export async function resumeAndCompare(
  b: Baseline,
  state: string,
  whileResuming: (cli: RunningCli) => Promise<void> = () => b.emu.control.advanceClock(PAST_EVERY_OPERATION).then(() => undefined),
): Promise<{ stderr: string }> {
  if (existsSync(state)) {
    const status = await runCli(['status', '-o', 'json', '--state', state]);
    // status answers with the deployment's health (0 or 11-14, see README "Exit codes"), never an error of its own.
    expect([0, 11, 12, 13, 14], status.stderr).toContain(status.code);
    expect(JSON.parse(status.stdout).exitReason).toBeTruthy();
  }
  // A kill before the state file existed leaves nothing to resume: init again is the way back.
  const cli = spawnCli(existsSync(state) ? resumeArgs(state) : initArgs(b, state));
  await whileResuming(cli);
  const resumed = await cli.done;
  expect(resumed.code, resumed.stderr.slice(-3000)).toBe(0);
  expect(JSON.parse(resumed.stdout).steps.map((s: { status: string }) => s.status)).toEqual(Array(10).fill('done'));
  expect(compareShapes(b.clean, resourceShapes(await b.emu.control.resources()))).toEqual({ missing: [], extra: [], duplicates: [] });
  return resumed;
}

export async function putsOn(b: Baseline, pathEnd: RegExp): Promise<number[]> {
  return (await b.emu.control.requests()).filter((r) => r.method === 'PUT' && pathEnd.test(r.path)).map((r) => r.status);
}

export interface InFlightCase {
  name: string;
  step: string;
  resource: RegExp;
  label: string;
  /** Builds what the run starts from (e.g. a deployment without the option that adds `resource`). */
  before?: (state: string) => Promise<void>;
}

/**
 * One test: the CLI is killed while polling `c`'s create (held in flight); the resume reaches it while it
 * still runs (it is let go only then), re-attaches instead of sending it again.
 */
export function killedWhilePolling(b: Baseline, c: InFlightCase): void {
  it(
    `${c.name}: killed while polling, resumed while the create still runs`,
    async () => {
      await b.emu.control.reset();
      const state = b.stateFile();
      await c.before?.(state);
      await holdCreate(b, c.resource);
      const cli = spawnCli(initArgs(b, state));
      const journaled = await waitFor(() => c.resource.test(readJournal(state)?.[c.step]?.inFlight?.resourceId ?? ''), cli, 5);
      expect(journaled).toBe(true);
      await kill(cli);
      const inAzure = (await b.emu.control.resources()).find((r) => c.resource.test(r.id));
      expect(inAzure?.properties?.provisioningState).not.toBe('Succeeded');
      // Let go once the resume has reached it: re-attaching, or waiting for the in-flight state to settle first.
      const reached = (resume: RunningCli) => {
        const { stderr } = resume.output();
        return stderr.includes(`${c.label}: `) || stderr.includes(`waiting for ${c.label} `);
      };
      const { stderr } = await resumeAndCompare(b, state, (resume) => releaseWhen(b, resume, () => reached(resume)));
      // This operation's own re-attach (another one in flight at the kill could print one too).
      expect(stderr).toContain(`${c.label}: re-attaching`);
      expect(await putsOn(b, c.resource)).toHaveLength(1);
      expect(readJournal(state)?.[c.step]?.inFlight).toBeUndefined();
    },
    // A deployment built first (`before`) doubles the work.
    c.before ? 120_000 : 60_000,
  );
}

/**
 * One test: the CLI is killed once it has sent each of `afterRequests` ARM requests (counted, not timed, so a
 * loaded machine kills at the same moments), and each resume converges to an uninterrupted run.
 */
export function killedAfterRequests(b: Baseline, when: string, afterRequests: number[]): void {
  it(`killed ${when}: every kill point converges to the resources of an uninterrupted run`, async () => {
    for (const n of afterRequests) {
      await b.emu.control.reset();
      const state = b.stateFile();
      const cli = spawnCli(initArgs(b, state));
      await waitFor(async () => (await b.emu.control.requests()).length >= n, cli, 5);
      await kill(cli);
      await resumeAndCompare(b, state);
    }
  }, 120_000);
}
