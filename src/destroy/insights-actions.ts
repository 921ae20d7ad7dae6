/**
 * Teardown of Container Insights' resources: the data collection rule, then the Log Analytics workspace
 * it sends to. Both run after the cluster is gone, which takes the rule's association with it (an
 * extension resource goes with the resource it extends). Only what carries this deployment's tag is
 * here: a workspace the configuration named is the user's and never listed as ours. Azure keeps a deleted
 * workspace soft-deleted for 14 days, recoverable by creating it again under the same name
 * (https://learn.microsoft.com/azure/azure-monitor/logs/delete-workspace).
 */
import { deleting } from './attempt.js';
import { resourceGroupOfId } from '../azure/ids.js';
import type { OwnedResource, TeardownAction } from './types.js';

export function deleteDataCollectionRule(r: OwnedResource): TeardownAction {
  return {
    resource: r,
    run: async (env) => {
      const monitor = await env.azure.monitor();
      return deleting(env, `data collection rule ${r.name}`, () => monitor.dataCollectionRules.delete(resourceGroupOfId(r.id), r.name));
    },
  };
}

export function deleteWorkspace(r: OwnedResource): TeardownAction {
  return {
    resource: r,
    run: async (env) => {
      const logs = await env.azure.operationalInsights();
      return deleting(env, `Log Analytics workspace ${r.name}`, () =>
        logs.workspaces.beginDeleteAndWait(resourceGroupOfId(r.id), r.name, { abortSignal: env.signal }),
      );
    },
  };
}
