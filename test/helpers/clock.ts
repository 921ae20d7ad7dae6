/**
 * Operations run to their end on the emulator's clock instead of in real time: a test that needs an
 * operation done, not watched, lets its Azure duration pass with one control call.
 */
import type { TestEmulator } from './emulator.js';

/** Azure seconds past every operation a test starts (an AKS create under the pessimistic profile: 1800). */
const PAST_EVERY_OPERATION = 3600;

/** An operation begun: the network client's begin* resolves to its poller, newer clients return a poller. */
type Begun<T> = Promise<{ pollUntilDone(): Promise<T> }> | { submitted(): Promise<void>; pollUntilDone(): Promise<T> };

/**
 * Begins an operation, lets its Azure duration pass on the emulator's clock, then polls it: it answers done
 * on the first poll at any speed, with no real wait (the SDK would otherwise sleep through its Retry-After).
 * A refusal of the request itself rejects before the clock moves.
 */
export async function finished<T>(emu: TestEmulator, begun: Begun<T>): Promise<T> {
  // A poller is itself awaitable (to its result), so it is never awaited or resolved to: submitted() is the
  // moment its request was answered.
  const poller = 'submitted' in begun ? begun : await begun;
  if ('submitted' in begun) await begun.submitted();
  await emu.control.advanceClock(PAST_EVERY_OPERATION);
  return poller.pollUntilDone();
}
