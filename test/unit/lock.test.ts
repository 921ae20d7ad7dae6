import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LockError } from '../../src/core/errors.js';
import { acquireLock, liveHolder, lockFileFor, processAlive } from '../../src/state/lock.js';
import { processIdentity } from '../../src/state/process-identity.js';
import { rejectionOf } from './rejection.js';

let dir: string;
let stateFile: string;
const children: ChildProcess[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'secure-aks-lock-'));
  stateFile = join(dir, '.secure-aks', 'state.json');
});
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A real process that stays alive until killed. */
function holder(): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push(child);
  return child;
}

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((r) => child.once('exit', r));
  return child.pid!;
}

async function writeLock(info: object): Promise<void> {
  const { mkdir } = await import('node:fs/promises');
  await mkdir(join(dir, '.secure-aks'), { recursive: true });
  await writeFile(lockFileFor(stateFile), JSON.stringify(info));
}

const lockError = (p: Promise<unknown>) => rejectionOf(p, LockError);

describe('state lock', () => {
  it('creates <state>.lock with pid, host, command and start time, mode 0600; release removes it', async () => {
    const lock = await acquireLock(stateFile, 'init');
    const info = JSON.parse(await readFile(lockFileFor(stateFile), 'utf8'));
    // On Linux the lock also records which process took it (boot id and start time), to tell a reused pid apart.
    const identity = existsSync('/proc/self/stat') ? { process: expect.stringMatching(/^[0-9a-f-]+\/\d+$/) } : {};
    expect(info).toEqual({ pid: process.pid, host: hostname(), command: 'init', startedAt: expect.any(String), ...identity });
    expect((await stat(lockFileFor(stateFile))).mode & 0o777).toBe(0o600);
    await lock.release();
    await lock.release();
    await expect(stat(lockFileFor(stateFile))).rejects.toThrow();
  });

  it('a second run in the same process is refused', async () => {
    const lock = await acquireLock(stateFile, 'init');
    const err = await lockError(acquireLock(stateFile, 'status --resume'));
    expect(err.message).toContain(`pid ${process.pid}`);
    await lock.release();
    await (await acquireLock(stateFile, 'init')).release();
  });

  it('a lock held by a live process is refused with exit 5, naming pid, host, command and time', async () => {
    // The lock as that process would have written it: taken after it started, with its identity.
    const child = holder();
    await sleep(50);
    const startedAt = new Date().toISOString();
    await writeLock({ pid: child.pid, host: hostname(), command: 'init', startedAt, process: processIdentity(child.pid!) });
    expect(processAlive(child.pid!)).toBe(true);
    const err = await lockError(acquireLock(stateFile, 'destroy'));
    expect(err.code).toBe('StateLocked');
    expect(err.exitCode).toBe(5);
    expect(err.message).toContain(`pid ${child.pid} on ${hostname()}`);
    expect(err.message).toContain('command "init"');
    expect(err.message).toContain(startedAt);
  });

  it('a lock written by an older version (no process identity) naming a live node process that predates it is still refused', async () => {
    const child = holder();
    await sleep(50);
    await writeLock({ pid: child.pid, host: hostname(), command: 'init', startedAt: new Date().toISOString() });
    await lockError(acquireLock(stateFile, 'destroy'));
  });

  describe.runIf(existsSync('/proc/self/stat'))('a live pid that is not the holder (after a reboot or pid reuse)', () => {
    it('is taken over when its process identity differs from the one recorded, and says so', async () => {
      const child = holder();
      await writeLock({
        pid: child.pid,
        host: hostname(),
        command: 'init',
        startedAt: new Date().toISOString(),
        process: 'another-boot/12345',
      });
      const lock = await acquireLock(stateFile, 'status --resume');
      expect(JSON.parse(await readFile(lockFileFor(stateFile), 'utf8')).pid).toBe(process.pid);
      expect(lock.tookOver).toContain(`pid ${child.pid} now belongs to another process`);
      await lock.release();
    });

    it('is taken over when the process started after the lock was taken', async () => {
      const child = holder();
      await writeLock({ pid: child.pid, host: hostname(), command: 'init', startedAt: '2026-01-02T03:04:05.000Z' });
      const lock = await acquireLock(stateFile, 'destroy');
      expect(lock.tookOver).toContain('started after the lock was taken');
      expect(lock.tookOver).toContain('2026-01-02T03:04:05.000Z');
      await lock.release();
    });

    it('is taken over when the process is not secure-aks at all (here a shell)', async () => {
      const child = spawn('/bin/sh', ['-c', 'sleep 30'], { stdio: 'ignore' });
      children.push(child);
      await sleep(50);
      await writeLock({ pid: child.pid, host: hostname(), command: 'init', startedAt: new Date().toISOString() });
      const lock = await acquireLock(stateFile, 'init');
      expect(lock.tookOver).toContain(`pid ${child.pid} now belongs to a process that is not secure-aks`);
      await lock.release();
    });
    it('is taken over when its process was killed but not yet collected by its parent (a zombie)', async () => {
      // sh starts node in the background, then becomes sleep, which never waits for it: the node exits
      // and stays a zombie, still answering kill(pid, 0), as a killed run does under a parent that never reaps.
      const parent = spawn('/bin/sh', ['-c', `"${process.execPath}" -e 0 & echo $!; exec sleep 30`], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      children.push(parent);
      const pid = Number(await new Promise<string>((r) => parent.stdout!.once('data', (d: Buffer) => r(d.toString()))));
      const deadline = Date.now() + 5000;
      while (!/\) Z /.test(await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')) && Date.now() < deadline) await sleep(20);
      expect(processAlive(pid)).toBe(true);
      await writeLock({
        pid,
        host: hostname(),
        command: 'init',
        startedAt: new Date(Date.now() - 60_000).toISOString(),
        process: processIdentity(pid),
      });
      const lock = await acquireLock(stateFile, 'status --resume');
      expect(lock.tookOver).toContain(`pid ${pid} has exited`);
      await lock.release();
    });
  });

  it('two paths to one state file (a symlink) share one lock beside the real file', async () => {
    const { mkdir, symlink } = await import('node:fs/promises');
    await mkdir(dirname(stateFile), { recursive: true });
    await writeFile(stateFile, '{}');
    const link = join(dir, 'link.json');
    await symlink(stateFile, link);
    const lock = await acquireLock(stateFile, 'init');
    const err = await lockError(acquireLock(link, 'destroy'));
    expect(err.message).toContain(`pid ${process.pid}`);
    expect(lockFileFor(link)).toBe(`${stateFile}.lock`);
    await lock.release();
  });

  it('takes over a lock whose process is dead', async () => {
    const pid = await deadPid();
    expect(processAlive(pid)).toBe(false);
    await writeLock({ pid, host: hostname(), command: 'init', startedAt: '2026-01-01T00:00:00.000Z' });
    const lock = await acquireLock(stateFile, 'status --resume');
    expect(JSON.parse(await readFile(lockFileFor(stateFile), 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it('only one of several runs takes over the same stale lock', async () => {
    await writeLock({ pid: await deadPid(), host: hostname(), command: 'init', startedAt: '2026-01-01T00:00:00.000Z' });
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => acquireLock(stateFile, 'init')));
    // Same process: every later contender sees the winner (this pid) alive.
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason instanceof LockError)).toBe(
      true,
    );
    await (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ release(): Promise<void> }>).value.release();
  });

  it('a lock from another host is never taken over automatically', async () => {
    await writeLock({ pid: await deadPid(), host: 'build-agent-7', command: 'init', startedAt: '2026-01-01T00:00:00.000Z' });
    const err = await lockError(acquireLock(stateFile, 'init'));
    expect(err.message).toContain('build-agent-7');
    expect(err.remediation).toContain('delete');
    // status sees it as held too: a pid of another host says nothing about processes here.
    expect((await liveHolder(stateFile))?.host).toBe('build-agent-7');
  });

  it('an unreadable old lock is stale; a fresh empty one is waited for', async () => {
    await writeLock({});
    await writeFile(lockFileFor(stateFile), 'garbage');
    const { utimes } = await import('node:fs/promises');
    const old = new Date(Date.now() - 60_000);
    await utimes(lockFileFor(stateFile), old, old);
    await (await acquireLock(stateFile, 'init')).release();
  });

  it('release leaves a lock that is no longer ours alone', async () => {
    const lock = await acquireLock(stateFile, 'init');
    const child = holder();
    await writeLock({ pid: child.pid, host: hostname(), command: 'init', startedAt: 'x' });
    await lock.release();
    expect(JSON.parse(await readFile(lockFileFor(stateFile), 'utf8')).pid).toBe(child.pid);
  });

  it('a process that exits without releasing removes its lock', async () => {
    const { pathToFileURL } = await import('node:url');
    const ts = (await import('typescript')).default;
    // Transpile lock.ts and its sibling modules with a stand-in for the errors module so a plain node child can load them.
    for (const name of ['lock', 'not-writable', 'process-identity', 'real-path', 'location']) {
      const src = (await readFile(new URL(`../../src/state/${name}.ts`, import.meta.url), 'utf8'))
        .replace("'../core/errors.js'", "'./errors.mjs'")
        .replace(/'\.\/([a-z-]+)\.js'/g, "'./$1.mjs'");
      await writeFile(
        join(dir, `${name}.mjs`),
        ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText,
      );
    }
    await writeFile(join(dir, 'errors.mjs'), 'export class LockError extends Error {}\nexport class UsageError extends Error {}');
    const script = `import { acquireLock } from ${JSON.stringify(pathToFileURL(join(dir, 'lock.mjs')).href)};
      await acquireLock(${JSON.stringify(stateFile)}, 'init'); process.exit(0);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' });
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(0);
    await expect(stat(lockFileFor(stateFile))).rejects.toThrow();
  });
});
