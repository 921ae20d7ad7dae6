/**
 * Two working directories (two team members' machines) on one blob state: while the first run lives the
 * second is refused (exit 5) naming the holder and when the lease frees; after kill -9 of the first it is
 * still refused until Azure Storage lets the lease expire, then `status --resume` from the second directory
 * takes over and converges to exactly what an uninterrupted run builds. The first run is killed while the
 * jumphost VM it created is still provisioning, with its SSH private key in the first directory only: the
 * resume must finish that VM without making a key of its own, and say where the key is. The lease wait is
 * real time (Azurite's clock); the ARM emulator holds the VM create until the test lets it go. A Ctrl-C'd
 * run releases the lease at once.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { hostname, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/core/errors.js';
import { META } from '../../src/state/blob/metadata.js';
import { blobLocation } from '../../src/state/location.js';
import { startTestAzurite, type TestAzurite } from '../helpers/azurite.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';
import { compareShapes, deployArgs, resourceShapes, resumeArgs } from '../reliability/harness.js';
import { assertBuilt, runCli, spawnCli, waitFor, type RunningCli } from './run-cli.js';

const NAME = 'aks-lock';
const VM = `virtualMachines/vm-${NAME}-jump`;
const LEASE_SECONDS = 15;
/** Azure seconds past every operation the emulator holds or runs (an AKS create takes 540). */
const PAST_EVERY_OPERATION = 3600;

/**
 * How often the test reads the emulator's request log while a CLI runs: the log grows with every request,
 * and this process also serves the ARM emulator and Azurite the CLI talks to, so a tight loop slows them.
 */
const POLL_MS = 250;

let work: string;
let emu: TestEmulator;
let azurite: TestAzurite;
let clean: Map<string, number>;

beforeAll(async () => {
  assertBuilt();
  work = mkdtempSync(join(tmpdir(), 'secure-aks-blob-lock-'));
  azurite = await startTestAzurite();
  await azurite.container('states');
  emu = await startTestEmulator({ speed: SPEED.instant });
  // What an uninterrupted run builds (a local state file): the takeover must converge to exactly this.
  const reference = await runCli(deployArgs(emu, join(work, 'reference.json'), ['init'], NAME));
  expect(reference.code, reference.stderr.slice(-2000)).toBe(0);
  clean = resourceShapes(await emu.control.resources());
  await emu.control.reset();
}, 120_000);
afterAll(async () => {
  await emu?.close();
  await azurite?.close();
  rmSync(work, { recursive: true, force: true });
});

