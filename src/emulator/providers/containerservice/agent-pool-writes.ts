/**
 * The agentPools API (`managedClusters/{c}/agentPools/{p}` PUT and DELETE, both azure-async-operation),
 * the only way to add or remove a pool of an existing cluster (see pool-profiles.ts). A pool is part of
 * its cluster: its write runs as an update of the cluster (which reads Updating meanwhile) and the cluster's
 * agentPoolProfiles are the one list both APIs read and write. A new pool defaults to mode User.
 * AKS lists a pool at once while it is written (Creating, Updating, Deleting), and a pool whose operation
 * failed stays listed as Failed (https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/availability-performance/cluster-node-virtual-machine-failed-state).
 */
import { ArmError, type ArmRequest, type ArmResponse, type EmulatorContext } from '../../core/contract.js';
import { resourceNotFound } from '../../core/errors.js';
import { clusterIdOf } from './cluster-routes.js';
import { agentPoolView } from './extras.js';
import { buildCluster } from './managed-cluster.js';
import { nodeResourceGroupEffects, nodeResourceGroupId, scaleSetName } from './node-resource-group.js';
import { findPool, validatePoolProfile, withDefaultCount } from './pool-profiles.js';
import { validateNodeSubnet } from './validate-cluster.js';
import { validateNames, validateNodePools } from './validate-pools.js';

function clusterOf(req: ArmRequest, ctx: EmulatorContext) {
  const cluster = ctx.store.get(clusterIdOf(req));
  if (!cluster) throw resourceNotFound(clusterIdOf(req));
  return cluster;
}

/** The cluster with `name`'s pool in the given state: how it reads while the pool's operation runs, or after it failed. */
function withPoolState(cluster: any, pools: any[], name: string, state: string) {
  const profiles = pools.map((p) => (p.name?.toLowerCase() === name.toLowerCase() ? { ...p, provisioningState: state } : p));
  return { ...cluster, properties: { ...cluster.properties, agentPoolProfiles: profiles } };
}

function rebuilt(req: ArmRequest, ctx: EmulatorContext, pools: any[]) {
  const cluster = clusterOf(req, ctx);
  const at = { subscriptionId: req.params.subscriptionId, resourceGroup: req.params.resourceGroupName, name: cluster.name };
  const body = {
    location: cluster.location,
    tags: cluster.tags,
    identity: cluster.identity,
    sku: cluster.sku,
    properties: { ...cluster.properties, agentPoolProfiles: pools },
  };
  return { cluster, final: buildCluster(ctx, at, body, cluster) };
}

export function putAgentPool(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const name = req.params.agentPoolName;
  const input = req.body?.properties;
  if (!input || typeof input !== 'object') {
    throw new ArmError(400, 'InvalidRequestContent', 'The request content must be a JSON object with the agent pool in properties.');
  }
  const current = clusterOf(req, ctx);
  const pools: any[] = current.properties?.agentPoolProfiles ?? [];
  const previous = findPool(pools, name);
  const requested = withDefaultCount({ ...input, name: previous?.name ?? name }, previous);
  const next = previous ? pools.map((p) => (p === previous ? requested : p)) : [...pools, requested];
  validateNodeSubnet(ctx.store, requested.vnetSubnetID);
  const { cluster, final } = rebuilt(req, ctx, next);
  const pool = findPool(final.properties!.agentPoolProfiles, name);
  if (ctx.strict('naming')) validateNames(undefined, [pool]);
  if (ctx.strict('node-pool-validation')) {
    validatePoolProfile(pool, String(final.location), previous);
    validateNodePools(ctx, final, nodeResourceGroupId(final));
  }
  const vmss = scaleSetName(final, pool.name).toLowerCase();
  const effects = nodeResourceGroupEffects(ctx, final).filter((e) => 'put' in e && e.put.name.toLowerCase() === vmss);
  const state = previous ? 'Updating' : 'Creating';
  // The pool as AKS will hold it (defaults filled in), beside the others as they are now.
  const listed = next.map((p) => (p === requested ? pool : p));
  const inFlight = withPoolState(cluster, listed, name, state);
  const answer = ctx.lro.start(req, {
    resourceId: cluster.id,
    mode: 'azure-async-operation',
    azureSeconds: ctx.seconds('aks-update'),
    inFlightState: 'Updating',
    outcome: { final, effects, failed: withPoolState(cluster, listed, name, 'Failed') },
    initialStatus: previous ? 200 : 201,
    initialBody: agentPoolView(cluster.id, { ...pool, provisioningState: state }),
  });
  ctx.store.put({ ...inFlight, properties: { ...inFlight.properties, provisioningState: 'Updating' } });
  return answer;
}

export function deleteAgentPool(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const current = clusterOf(req, ctx);
  const pools: any[] = current.properties?.agentPoolProfiles ?? [];
  const previous = findPool(pools, req.params.agentPoolName);
  if (!previous) return { status: 204 };
  const { cluster, final } = rebuilt(
    req,
    ctx,
    pools.filter((p) => p !== previous),
  );
  // The last System pool cannot go (MustDefineAtLeastOneSystemPool), whichever API removes it.
  if (ctx.strict('node-pool-validation')) validateNodePools(ctx, final, nodeResourceGroupId(final));
  const vmssId = `${nodeResourceGroupId(cluster)}/providers/Microsoft.Compute/virtualMachineScaleSets/${scaleSetName(cluster, previous.name)}`;
  const answer = ctx.lro.start(req, {
    resourceId: cluster.id,
    mode: 'azure-async-operation',
    alsoLocation: true,
    azureSeconds: ctx.seconds('aks-update'),
    inFlightState: 'Updating',
    outcome: { final, effects: [{ delete: vmssId }], failed: withPoolState(cluster, pools, previous.name, 'Failed') },
    initialStatus: 202,
  });
  const inFlight = withPoolState(cluster, pools, previous.name, 'Deleting');
  ctx.store.put({ ...inFlight, properties: { ...inFlight.properties, provisioningState: 'Updating' } });
  return answer;
}
