/**
 * Writes of whole pools on an existing cluster, through the agentPools API (AKS refuses a new pool in a
 * managedClusters PUT and ignores one left out of it; see cluster-pools.ts). Journaled like the cluster
 * PUT, so a run that crashes mid-operation re-attaches to it.
 */
import type { ManagedCluster } from '@azure/arm-containerservice';
import type { StepContext } from '../../engine/step.js';
import { journaledModernLro, lroOptions } from '../../azure/lro.js';
import type { RetryPolicy } from '../../azure/retry.js';
import { agentPoolBody, plannedPools, poolProfile, poolsToAdd, poolToRemove } from './cluster-pools.js';

export interface PoolWriteInputs {
  clusterId: string;
  nodeSubnetId: string;
  tags: Record<string, string>;
  policies: RetryPolicy[];
}

/**
 * Re-attaches to a pool create or delete a killed run left in flight; true when there was one. It must come
 * before anything reads the pools: the pool being created is already listed (so it would not be added again and
 * its operation never followed), and the cluster reads Updating until the operation ends.
 */
export async function resumePoolWrite(ctx: StepContext, inputs: PoolWriteInputs): Promise<boolean> {
  const prefix = `${inputs.clusterId}/agentPools/`.toLowerCase();
  const op = ctx.inFlight();
  if (!op || !op.resourceId.toLowerCase().startsWith(prefix)) return false;
  const poolName = op.resourceId.slice(prefix.length);
  const aks = await ctx.azure.containerService();
  const { restorePoller } = await import('@azure/arm-containerservice');
  const rg = ctx.config.resourceGroup;
  const name = ctx.names.cluster;
  const planned = plannedPools(ctx.config).find((p) => p.name.toLowerCase() === poolName.toLowerCase());
  const label = `node pool ${poolName} of cluster ${name}`;
  if (op.operation === 'delete' || !planned) {
    // Sent again (only if the operation record is gone): a delete of a pool already gone answers 204.
    await journaledModernLro(ctx, {
      resourceId: op.resourceId,
      operation: 'delete',
      label,
      policies: inputs.policies,
      start: () => aks.agentPools.delete(rg, name, poolName, lroOptions(ctx)),
      restore: (serialized) => restorePoller(aks, serialized, aks.agentPools.delete, lroOptions(ctx)),
    });
    return true;
  }
  const body = agentPoolBody(poolProfile(ctx.config, planned, inputs.nodeSubnetId, inputs.tags));
  await journaledModernLro(ctx, {
    resourceId: op.resourceId,
    operation: op.operation,
    label,
    policies: inputs.policies,
    start: () => aks.agentPools.createOrUpdate(rg, name, poolName, body, lroOptions(ctx)),
    restore: (serialized) => restorePoller(aks, serialized, aks.agentPools.createOrUpdate, lroOptions(ctx)),
  });
  return true;
}

/** Adds the configured pools the cluster lacks; true when it added any. */
export async function addMissingPools(ctx: StepContext, cluster: ManagedCluster, inputs: PoolWriteInputs): Promise<boolean> {
  const missing = poolsToAdd(ctx.config, cluster);
  if (!missing.length) return false;
  const aks = await ctx.azure.containerService();
  const { restorePoller } = await import('@azure/arm-containerservice');
  const rg = ctx.config.resourceGroup;
  const name = ctx.names.cluster;
  for (const p of missing) {
    const body = agentPoolBody(poolProfile(ctx.config, p, inputs.nodeSubnetId, inputs.tags));
    await journaledModernLro(ctx, {
      resourceId: `${inputs.clusterId}/agentPools/${p.name}`,
      operation: 'create',
      label: `node pool ${p.name} of cluster ${name}`,
      policies: inputs.policies,
      start: () => aks.agentPools.createOrUpdate(rg, name, p.name, body, lroOptions(ctx)),
      restore: (serialized) => restorePoller(aks, serialized, aks.agentPools.createOrUpdate, lroOptions(ctx)),
    });
  }
  return true;
}

/** Deletes the User pool when it is off now and this deployment made it; true when it deleted one. */
export async function removeUnwantedPool(ctx: StepContext, cluster: ManagedCluster, inputs: PoolWriteInputs): Promise<boolean> {
  const pool = poolToRemove(ctx.config, cluster, ctx.deploymentId);
  if (!pool?.name) return false;
  const poolName = pool.name;
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
  return true;
}
