/**
 * What AKS checks on each agent pool beyond names, sizes and quota (validate-pools.ts), the same whether the
 * pool arrives in a managedClusters PUT or through the agentPools API:
 * - zones the size is not offered in for this subscription and region: 400 AvailabilityZoneNotSupported "The
 *   zone(s) 2 for resource nodepool1 is not supported. The supported zones for location centralus are
 *   (empty)." (quoted in MicrosoftDocs/azure-aks-docs pull request 416);
 * - zones of an existing pool never change ("You can't change the zones of an existing node pool; create a
 *   new node pool", learn.microsoft.com/azure/aks/availability-zones); the code is inferred from AKS's
 *   other immutable pool properties (PropertyChangeNotAllowed);
 * - the cluster autoscaler: both bounds when it is on, minCount <= maxCount, and a count within them, in
 *   AKS's wording for a count out of range ("agentPoolProfile.count was 0. It must be greater or equal to
 *   minCount:1 and less than or equal to maxCount:1000."); a pool created without a count starts at minCount;
 * - taints as key=value:Effect with Effect NoSchedule, PreferNoSchedule or NoExecute (Kubernetes' taint syntax);
 * - a managedClusters PUT on an existing cluster cannot add a pool: 400 BadRequest "A new agent pool was
 *   introduced. Adding agent pools to an existing cluster is not allowed through managed cluster
 *   operations..." (Azure/AKS#4383, microsoft/tyger#121); a pool left out of such a PUT is not deleted
 *   (pulumi/pulumi-azure-native#1686): both go through the agentPools API.
 */
import { ArmError, type ArmResource } from '../../core/contract.js';
import { offeredZones } from '../compute/zones.js';

const TAINT = /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?=[A-Za-z0-9_.-]*:(NoSchedule|PreferNoSchedule|NoExecute)$/;

const same = (a: unknown, b: unknown) => String(a ?? '').toLowerCase() === String(b ?? '').toLowerCase();

export function poolZones(pool: any): string[] {
  return (Array.isArray(pool?.availabilityZones) ? pool.availabilityZones : []).map(String).sort();
}

function invalid(message: string, target: string): ArmError {
  return new ArmError(400, 'InvalidParameter', message, { target });
}

function validateAutoscaler(pool: any): void {
  const min = pool.minCount;
  const max = pool.maxCount;
  if (pool.enableAutoScaling !== true) {
    if (min !== undefined && min !== null) {
      throw invalid(
        `agentPoolProfile.minCount can only be set when enableAutoScaling is true (agent pool ${pool.name}).`,
        'agentPoolProfile.minCount',
      );
    }
    if (max !== undefined && max !== null) {
      throw invalid(
        `agentPoolProfile.maxCount can only be set when enableAutoScaling is true (agent pool ${pool.name}).`,
        'agentPoolProfile.maxCount',
      );
    }
    return;
  }
  if (!Number.isInteger(min) || !Number.isInteger(max)) {
    throw invalid(
      `agentPoolProfile.minCount and agentPoolProfile.maxCount are required when enableAutoScaling is true (agent pool ${pool.name}).`,
      'agentPoolProfile.minCount',
    );
  }
  if (min > max) {
    throw invalid(
      `agentPoolProfile.minCount was ${min}. It must be less than or equal to maxCount:${max} (agent pool ${pool.name}).`,
      'agentPoolProfile.minCount',
    );
  }
  const count = Number(pool.count);
  if (count < min || count > max) {
    throw invalid(
      `agentPoolProfile.count was ${count}. It must be greater or equal to minCount:${min} and less than or equal to maxCount:${max}.`,
      'agentPoolProfile.count',
    );
  }
}

function validateZones(pool: any, region: string): void {
  const zones = poolZones(pool);
  if (!zones.length) return;
  const offered = offeredZones(String(pool.vmSize), region);
  const unsupported = zones.filter((z) => !offered.includes(z));
  if (unsupported.length) {
    throw new ArmError(
      400,
      'AvailabilityZoneNotSupported',
      `The zone(s) ${unsupported.join(',')} for resource ${pool.name} is not supported. The supported zones for location ${region} are ${offered.length ? offered.join(',') : '(empty)'}.`,
      { target: 'availabilityZones' },
    );
  }
}

function validateTaints(pool: any): void {
  for (const taint of pool.nodeTaints ?? []) {
    if (!TAINT.test(String(taint))) {
      throw invalid(
        `The taint '${taint}' of agent pool ${pool.name} is invalid: use key=value:Effect with Effect NoSchedule, PreferNoSchedule or NoExecute.`,
        'agentPoolProfile.nodeTaints',
      );
    }
  }
}

/** A pool's count when the request leaves it out: the autoscaler's lower bound, else AKS's default. */
export function withDefaultCount(pool: any, previous?: any): any {
  if (pool.count !== undefined && pool.count !== null) return pool;
  const count = previous?.count ?? (pool.enableAutoScaling === true && Number.isInteger(pool.minCount) ? pool.minCount : undefined);
  return count === undefined ? pool : { ...pool, count };
}

/** Checks one pool as built (defaults filled in) against the region and, on update, the pool it replaces. */
export function validatePoolProfile(pool: any, region: string, previous?: any): void {
  if (previous && poolZones(previous).join(',') !== poolZones(pool).join(',')) {
    throw new ArmError(400, 'PropertyChangeNotAllowed', "Changing property 'availabilityZones' is not allowed.", {
      target: `properties.agentPoolProfiles[${pool.name}].availabilityZones`,
    });
  }
  validateZones(pool, region);
  validateAutoscaler(pool);
  validateTaints(pool);
}

export function findPool(pools: any[] | undefined, name: string): any {
  return (pools ?? []).find((p) => same(p.name, name));
}

/**
 * The pools of a managedClusters PUT: on create as sent; on update a new pool is refused and an omitted
 * one stays as it is.
 */
export function poolsForClusterPut(existing: ArmResource | undefined, requested: any[]): any[] {
  const before: any[] = existing?.properties?.agentPoolProfiles ?? [];
  if (!existing) return requested.map((p) => withDefaultCount(p));
  const added = requested.find((p) => !findPool(before, p.name));
  if (added) {
    throw new ArmError(
      400,
      'BadRequest',
      'A new agent pool was introduced. Adding agent pools to an existing cluster is not allowed through managed cluster operations. For agent pool specific change, please use per agent pool operations: https://aka.ms/agent-pool-rest-api',
      { target: 'agentPoolProfiles' },
    );
  }
  const kept = before.filter((p) => !findPool(requested, p.name)).map(({ provisioningState: _p, powerState: _s, ...rest }) => rest);
  return [...requested.map((p) => withDefaultCount(p, findPool(before, p.name))), ...kept];
}

/** Every pool of a cluster as built, checked against what the cluster had. */
export function validatePoolProfiles(cluster: ArmResource, existing: ArmResource | undefined): void {
  for (const pool of cluster.properties?.agentPoolProfiles ?? []) {
    validatePoolProfile(pool, String(cluster.location), findPool(existing?.properties?.agentPoolProfiles, pool.name));
  }
}
