/**
 * The leases this process holds on shared states, so a hard exit (a second Ctrl-C) can give them back
 * before it goes: a lease left behind blocks every run of the team until it expires.
 */
const held = new Set<() => Promise<unknown>>();

export function holdLease(release: () => Promise<unknown>): () => void {
  held.add(release);
  return () => void held.delete(release);
}

/** Releases every held lease, waiting at most `timeoutMs`: an exit must not hang on an unreachable account. */
export async function releaseHeldLeases(timeoutMs: number): Promise<void> {
  const all = Promise.allSettled([...held].map((release) => release()));
  held.clear();
  await Promise.race([all, new Promise((r) => setTimeout(r, timeoutMs).unref())]);
}
