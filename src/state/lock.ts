/**
 * One run per state file. The lock is `<state>.lock` beside the real file (symlinks followed, so two paths
 * to one state share it), created with O_EXCL and holding who took it. A lock whose process is gone on this
 * host, or whose pid now belongs to another process (process-identity.ts), is stale and taken over; a lock
 * held by a live holder, or by another host (whose processes we cannot see), is refused with everything
 * needed to judge it.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { LockError } from '../core/errors.js';
import { notWritable } from './not-writable.js';
import { notTheHolder, processIdentity } from './process-identity.js';
import { realStatePath } from './real-path.js';

export interface LockInfo {
  pid: number;
  host: string;
  command: string;
  startedAt: string;
  /** Boot id and start time of the holder (Linux), so a reused pid is told apart from the holder. */
  process?: string;
  /** The holder's user name (blob states: the holder may be on any machine of the team). */
  user?: string;
  /** The CI run holding it (blob states taken by a GitHub Actions job). */
  runUrl?: string;
  /**
   * Blob states: why the holder is known to have stopped (its process on this host is gone) while its
   * lease has not expired yet. The lease still blocks every run until it does; it is never broken for it.
   */
  stopped?: string;
}

export interface StateLock {
  readonly file: string;
  readonly info: LockInfo;
  /** Set when a stale lock was taken over: what it named and why it was stale, to tell the user. */
  readonly tookOver?: string;
  /** Removes the lock if it is still ours; safe to call twice. */
  release(): Promise<void>;
}

/** A takeover marker older than this belongs to a process that died mid-takeover. */
const TAKEOVER_STALE_MS = 10_000;
/** A lock file still being written by its creator may be empty for a moment. */
const FRESH_MS = 2_000;
const ATTEMPTS = 20;

export function lockFileFor(stateFile: string): string {
  return `${realStatePath(stateFile)}.lock`;
}

/** Alive unless the OS says there is no such process (EPERM means it exists but is not ours). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function parseInfo(raw: string): LockInfo | undefined {
  try {
    const info = JSON.parse(raw) as LockInfo;
    return Number.isInteger(info.pid) && typeof info.host === 'string' ? info : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Creates the lock with its content in one step: the holder's details go to a private temp file first, then
 * link() publishes it (failing with EEXIST when the lock is held), so no reader ever sees an empty lock.
 */
async function tryCreate(file: string, info: LockInfo): Promise<boolean> {
  const tmp = `${file}.${process.pid}.${randomUUID()}.tmp`;
  const handle = await open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(JSON.stringify(info) + '\n');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/**
 * Removes a stale lock only if it still holds exactly what we judged stale. A second marker file
 * (O_EXCL) makes the check-and-remove one step, so two runs cannot both take over.
 */
async function takeOver(file: string, seen: string): Promise<void> {
  const marker = `${file}.takeover`;
  let handle;
  try {
    handle = await open(marker, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const age = await stat(marker).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (age > TAKEOVER_STALE_MS) await unlink(marker).catch(() => undefined);
    return;
  }
  try {
    const now = await readFile(file, 'utf8').catch(() => undefined);
    if (now === seen) await unlink(file).catch(() => undefined);
  } finally {
    await handle.close();
    await unlink(marker).catch(() => undefined);
  }
}

function heldError(file: string, info: LockInfo, sameHost: boolean, what: string): LockError {
  return new LockError(
    `Another secure-aks run holds the ${what}: pid ${info.pid} on ${info.host}, command "${info.command}", started ${info.startedAt}.`,
    sameHost
      ? 'Wait for that run to finish (or stop it), then try again.'
      : `That host's processes cannot be checked from here. If no run is active there, delete ${file} and try again.`,
  );
}

/** `what` names the lock in messages: the state lock, or the lock of what else sits beside the state file. */
/**
 * Why the recorded holder no longer holds the lock, or undefined while it does. A lock of another host is
 * held: its processes cannot be seen from here.
 */
export function staleReason(holder: LockInfo): string | undefined {
  if (holder.host !== hostname()) return undefined;
  return processAlive(holder.pid) ? notTheHolder(holder.pid, holder.startedAt, holder.process) : `process ${holder.pid} has exited`;
}

/** The holder a lock file names while it still holds the lock; undefined for no lock or a stale one. */
export async function liveHolder(stateFile: string): Promise<LockInfo | undefined> {
  const raw = await readFile(lockFileFor(stateFile), 'utf8').catch(() => undefined);
  const holder = raw === undefined ? undefined : parseInfo(raw);
  return holder && !staleReason(holder) ? holder : undefined;
}

export async function acquireLock(stateFile: string, command: string, what = 'state lock'): Promise<StateLock> {
  const file = lockFileFor(stateFile);
  const identity = processIdentity('self');
  const info: LockInfo = {
    pid: process.pid,
    host: hostname(),
    command,
    startedAt: new Date().toISOString(),
    ...(identity ? { process: identity } : {}),
  };
  let tookOver: string | undefined;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (await create(file, info, what)) return held(file, info, tookOver);
    const raw = await readFile(file, 'utf8').catch(() => undefined);
    if (raw === undefined) continue; // released between our two calls: try again
    const holder = parseInfo(raw);
    if (holder) {
      const why = staleReason(holder);
      if (!why) throw heldError(file, holder, holder.host === info.host, what);
      tookOver = `Took over the stale ${what} ${file} of ${/^[aeiou]/i.test(holder.command) ? 'an' : 'a'} ${holder.command} run started ${holder.startedAt}: ${why}.`;
    } else {
      const age = await stat(file).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age < FRESH_MS) {
        await sleep(50);
        continue;
      }
      tookOver = `Took over the unreadable ${what} ${file}.`;
    }
    await takeOver(file, raw);
    await sleep(attempt === 0 ? 0 : 20 * attempt);
  }
  throw new LockError(
    `Could not take the ${what} ${file}: other runs keep competing for it.`,
    'Make sure only one secure-aks run uses this state file, then try again.',
  );
}

/** tryCreate, with a directory the user cannot write reported as theirs to fix. */
async function create(file: string, info: LockInfo, what: string): Promise<boolean> {
  try {
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    return await tryCreate(file, info);
  } catch (err) {
    throw notWritable(err, dirname(file), `the ${what}`) ?? err;
  }
}

function held(file: string, info: LockInfo, tookOver: string | undefined): StateLock {
  const mine = (raw: string | undefined) => {
    const now = raw && parseInfo(raw);
    return !!now && now.pid === info.pid && now.startedAt === info.startedAt && now.host === info.host;
  };
  // A process that exits without releasing (an uncaught error, process.exit) still removes its lock.
  const onExit = () => {
    try {
      if (mine(readFileSync(file, 'utf8'))) unlinkSync(file);
    } catch {
      // already gone
    }
  };
  process.once('exit', onExit);
  let released = false;
  return {
    file,
    info,
    ...(tookOver ? { tookOver } : {}),
    async release() {
      if (released) return;
      released = true;
      process.off('exit', onExit);
      const raw = await readFile(file, 'utf8').catch(() => undefined);
      if (mine(raw)) await unlink(file).catch(() => undefined);
    },
  };
}
