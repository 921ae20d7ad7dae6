import { describe, expect, it } from 'vitest';
import type { ManagedCluster } from '@azure/arm-containerservice';
import { testConfig } from '../../helpers/step-context.js';
import {
  clusterPools,
  CRITICAL_ADDONS_ONLY,
  inPlace,
  nodeCountProblems,
  poolDiffs,
  poolRemovalChange,
  poolToRemove,
} from '../../../src/steps/desired/cluster-pools.js';

const SUBNET = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/nodes';
const OURS = { 'managed-by': 'secure-aks', 'secure-aks-deployment': 'dep-1' };

/** A cluster as a release before pools were configurable made it: one System pool, nothing else set. */
const LEGACY: ManagedCluster = {
  location: 'eastus',
  agentPoolProfiles: [
    {
      name: 'system',
      mode: 'System',
      count: 2,
      vmSize: 'Standard_D4ds_v5',
      vnetSubnetID: SUBNET,
      enableNodePublicIP: false,
      upgradeSettings: { maxSurge: '10%' },
    },
  ],
};

describe('cluster pools: body', () => {
  it('a new cluster gets a zonal autoscaled System pool tainted for a User pool beside it', () => {
    const config = testConfig({
      zones: ['1', '2'],
      nodeMinCount: 1,
      nodeMaxCount: 3,
      userPool: true,
      userPoolCount: 2,
      userPoolZones: ['2'],
    });
    const [system, user] = clusterPools(config, SUBNET, OURS);
    expect(system).toMatchObject({
      name: 'system',
      mode: 'System',
      availabilityZones: ['1', '2'],
      enableAutoScaling: true,
      minCount: 1,
      maxCount: 3,
      count: 2,
      nodeTaints: [CRITICAL_ADDONS_ONLY],
    });
    expect(system.tags).toBeUndefined();
    expect(user).toMatchObject({
      name: 'user',
      mode: 'User',
      vmSize: config.nodeVmSize,
      count: 2,
      availabilityZones: ['2'],
      vnetSubnetID: SUBNET,
      enableNodePublicIP: false,
      upgradeSettings: { maxSurge: '10%' },
      tags: OURS,
    });
    expect(user.enableAutoScaling).toBeUndefined();
    expect(user.nodeTaints).toBeUndefined();
  });

  it('an autoscaled pool keeps the count the autoscaler chose, brought into new bounds', () => {
    const existing = {
      ...LEGACY,
      agentPoolProfiles: [{ ...LEGACY.agentPoolProfiles![0], enableAutoScaling: true, minCount: 1, maxCount: 5, count: 5 }],
    };
    const [system] = clusterPools(testConfig({ nodeCount: 2, nodeMinCount: 1, nodeMaxCount: 3 }), SUBNET, OURS, existing);
    expect(system).toMatchObject({ enableAutoScaling: true, maxCount: 3, count: 3 });
  });

  it('turning the autoscaler off drops its bounds and sets the count', () => {
    const existing = {
      ...LEGACY,
      agentPoolProfiles: [{ ...LEGACY.agentPoolProfiles![0], enableAutoScaling: true, minCount: 1, maxCount: 5, count: 4 }],
    };
    const [system] = clusterPools(testConfig({ nodeCount: 2 }), SUBNET, OURS, existing);
    expect(system).toMatchObject({ enableAutoScaling: false, count: 2 });
    expect(system.minCount).toBeUndefined();
    expect(system.maxCount).toBeUndefined();
  });

  it('an existing cluster: no new pool in the PUT (the agentPools API adds it), other pools untouched', () => {
    const existing = { ...LEGACY, agentPoolProfiles: [...LEGACY.agentPoolProfiles!, { name: 'gpu', mode: 'User' as const, count: 1 }] };
    const body = clusterPools(testConfig({ userPool: true }), SUBNET, OURS, existing);
    expect(body.map((p) => p.name)).toEqual(['system', 'gpu']);
    expect(body[1]).toEqual({ name: 'gpu', mode: 'User', count: 1 });
  });
});

