/**
 * The node pools step 5 owns: the System pool (zones, autoscaler, the CriticalAddonsOnly taint when a
 * User pool takes the workloads) and the optional User pool `user`. Pure functions of the configuration and
 * the cluster as Azure returned it, so `plan` and `apply` agree on every change.
 *
 * How AKS takes pool changes (docs/azure-behaviour.md): an existing pool's count, autoscaler and taints
 * change in place through the managedClusters PUT; a pool cannot be added (400 BadRequest "A new agent pool
 * was introduced") or removed that way, so the User pool of an existing cluster is added and deleted
 * through the agentPools API; zones and VM size of an existing pool never change (preflight refuses them).
 */
import type { AgentPool, ManagedCluster, ManagedClusterAgentPoolProfile } from '@azure/arm-containerservice';
import type { ResolvedConfig } from '../../config/types.js';
import type { Change, PropertyDiff } from '../../core/step.js';
import { createdByDeployment, DEPLOYMENT_TAG } from '../../core/tags.js';
import { MAX_SURGE } from '../../config/surge.js';
import { sameId } from '../../azure/ids.js';
import { diffProperties, sameValue } from './diff.js';

export const SYSTEM_POOL = 'system';
export const USER_POOL = 'user';
/** Keeps workloads off the System pool ("use-system-pools": only pods tolerating it, i.e. AKS's own, land there). */
export const CRITICAL_ADDONS_ONLY = 'CriticalAddonsOnly=true:NoSchedule';

type Profile = ManagedClusterAgentPoolProfile;

export interface PoolPlan {
  name: string;
  mode: 'System' | 'User';
  vmSize: string;
  count: number;
  zones: string[];
  /** Autoscaler bounds; both or neither. */
  min?: number;
  max?: number;
}

export function plannedPools(config: ResolvedConfig): PoolPlan[] {
  const pools: PoolPlan[] = [
    {
      name: SYSTEM_POOL,
      mode: 'System',
      vmSize: config.nodeVmSize,
      count: config.nodeCount,
      zones: config.zones ?? [],
      min: config.nodeMinCount,
      max: config.nodeMaxCount,
    },
  ];
  if (config.userPool) {
    pools.push({
      name: USER_POOL,
      mode: 'User',
      vmSize: config.userPoolVmSize ?? config.nodeVmSize,
      count: config.userPoolCount,
      zones: config.userPoolZones ?? [],
      min: config.userPoolMinCount,
      max: config.userPoolMaxCount,
    });
  }
  return pools;
}

export function autoscaled(p: PoolPlan): p is PoolPlan & { min: number; max: number } {
  return p.min !== undefined && p.max !== undefined;
}

/** Nodes a pool may grow to: the autoscaler's maximum, else its count. */
export function maxNodes(p: PoolPlan): number {
  return autoscaled(p) ? p.max : p.count;
}

const clamp = (n: number, p: PoolPlan & { min: number; max: number }) => Math.min(Math.max(n, p.min), p.max);

/**
 * With the autoscaler on, the count is the autoscaler's: a new pool starts at the configured count (within
 * the bounds), an existing one keeps its current count unless new bounds exclude it. Off, the count is the
 * configured one, and only a pool that had the autoscaler is told to stop (its bounds go with it).
 */
function scaling(p: PoolPlan, current?: Profile): Partial<Profile> {
  if (autoscaled(p)) return { enableAutoScaling: true, minCount: p.min, maxCount: p.max, count: clamp(current?.count ?? p.count, p) };
  return { ...(current?.enableAutoScaling ? { enableAutoScaling: false } : {}), minCount: undefined, maxCount: undefined, count: p.count };
}

/** The System pool's taints: ours added with the User pool, removed without it; anyone else's kept. */
function systemTaints(config: ResolvedConfig, current?: Profile): string[] | undefined {
  const had = current?.nodeTaints;
  const others = (had ?? []).filter((t) => t !== CRITICAL_ADDONS_ONLY);
  if (config.userPool) return [...others, CRITICAL_ADDONS_ONLY];
  return had?.includes(CRITICAL_ADDONS_ONLY) ? others : had;
}

function findPool(cluster: ManagedCluster | undefined, name: string): Profile | undefined {
  return cluster?.agentPoolProfiles?.find((p) => sameId(p.name, name));
}