/** A team member's working directory. */
function workingDir(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

const env = () => ({ ...azurite.stateEnv, SECURE_AKS_STATE_LEASE_SECONDS: String(LEASE_SECONDS) });
const run = (args: string[], cwd: string) => spawnCli(args, { cwd, env: env() });
/** `args` in text (what a person at a terminal sees on stderr) instead of JSON. */
const text = (args: string[]) => args.filter((a) => a !== '-o' && a !== 'json');

async function leaseState(url: string): Promise<string | undefined> {
  const blob = (await azurite.container('states')).getBlockBlobClient(blobLocation(url)!.blob);
  return (await blob.getProperties().catch(() => undefined))?.leaseState;
}

async function vmPuts(): Promise<number> {
  return (await emu.control.requests()).filter((r) => r.method === 'PUT' && r.path.endsWith(VM)).length;
}

/** The files of the blob state's local companion directory in `dir` (run logs, the jumphost key). */
function companions(dir: string, url: string): string[] {
  const loc = blobLocation(url)!;
  const path = join(dir, '.secure-aks', 'az', loc.account, loc.container, loc.blob, '..');
  return existsSync(path) ? readdirSync(path) : [];
}

describe('two working directories on one blob state', () => {
  it('refuses the second run while the first lives; after kill -9 the second takes over once the lease expires, and converges', async () => {
    const state = azurite.url('states', 'team/aks-lock.json');
    const [one, two] = [workingDir('one'), workingDir('two')];
    // The jumphost VM create stays in flight (VM provisioning) until the test advances the clock.
    await emu.control.fault({ method: 'PUT', path: `${VM}$`, kind: 'hold', times: 1 });

    const first: RunningCli = run(deployArgs(emu, state, ['init'], NAME), one);
    expect(await waitFor(async () => (await vmPuts()) > 0, first, POLL_MS), first.output().stderr).toBe(true);
    expect(await leaseState(state)).toBe('leased');
    expect(companions(one, state).some((f) => f.endsWith('-jumphost.key'))).toBe(true);

    const refused = await runCli(text(deployArgs(emu, state, ['init'], NAME)), { cwd: two, env: env() });
    expect(refused.code, refused.stderr).toBe(ExitCode.locked);
    const said = refused.stderr.replace(/\s+/g, ' ');
    expect(said).toContain(`Another secure-aks run holds the state lease on ${state}`);
    expect(said).toMatch(new RegExp(`pid ${first.child.pid} of .*${hostname()}, command "init", started \\d{4}-\\d\\d-\\d\\dT`));
    expect(said).toContain(`at most ${LEASE_SECONDS} s after its last renewal`);
    expect(said).toContain('az storage blob lease break --auth-mode login');

    // status from the other directory names the live holder and says to wait for it.
    const watching = await runCli(['status', '--offline', '--state', state], { cwd: two, env: env() });
    expect(watching.code, watching.stderr).toBe(ExitCode.statusIncomplete);
    expect(watching.stdout.replace(/\s+/g, ' ')).toContain(
      `an init run (pid ${first.child.pid} on ${hostname()} as ${userInfo().username}, started `,
    );

    first.child.kill('SIGKILL');
    await first.done;
    const killedAt = Date.now();
    // Azure Storage does not know the holder died: the lease stays until it expires.
    const atOnce = await runCli(text(resumeArgs(state)), { cwd: two, env: env() });
    expect(atOnce.code, atOnce.stderr).toBe(ExitCode.locked);
    expect(atOnce.stderr).toContain(`pid ${first.child.pid}`);

    while ((await leaseState(state)) === 'leased') await new Promise((r) => setTimeout(r, 200));
    const waited = (Date.now() - killedAt) / 1000;
    // The last renewal was at most a renewal period (lease / 3) before the kill.
    expect(waited).toBeLessThanOrEqual(LEASE_SECONDS + 1);

    const before = (await emu.control.requests()).length;
    const resume = run(resumeArgs(state), two);
    // Let the held VM create finish only once the resume, having found the VM still provisioning, waits for it:
    // it polls the operation the first run journaled, or (the first run killed before Azure's answer reached it,
    // so nothing was journaled) Azure refuses its PUT while the VM is busy (409) and it waits that out.
    const resumeVmPuts = async () => (await emu.control.requests()).slice(before).filter((r) => r.method === 'PUT' && r.path.endsWith(VM));
    await waitFor(
      async () =>
        (await emu.control.requests()).slice(before).some((r) => r.method === 'GET' && r.path.includes('/operations/')) ||
        (await resumeVmPuts()).some((r) => r.status === 409),
      resume,
      POLL_MS,
    );
    await emu.control.advanceClock(PAST_EVERY_OPERATION);
    const resumed = await resume.done;
    expect(resumed.code, `${resumed.stderr.slice(-3000)}\n${resumed.stdout.slice(-3000)}`).toBe(0);
    expect(resumed.stderr.replace(/\s+/g, ' ')).toMatch(
      new RegExp(`Took over the state lease on ${state} of pid ${first.child.pid} of .*${hostname()}, command "init"`),
    );
    expect(JSON.parse(resumed.stdout).steps.map((s: { status: string }) => s.status)).toEqual(Array(10).fill('done'));
    // One VM create, the first run's: the resume re-attached to it, or sent the VM's own body again once it was
    // free (200), never a create of its own with a new key (201; and no key file below).
    expect((await resumeVmPuts()).filter((r) => r.status === 201)).toEqual([]);
    expect((await emu.control.requests()).filter((r) => r.method === 'PUT' && r.path.endsWith(VM) && r.status === 201)).toHaveLength(1);
    expect(companions(two, state).filter((f) => f.endsWith('-jumphost.key'))).toEqual([]);
    expect(compareShapes(clean, resourceShapes(await emu.control.resources()))).toEqual({ missing: [], extra: [], duplicates: [] });

    const status = await runCli(['status', '--state', state], { cwd: two, env: env() });
    expect(status.code, status.stderr).toBe(0);
    const shown = status.stdout.replace(/\s+/g, ' ');
    expect(shown).toContain('not on this machine');
    expect(shown).not.toContain('-jumphost.key');
    // init again from there (nothing to do) ends with the access summary: the same words, no key path.
    const again = await runCli(text(deployArgs(emu, state, ['init'], NAME)), { cwd: two, env: env() });
    expect(again.code, again.stderr).toBe(0);
    // (a long command breaks between arguments with a backslash)
    const summary = again.stdout.replace(/\s+/g, ' ').replace(/ \\ /g, ' ');
    expect(summary).toContain('not on this machine');
    expect(summary).toContain(
      'az vm user update --resource-group rg-aks-lock --name vm-aks-lock-jump --username azureuser --ssh-key-value ~/.ssh/id_ed25519.pub',
    );
    expect(summary).not.toContain('-jumphost.key');
    // From the machine that made it, the key and the Bastion command are there.
    const fromOne = await runCli(['status', '--offline', '--state', state], { cwd: one, env: env() });
    expect(fromOne.stdout.replace(/\s+/g, ' ')).toMatch(/--ssh-key (\\ )?\S*-jumphost\.key/);

    const props = await (await azurite.container('states')).getBlockBlobClient(blobLocation(state)!.blob).getProperties();
    expect(props.leaseState).toBe('available');
    expect(props.metadata?.[META.holder]).toBeUndefined();
  }, 180_000);

  it('a run stopped with Ctrl-C releases the lease at once', async () => {
    const state = azurite.url('states', 'team/aks-interrupt.json');
    const dir = workingDir('three');
    await emu.control.fault({ method: 'PUT', path: 'virtualMachines/vm-aks-int-jump$', kind: 'hold', times: 1 });
    const cli = run(deployArgs(emu, state, ['init'], 'aks-int'), dir);
    expect(
      await waitFor(
        async () => (await emu.control.requests()).some((r) => r.method === 'PUT' && r.path.endsWith('vm-aks-int-jump')),
        cli,
        POLL_MS,
      ),
    ).toBe(true);
    cli.child.kill('SIGINT');
    const ended = await cli.done;
    expect(ended.code, ended.stderr.slice(-2000)).toBe(ExitCode.interrupted);
    const props = await (await azurite.container('states')).getBlockBlobClient(blobLocation(state)!.blob).getProperties();
    expect(props.leaseState).toBe('available');
    expect(props.metadata?.[META.holder]).toBeUndefined();
    await emu.control.advanceClock(PAST_EVERY_OPERATION);
  }, 120_000);
});