describe('cluster pools: ownership of an existing user pool', () => {
  const user = { name: 'user', mode: 'User' as const, count: 2, vmSize: 'Standard_D4ds_v5' };

  it('keeps the tags of a user pool someone else made, so turning userPool off later cannot delete it', () => {
    const theirs = { ...LEGACY, agentPoolProfiles: [...LEGACY.agentPoolProfiles!, { ...user, tags: { owner: 'team-a' } }] };
    const [, pool] = clusterPools(testConfig({ userPool: true }), SUBNET, OURS, theirs);
    expect(pool!.tags).toEqual({ owner: 'team-a' });
    expect(poolToRemove(testConfig(), { ...theirs, agentPoolProfiles: [LEGACY.agentPoolProfiles![0]!, pool!] }, 'dep-1')).toBeUndefined();
  });

  it('merges the deployment tags into a user pool this deployment made', () => {
    const ours = { ...LEGACY, agentPoolProfiles: [...LEGACY.agentPoolProfiles!, { ...user, tags: { ...OURS, owner: 'team-a' } }] };
    const [, pool] = clusterPools(testConfig({ userPool: true }), SUBNET, { ...OURS, team: 'platform' }, ours);
    expect(pool!.tags).toEqual({ ...OURS, owner: 'team-a', team: 'platform' });
  });
});

describe('cluster pools: plan', () => {
  it('a cluster made before these options shows no change while they stay off', () => {
    expect(poolDiffs(testConfig(), LEGACY, SUBNET)).toEqual([]);
  });

  it('shows an added pool as a whole and each property change of an existing one', () => {
    const config = testConfig({
      userPool: true,
      userPoolCount: 3,
      userPoolMinCount: 1,
      userPoolMaxCount: 4,
      nodeMinCount: 2,
      nodeMaxCount: 5,
    });
    const diffs = poolDiffs(config, LEGACY, SUBNET);
    expect(diffs).toEqual([
      { property: 'agentPoolProfiles.system.enableAutoScaling', current: undefined, desired: true },
      { property: 'agentPoolProfiles.system.minCount', current: undefined, desired: 2 },
      { property: 'agentPoolProfiles.system.maxCount', current: undefined, desired: 5 },
      { property: 'agentPoolProfiles.system.nodeTaints', current: [], desired: [CRITICAL_ADDONS_ONLY] },
      { property: 'agentPoolProfiles.user', current: undefined, desired: 'User pool, 3 x Standard_D4ds_v5, autoscaler 1-4' },
    ]);
    expect(diffs.filter(inPlace)).toHaveLength(4);
  });

  it('shows zones asked of an existing pool (preflight refuses it before any write)', () => {
    expect(poolDiffs(testConfig({ zones: ['1'] }), LEGACY, SUBNET)).toEqual([
      { property: 'agentPoolProfiles.system.availabilityZones', current: [], desired: ['1'] },
    ]);
  });

  it('deletes a user pool only when this deployment made it', () => {
    const user = { name: 'user', mode: 'User' as const, count: 2, vmSize: 'Standard_D2ds_v5' };
    const ours = { ...LEGACY, agentPoolProfiles: [...LEGACY.agentPoolProfiles!, { ...user, tags: OURS }] };
    const theirs = { ...LEGACY, agentPoolProfiles: [...LEGACY.agentPoolProfiles!, user] };
    expect(poolToRemove(testConfig(), ours, 'dep-1')?.name).toBe('user');
    expect(poolToRemove(testConfig(), theirs, 'dep-1')).toBeUndefined();
    expect(poolToRemove(testConfig(), ours, 'dep-2')).toBeUndefined();
  });

  it('shows the removal of our user pool as a delete of the pool, not a change of the cluster', () => {
    const ours = {
      ...LEGACY,
      agentPoolProfiles: [
        ...LEGACY.agentPoolProfiles!,
        { name: 'user', mode: 'User' as const, count: 2, vmSize: 'Standard_D2ds_v5', tags: OURS },
      ],
    };
    expect(poolDiffs(testConfig(), ours, SUBNET)).toEqual([]);
    expect(poolRemovalChange(testConfig(), ours, 'dep-1', '/subscriptions/s/x/managedClusters/aks')).toEqual({
      action: 'delete',
      resourceType: 'Microsoft.ContainerService/managedClusters/agentPools',
      name: 'user',
      id: '/subscriptions/s/x/managedClusters/aks/agentPools/user',
      note: 'userPool is off: 2 x Standard_D2ds_v5',
    });
    expect(poolRemovalChange(testConfig(), ours, 'dep-2', '/subscriptions/s/x/managedClusters/aks')).toBeUndefined();
  });
});

describe('cluster pools: health', () => {
  it('counts nodes per pool by name, within the autoscaler bounds', () => {
    const config = testConfig({ nodeCount: 2, userPool: true, userPoolCount: 1, userPoolMinCount: 1, userPoolMaxCount: 3 });
    const names = ['aks-system-1-vmss000000', 'aks-system-1-vmss000001', 'aks-user-2-vmss000000', 'aks-user-2-vmss000001'];
    expect(nodeCountProblems(config, names)).toEqual([]);
    expect(nodeCountProblems(config, names.slice(0, 2))).toEqual(['0 node(s) of pool user registered, 1-3 expected.']);
  });
});
