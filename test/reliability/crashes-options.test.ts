/**
 * kill -9 of the built CLI in the production options' writes (a node pool added to a running cluster, the
 * add-on resources, the Key Vault and its private endpoint, the policy assignment, maintenance configurations),
 * against a separately started emulator that survives it: `status --resume` re-attaches to the pool operation
 * instead of sending it again, and every kill converges to exactly the resources of an uninterrupted run with
 * the options on.
 */
import { describe, expect } from 'vitest';
import { runCli } from '../e2e/run-cli.js';
import { deployArgs } from './harness.js';
import { killedAfterRequests, killedWhilePolling, useCrashBaseline } from './crash-kit.js';

const OPTIONS = [
  ...['--tier', 'standard', '--zones', '1,2,3', '--node-min-count', '1', '--node-max-count', '3', '--user-pool'],
  ...['--monitoring', '--defender', '--azure-policy', '--policy-baseline', '--key-vault', '--tag', 'env=rel'],
  ...['--auto-upgrade-window', 'Sunday 02:00 4h', '--node-os-upgrade-window', 'Saturday 22:00 6h'],
];

const b = useCrashBaseline(OPTIONS);

describe('kill -9 in the production options', () => {
  killedWhilePolling(b, {
    name: 'user pool added to a running cluster',
    step: 'cluster',
    resource: /managedClusters\/aks-rel\/agentPools\/user$/,
    label: 'node pool user of cluster aks-rel',
    // The cluster exists with every other option but the pool, so the pool goes through its own agentPools PUT.
    before: async (state) => {
      const r = await runCli([...deployArgs(b.emu, state), ...OPTIONS.filter((o) => o !== '--user-pool')]);
      expect(r.code, r.stderr.slice(-2000)).toBe(0);
    },
  });
  // Of about 260 ARM requests; the options' writes fall from the cluster onwards.
  killedAfterRequests(b, 'among the add-on, vault and policy writes', [150, 200, 240]);
});
