/**
 * Requests held back by a `delay` or `stall` fault. `close()` releases them all at once: a held answer
 * must not keep the emulator (or the process around it) alive after it was told to stop.
 */
export class Holds {
  private readonly pending = new Set<() => void>();

  /**
   * Resolves true after `ms` (never, for a stall: undefined), or false when released by `releaseAll` or
   * when `gone` fires (the client closed the connection: nothing is left to answer).
   */
  wait(ms: number | undefined, gone?: (release: () => void) => void): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(() => finish(true), ms);
      const release = () => finish(false);
      const finish = (elapsed: boolean) => {
        clearTimeout(timer);
        if (!this.pending.delete(release)) return;
        resolve(elapsed);
      };
      this.pending.add(release);
      gone?.(release);
    });
  }

  releaseAll(): void {
    for (const release of [...this.pending]) release();
  }
}