/** The pool carries the deployment tag of the tags we would write: this deployment made it. */
function ours(pool: Profile, tags: Record<string, string>): boolean {
  return createdByDeployment(pool.tags, tags[DEPLOYMENT_TAG] ?? '');
}

export function poolProfile(
  config: ResolvedConfig,
  p: PoolPlan,
  nodeSubnetId: string,
  tags: Record<string, string>,
  current?: Profile,
): Profile {
  const taints = p.mode === 'System' ? systemTaints(config, current) : current?.nodeTaints;
  return {
    ...current,
    name: p.name,
    mode: p.mode,
    type: 'VirtualMachineScaleSets',
    osType: 'Linux',
    // Ubuntu: its update mirrors are the ones the firewall rules allow.
    osSKU: 'Ubuntu',
    vmSize: p.vmSize,
    // Both pools in the node subnet: its route table sends their egress through the firewall.
    vnetSubnetID: nodeSubnetId,
    enableNodePublicIP: false,
    // Sent explicitly: preflight counts these surge nodes in the vCPU quota, as AKS does on create.
    upgradeSettings: { ...current?.upgradeSettings, maxSurge: MAX_SURGE },
    // Zones are fixed once a pool exists: a new pool gets the configured ones, an existing one keeps its own.
    ...(!current && p.zones.length ? { availabilityZones: p.zones } : {}),
    ...scaling(p, current),
    ...(taints ? { nodeTaints: taints } : {}),
    // A User pool we create carries the deployment's tags: they decide whether turning it off may delete it.
    // An existing pool someone else made keeps its own tags, so it never becomes ours.
    ...(p.mode === 'User' && (!current || ours(current, tags)) ? { tags: { ...current?.tags, ...tags } } : {}),
  };
}

/**
 * The pools of a managedClusters PUT: ours as configured (on an existing cluster only those that exist:
 * a new pool goes through the agentPools API), then every other pool as it is.
 */
export function clusterPools(
  config: ResolvedConfig,
  nodeSubnetId: string,
  tags: Record<string, string>,
  existing?: ManagedCluster,
): Profile[] {
  const planned = plannedPools(config);
  const ours = planned
    .filter((p) => !existing || findPool(existing, p.name))
    .map((p) => poolProfile(config, p, nodeSubnetId, tags, findPool(existing, p.name)));
  const others = (existing?.agentPoolProfiles ?? []).filter((p) => !planned.some((q) => sameId(q.name, p.name)));
  return [...ours, ...others];
}

/** Pools the configuration has and the existing cluster lacks (added through the agentPools API). */
export function poolsToAdd(config: ResolvedConfig, existing: ManagedCluster): PoolPlan[] {
  return plannedPools(config).filter((p) => !findPool(existing, p.name));
}

/**
 * The configured pools AKS left Failed: a PUT of the pool as configured reconciles it, as Microsoft's
 * troubleshooting for a failed node pool recommends (docs/azure-behaviour.md).
 */
export function poolsToRepair(config: ResolvedConfig, existing: ManagedCluster): PoolPlan[] {
  return plannedPools(config).filter((p) => findPool(existing, p.name)?.provisioningState === 'Failed');
}

/** The User pool when it is off now and this deployment made it; a pool someone else made stays. */
export function poolToRemove(config: ResolvedConfig, existing: ManagedCluster, deploymentId: string): Profile | undefined {
  const pool = findPool(existing, USER_POOL);
  return !config.userPool && pool && createdByDeployment(pool.tags, deploymentId) ? pool : undefined;
}

/** The agentPools API's body for a pool profile (the same properties, without the name). */
export function agentPoolBody(profile: Profile): AgentPool {
  const { name: _name, ...rest } = profile;
  void _name;
  return rest as AgentPool;
}

function describe(p: PoolPlan): string {
  const zones = p.zones.length ? `, zones ${p.zones.join(',')}` : '';
  const scale = autoscaled(p) ? `, autoscaler ${p.min}-${p.max}` : '';
  return `${p.mode} pool, ${p.count} x ${p.vmSize}${zones}${scale}`;
}

