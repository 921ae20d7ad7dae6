/**
 * Writes of whole pools on an existing cluster, through the agentPools API (AKS refuses a new pool in a
 * managedClusters PUT and ignores one left out of it; see cluster-pools.ts). Journaled like the cluster
 * PUT, so a run that crashes mid-operation re-attaches to it (resumePoolOperation, before anything else).
 */
import type { ManagedCluster } from '@azure/arm-containerservice';
import type { StepContext } from '../../engine/step.js';
import { journaledModernLro, lroOptions } from '../../azure/lro.js';
import type { RetryPolicy } from '../../azure/retry.js';
import { agentPoolBody, plannedPools, poolProfile, poolsToAdd, poolsToRepair, poolToRemove, type PoolPlan } from './cluster-pools.js';

export interface PoolWriteInputs {
  clusterId: string;
  nodeSubnetId: string;
  tags: Record<string, string>;
  policies: RetryPolicy[];
}

/** Adds the configured pools the cluster lacks and re-PUTs those left Failed; true when it wrote any. */
export async function addOrRepairPools(ctx: StepContext, cluster: ManagedCluster, inputs: PoolWriteInputs): Promise<boolean> {
  const writes = [
    ...poolsToAdd(ctx.config, cluster).map((p) => ({ p, operation: 'create' as const })),
    ...poolsToRepair(ctx.config, cluster).map((p) => ({ p, operation: 'update' as const })),
  ];
  for (const { p, operation } of writes) await putPool(ctx, p, operation, inputs);
  return writes.length > 0;
}

/**
 * Re-attaches to the pool operation an earlier run journaled and did not see end (the process died while
 * waiting). AKS lists such a pool at once (Creating, Deleting), so nothing else would notice it; re-attached,
 * its end is seen, and a failure is reported (the pool then reads Failed and the next run repairs it).
 * True when it re-attached.
 */
export async function resumePoolOperation(ctx: StepContext, inputs: PoolWriteInputs): Promise<boolean> {
  const earlier = ctx.inFlight();
  const prefix = `${inputs.clusterId}/agentPools/`.toLowerCase();
  if (!earlier || !earlier.resourceId.toLowerCase().startsWith(prefix)) return false;
  const poolName = earlier.resourceId.slice(prefix.length);
  if (earlier.operation === 'delete') {
    await deletePool(ctx, poolName, inputs);
    return true;
  }
  const p = plannedPools(ctx.config).find((x) => x.name.toLowerCase() === poolName.toLowerCase());
  // A pool no longer configured: its operation is left to end on its own (the cluster reads Updating until
  // then, which this step waits out), and the pool is then deleted as any unwanted one.
  if (!p) return false;
  await putPool(ctx, p, earlier.operation, inputs);
  return true;
}

async function putPool(ctx: StepContext, p: PoolPlan, operation: 'create' | 'update', inputs: PoolWriteInputs): Promise<void> {
  const aks = await ctx.azure.containerService();
  const { restorePoller } = await import('@azure/arm-containerservice');
  const rg = ctx.config.resourceGroup;
  const name = ctx.names.cluster;
  const body = agentPoolBody(poolProfile(ctx.config, p, inputs.nodeSubnetId, inputs.tags));
  await journaledModernLro(ctx, {
    resourceId: `${inputs.clusterId}/agentPools/${p.name}`,
    operation,
    label: `node pool ${p.name} of cluster ${name}`,
    policies: inputs.policies,
    start: () => aks.agentPools.createOrUpdate(rg, name, p.name, body, lroOptions(ctx)),
    restore: (serialized) => restorePoller(aks, serialized, aks.agentPools.createOrUpdate, lroOptions(ctx)),
  });
}

/** Deletes the User pool when it is off now and this deployment made it; true when it deleted one. */
export async function removeUnwantedPool(ctx: StepContext, cluster: ManagedCluster, inputs: PoolWriteInputs): Promise<boolean> {
  const pool = poolToRemove(ctx.config, cluster, ctx.deploymentId);
  if (!pool?.name) return false;
  await deletePool(ctx, pool.name, inputs);
  return true;
}

async function deletePool(ctx: StepContext, poolName: string, inputs: PoolWriteInputs): Promise<void> {
  const aks = await ctx.azure.containerService();
  const { restorePoller } = await import('@azure/arm-containerservice');
  const rg = ctx.config.resourceGroup;
  const name = ctx.names.cluster;
  await journaledModernLro(ctx, {
    resourceId: `${inputs.clusterId}/agentPools/${poolName}`,
    operation: 'delete',
    label: `node pool ${poolName} of cluster ${name}`,
    policies: inputs.policies,
    start: () => aks.agentPools.delete(rg, name, poolName, lroOptions(ctx)),
    restore: (serialized) => restorePoller(aks, serialized, aks.agentPools.delete, lroOptions(ctx)),
  });
}
