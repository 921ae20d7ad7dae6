/**
 * What the journal tells destroy's discovery beyond the deployment tag: ids the steps recorded, and the
 * resources this deployment adopted (put back, never deleted).
 */
import { resourceNames } from '../config/names.js';
import type { DeploymentState } from '../state/schema.js';
import type { JournalHints } from './discover.js';

export function journalHints(state: DeploymentState): JournalHints {
  const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const network = state.steps.network?.outputs ?? {};
  return {
    identityPrincipalId: text(state.steps.identity?.outputs?.identityPrincipalId),
    nodeResourceGroup: text(state.steps.cluster?.outputs?.nodeResourceGroup),
    subnetIds: Object.entries(network)
      .filter(([k]) => k.endsWith('SubnetId'))
      .map(([, v]) => text(v))
      .filter((v): v is string => !!v),
    ruleCollectionGroupIds: ((v) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []))(
      state.steps['firewall-rules']?.outputs?.ruleCollectionGroupIds,
    ),
    adopted: state.adopted,
  };
}

/** The node resource group is not in the plan (AKS deletes it with the cluster), so the cluster's line names it. */
export function nodeResourceGroupOf(state: DeploymentState): string {
  return (
    journalHints(state).nodeResourceGroup ??
    `MC_${state.config.resourceGroup}_${resourceNames(state.config).cluster}_${state.config.location}`
  );
}
