/**
 * Whether a live pid is still the process that took a lock. After a reboot, or once pids wrap around, the
 * pid a lock names can belong to an unrelated process, and `kill(pid, 0)` alone would keep the lock held
 * forever. Linux's /proc says when a process started and what it runs (proc(5):
 * https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html). Where /proc is unavailable nothing is known,
 * and callers keep treating a live pid as the holder. Only node built-ins here, so a child process in tests
 * can load it on its own.
 */
import { readFileSync } from 'node:fs';

/** Linux reports start times in USER_HZ ticks, 100 per second on every architecture it runs on (times(2)). */
const TICKS_PER_SECOND = 100;
/** The boot time is whole seconds and the lock's time is taken after the process started: allow for both. */
const CLOCK_SLACK_MS = 2_000;

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses). */
function statFields(pid: number | 'self'): string[] | undefined {
  const stat = read(`/proc/${pid}/stat`);
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** Field 22 of /proc/<pid>/stat: when the process started, in ticks after boot. */
function startTicks(pid: number | 'self'): number | undefined {
  const ticks = Number(statFields(pid)?.[19]);
  return Number.isFinite(ticks) ? ticks : undefined;
}

/**
 * A zombie (state Z, field 3) has exited and only waits for its parent to collect it; `kill(pid, 0)` still
 * succeeds for it. A run killed with SIGKILL whose parent (a shell, a CI runner, a container's init that
 * never reaps) has not yet waited for it is such a process: it holds nothing.
 */
export function isZombie(pid: number): boolean {
  return statFields(pid)?.[0] === 'Z';
}

function bootId(): string | undefined {
  return read('/proc/sys/kernel/random/boot_id')?.trim();
}

/** Whether `identity` (processIdentity of some process) was taken on this machine since its last boot. */
export function thisBoot(identity: string | undefined): boolean {
  const boot = bootId();
  return !!identity && !!boot && identity.split('/')[0] === boot;
}

/**
 * `<boot id>/<start ticks>`: no two processes of one machine share it, even with the same pid. Undefined
 * without /proc.
 */
export function processIdentity(pid: number | 'self'): string | undefined {
  const boot = bootId();
  const ticks = startTicks(pid);
  return boot && ticks !== undefined ? `${boot}/${ticks}` : undefined;
}

function startedAtMs(pid: number): number | undefined {
  const btime = /^btime (\d+)$/m.exec(read('/proc/stat') ?? '')?.[1];
  const ticks = startTicks(pid);
  return btime && ticks !== undefined ? Number(btime) * 1000 + (ticks * 1000) / TICKS_PER_SECOND : undefined;
}

/** A secure-aks run is node running our CLI: its command line names node or secure-aks. */
function mayBeSecureAks(pid: number): boolean | undefined {
  const cmdline = read(`/proc/${pid}/cmdline`);
  if (cmdline === undefined) return undefined;
  const args = cmdline.split('\0').filter(Boolean);
  return /(^|\/)node[^/]*$/.test(args[0] ?? '') || args.some((a) => a.includes('secure-aks'));
}

/**
 * Why the live process `pid` cannot be the one that took a lock recorded with `identity` at `lockedAt`,
 * or undefined when it may be (or /proc cannot tell).
 */
export function notTheHolder(pid: number, lockedAt: string, identity: string | undefined): string | undefined {
  if (isZombie(pid)) return `pid ${pid} has exited (its parent has not collected it yet)`;
  const now = processIdentity(pid);
  if (identity && now)
    return identity === now
      ? undefined
      : `pid ${pid} now belongs to another process (it started after the lock was taken, or the machine restarted)`;
  const started = startedAtMs(pid);
  const locked = Date.parse(lockedAt);
  if (started !== undefined && Number.isFinite(locked) && started > locked + CLOCK_SLACK_MS) {
    return `pid ${pid} now belongs to a process that started after the lock was taken (${new Date(started).toISOString()})`;
  }
  if (mayBeSecureAks(pid) === false) return `pid ${pid} now belongs to a process that is not secure-aks`;
  return undefined;
}
