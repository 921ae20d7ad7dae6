/**
 * kill -9 of the built CLI late in a run (among the cluster, Bastion and jumphost writes), against a separately
 * started emulator that survives it: `status --resume` converges to exactly the resources of an uninterrupted
 * run. A file of its own so it runs beside the earlier kill points (crashes-random.test.ts).
 */
import { describe } from 'vitest';
import { killedAfterRequests, useCrashBaseline } from './crash-kit.js';

const b = useCrashBaseline();

describe('kill -9 at random moments', () => {
  // Of about 190 ARM requests.
  killedAfterRequests(b, 'late (cluster, Bastion, jumphost)', [120]);
});
