/**
 * kill -9 of the built CLI while the cluster create is in flight, against a separately started emulator that
 * survives it: `status --resume` re-attaches to the operation instead of sending it again, and converges to
 * exactly the resources of an uninterrupted run. The firewall and Bastion creates: crashes-in-flight-*.test.ts
 * (a file each, so they run in parallel workers).
 */
import { describe } from 'vitest';
import { killedWhilePolling, useCrashBaseline } from './crash-kit.js';

const b = useCrashBaseline();

describe('an operation in flight when the CLI died is re-attached, never sent twice', () => {
  killedWhilePolling(b, { name: 'cluster', step: 'cluster', resource: /managedClusters\/aks-rel$/, label: 'cluster aks-rel' });
});
