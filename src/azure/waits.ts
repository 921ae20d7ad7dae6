/**
 * What a step waits on now. A long wait (an LRO, a resource still provisioning, another step) is announced
 * when it starts, its text may change while it lasts (the provisioning state read on each poll), and when
 * it ends the step's line changes too: back to a wait that is still open beside it (step 3 writes a route
 * while its firewall provisions), or to what the ended wait came to. So the live line never keeps saying
 * something that is over.
 *
 * The open waits are kept per progress callback: every step context has its own, and helpers pass the
 * context (or its progress function) down unchanged.
 */
type Progress = (message: string) => void;

interface OpenWait {
  line: string;
}

const open = new WeakMap<Progress, OpenWait[]>();

export interface WaitOptions {
  /** Said when the wait ends and no other wait of the step is open (default: "<what>: done"). */
  done?: string;
  /** Said as is instead of "waiting for <what>" (e.g. "Writing route default in rt-demo"). */
  line?: string;
}

/**
 * Runs `run` as a wait on `what` ("firewall afw-demo to be created"), said through `host.progress`.
 * `run` gets `say(detail)` to put what it learns on the same line, e.g. the provisioning state it read.
 */
export async function waitingFor<T>(
  host: { progress: Progress },
  what: string,
  run: (say: (detail: string) => void) => Promise<T>,
  options: WaitOptions = {},
): Promise<T> {
  const progress = host.progress;
  const stack = open.get(progress) ?? [];
  open.set(progress, stack);
  const base = options.line ?? `waiting for ${what}`;
  const wait: OpenWait = { line: base };
  stack.push(wait);
  progress(base);
  const say = (detail: string) => {
    wait.line = `${base} (${detail})`;
    // Only the newest open wait owns the line; an older one is said again when the newer ends.
    if (stack.at(-1) === wait) progress(wait.line);
  };
  let ended = false;
  try {
    const value = await run(say);
    ended = true;
    return value;
  } finally {
    stack.splice(stack.indexOf(wait), 1);
    const still = stack.at(-1);
    // A failed wait is reported by the step's end; only a wait that came to its end says so.
    if (still) progress(still.line);
    else if (ended) progress(options.done ?? `${what}: done`);
  }
}

/** A wait that was only said (a retry's back-off) is over: the line goes back to a wait still open, or says `line`. */
export function waitOver(host: { progress: Progress }, line: string): void {
  host.progress(open.get(host.progress)?.at(-1)?.line ?? line);
}

/** After something short said its own line: the line goes back to the step's open wait, if it has one. */
export function resumeOpenWait(host: { progress: Progress }): void {
  const still = open.get(host.progress)?.at(-1);
  if (still) host.progress(still.line);
}
