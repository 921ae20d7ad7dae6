/**
 * Emulator speed factors (simulated Azure seconds per real second) the tests use, one name per reason.
 * A test that needs an operation to stay in flight does not pick a slow speed and race it: it holds the
 * operation (a `hold` fault) or advances the emulator's clock (`control.advanceClock`).
 */
export const SPEED = {
  /**
   * The product's own default: the speed whose real seconds the Retry-After and timing tests read (a
   * 120-second operation leaves two real seconds to count down).
   */
  azure: 60,
  /**
   * Clock-driven: a ten-second operation takes 100 real seconds, so nothing completes during a test
   * unless the test advances the clock. For tests of what happens while something runs or propagates.
   */
  frozen: 0.1,
  /** A cluster create still takes a few client polls (0.9 s): tests of polling and journaling. */
  fast: 600,
  /** Everything completes within the first polls: tests of what is built, not of how long it takes. */
  instant: 3000,
} as const;

/** Env for a CLI run with `--emulator` (the embedded emulator) whose timing is not the point: SPEED.instant. */
export const INSTANT_EMBEDDED_EMULATOR = { SECURE_AKS_EMULATOR_SPEED: String(SPEED.instant) } as const;
