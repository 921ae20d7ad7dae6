import { describe, expect, it } from 'vitest';
import { recordedResources } from '../../src/cli/actions/status-resources.js';
import type { DeploymentState } from '../../src/state/schema.js';

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000000';
const WORKSPACE = `${SUB}/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/central-logs`;

/** A state file as the steps leave it, reduced to what status reads. */
function stateWith(config: Record<string, unknown>, clusterOutputs: Record<string, unknown>, clusterStatus = 'done'): DeploymentState {
  return {
    config: {
      resourceGroup: 'rg-x',
      location: 'eastus',
      name: 'aks-x',
      tier: 'standard',
      nodeVmSize: 'Standard_D4ds_v5',
      nodeCount: 3,
      ...config,
    },
    steps: {
      cluster: {
        status: clusterStatus,
        outputs: { clusterId: `${SUB}/resourceGroups/rg-x/providers/Microsoft.ContainerService/managedClusters/aks-x`, ...clusterOutputs },
      },
    },
  } as unknown as DeploymentState;
}

describe('status: what the production options built', () => {
  it('a workspace the configuration named is the user’s; Defender alone records no data collection rule', () => {
    const r = recordedResources(stateWith({ defender: true, logAnalyticsWorkspace: WORKSPACE }, { logAnalyticsWorkspaceId: WORKSPACE }));
    expect(r.logAnalyticsWorkspace).toEqual({ name: 'central-logs', id: WORKSPACE, createdByDeployment: false });
    expect(r.dataCollectionRule).toBeUndefined();
    expect(r.addons).toEqual(['Microsoft Defender for Containers']);
  });

  it('a fixed System pool without zones is the default, not an option: no pools; zones alone show it', () => {
    expect(recordedResources(stateWith({}, {})).pools).toBeUndefined();
    expect(recordedResources(stateWith({ zones: ['1', '2'] }, {})).pools).toEqual([
      { name: 'system', mode: 'System', vmSize: 'Standard_D4ds_v5', count: 3, zones: ['1', '2'] },
    ]);
  });

  it('nothing of the options before step 5 recorded the cluster', () => {
    const r = recordedResources(stateWith({ tier: 'premium', monitoring: true, zones: ['1'] }, {}, 'pending'));
    expect(r).toEqual({});
  });
});
