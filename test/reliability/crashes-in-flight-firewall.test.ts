/**
 * kill -9 of the built CLI while the firewall create is in flight: the resume re-attaches to it instead of
 * sending it again and converges to exactly the resources of an uninterrupted run (see crashes-in-flight.test.ts).
 */
import { describe } from 'vitest';
import { killedWhilePolling, useCrashBaseline } from './crash-kit.js';

const b = useCrashBaseline();

describe('an operation in flight when the CLI died is re-attached, never sent twice', () => {
  killedWhilePolling(b, {
    name: 'firewall',
    step: 'egress-route',
    resource: /azureFirewalls\/afw-aks-rel$/,
    label: 'firewall afw-aks-rel',
  });
});
