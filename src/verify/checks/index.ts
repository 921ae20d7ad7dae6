import { addonChecks } from './addons.js';
import { apiServerChecks } from './api-server.js';
import { clusterChecks } from './cluster.js';
import { egressChecks } from './egress.js';
import { inClusterChecks } from './in-cluster.js';
import { networkChecks } from './network.js';
import type { Check } from './types.js';

/** Every check, in report order: API server, egress, network, cluster, in-cluster, add-ons. */
export const ALL_CHECKS: readonly Check[] = [
  ...apiServerChecks,
  ...egressChecks,
  ...networkChecks,
  ...clusterChecks,
  ...inClusterChecks,
  ...addonChecks,
];

export type { Check, CheckArea, CheckOutcome, CheckResult } from './types.js';
