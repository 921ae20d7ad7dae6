/**
 * Requests held back by a `delay` or `stall` fault. `close()` releases them all at once: a held answer
 * must not keep the emulator (or the process around it) alive after it was told to stop.
 */
export class Holds {
  private readonly pending = new Set<() => void>();

  /** Resolves true after `ms` (never, for a stall: undefined), or false when released by `releaseAll`. */
  wait(ms: number | undefined): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(() => finish(true), ms);
      const release = () => finish(false);
      const finish = (elapsed: boolean) => {
        clearTimeout(timer);
        this.pending.delete(release);
        resolve(elapsed);
      };
      this.pending.add(release);
    });
  }

  releaseAll(): void {
    for (const release of [...this.pending]) release();
  }
}
