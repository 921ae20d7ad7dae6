/**
 * The emulator's notion of now: the real clock plus whatever tests advanced it by. Everything that waits
 * on simulated time (operations, RBAC propagation, principal replication, provider registration,
 * runCommand results) compares against `now()`, so advancing it completes them at once instead of a test
 * sleeping through them. The offset lives in the store: it survives a restart (operations in flight keep
 * their due times) and `reset` empties it with everything else.
 */
import type { EmulatorStore } from './store.js';

const CLOCK_KEY = '/_emulator/clock';

export class EmulatorClock {
  constructor(
    private readonly store: EmulatorStore,
    /** Simulated seconds per real second: an advance in Azure seconds moves the clock by seconds / speed. */
    private readonly speed: number,
  ) {}

  private get offset(): { offsetMs?: number } {
    return this.store.peekInternal<{ offsetMs?: number }>(CLOCK_KEY);
  }

  now(): number {
    return Date.now() + (this.offset.offsetMs ?? 0);
  }

  /** Moves now forward by `azureSeconds` of simulated time; answers the new now. */
  advance(azureSeconds: number): number {
    const offset = this.offset;
    offset.offsetMs = (offset.offsetMs ?? 0) + (azureSeconds * 1000) / this.speed;
    this.store.touch();
    return this.now();
  }
}