/** What `plan` shows for one pool that exists: each owned property that differs. */
function existingPoolDiffs(config: ResolvedConfig, p: PoolPlan, current: Profile, nodeSubnetId: string): PropertyDiff[] {
  const on = autoscaled(p);
  const want: Record<string, unknown> = {
    mode: p.mode,
    vmSize: p.vmSize,
    vnetSubnetID: nodeSubnetId,
    enableNodePublicIP: false,
    count: on ? undefined : p.count,
    enableAutoScaling: on ? true : current.enableAutoScaling ? false : undefined,
    minCount: on ? p.min : undefined,
    maxCount: on ? p.max : undefined,
  };
  const diffs = diffProperties(current, want);
  // A pool still being written, or left Failed, is not in place whatever its settings say.
  if (current.provisioningState && current.provisioningState !== 'Succeeded')
    diffs.push({ property: 'provisioningState', current: current.provisioningState, desired: 'Succeeded' });
  // "No zones" reads as absent or empty: neither is a change.
  const zones = current.availabilityZones ?? [];
  if (!sameValue(zones, p.zones)) diffs.push({ property: 'availabilityZones', current: zones, desired: p.zones });
  if (p.mode === 'System') {
    const taints = systemTaints(config, current);
    if (taints && !sameValue(current.nodeTaints ?? [], taints))
      diffs.push({ property: 'nodeTaints', current: current.nodeTaints ?? [], desired: taints });
  }
  return diffs.map((d) => ({ ...d, property: `agentPoolProfiles.${p.name}.${d.property}` }));
}

/**
 * A change the managedClusters PUT makes: not a whole pool added or deleted, nor a pool's provisioning
 * state, which the agentPools API's PUT of that pool reconciles.
 */
export function inPlace(d: PropertyDiff): boolean {
  return !/^agentPoolProfiles\.[^.]+(\.provisioningState)?$/.test(d.property);
}

/** The configured pools' changes `plan` shows on the cluster: a pool added as a whole, the others property by property. */
export function poolDiffs(config: ResolvedConfig, current: ManagedCluster, nodeSubnetId: string): PropertyDiff[] {
  const diffs: PropertyDiff[] = [];
  for (const p of plannedPools(config)) {
    const pool = findPool(current, p.name);
    if (pool) diffs.push(...existingPoolDiffs(config, p, pool, nodeSubnetId));
    else diffs.push({ property: `agentPoolProfiles.${p.name}`, current: undefined, desired: describe(p) });
  }
  return diffs;
}

export const AGENT_POOL_TYPE = 'Microsoft.ContainerService/managedClusters/agentPools';

/** The User pool's deletion (through the agentPools API) when it is off now and this deployment made it. */
export function poolRemovalChange(
  config: ResolvedConfig,
  current: ManagedCluster,
  deploymentId: string,
  clusterId: string,
): Change | undefined {
  const removed = poolToRemove(config, current, deploymentId);
  if (!removed) return undefined;
  const pool = removed.name ?? USER_POOL;
  return {
    action: 'delete',
    resourceType: AGENT_POOL_TYPE,
    name: pool,
    id: `${clusterId}/agentPools/${pool}`,
    note: `userPool is off: ${removed.count ?? 0} x ${removed.vmSize ?? 'nodes'}`,
  };
}

/**
 * Nodes each configured pool should have registered, judged from node names (AKS names a node
 * `aks-<pool>-<number>-vmss<instance>`): exactly the count, or within the autoscaler's bounds.
 */
export function nodeCountProblems(config: ResolvedConfig, nodeNames: readonly string[]): string[] {
  const problems: string[] = [];
  for (const p of plannedPools(config)) {
    const n = nodeNames.length - offPool(nodeNames, p.name).length;
    const ok = autoscaled(p) ? n >= p.min && n <= p.max : n === p.count;
    if (!ok) problems.push(`${n} node(s) of pool ${p.name} registered, ${autoscaled(p) ? `${p.min}-${p.max}` : p.count} expected.`);
  }
  return problems;
}

/** Node names (pods' `spec.nodeName`) that are not in `pool`; an unscheduled pod counts as off it. */
export function offPool(nodeNames: readonly string[], pool: string): string[] {
  return nodeNames.map((n) => n || '(unscheduled)').filter((n) => !n.toLowerCase().startsWith(`aks-${pool}-`));
}
