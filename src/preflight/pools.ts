/**
 * Node pool settings Azure would refuse only once the cluster or pool write starts: zones the region or
 * the VM size does not offer this subscription (AKS: 400 AvailabilityZoneNotSupported, "The supported
 * zones for location ... are (empty)"), a User pool size that is not offered or restricted, and on an
 * existing cluster the zones or VM size of a pool, which AKS never changes (a new pool is the way), and a
 * pool named `user` that someone else made.
 */
import type { ManagedCluster } from '@azure/arm-containerservice';
import type { ResolvedConfig } from '../config/types.js';
import { createdByDeployment } from '../core/tags.js';
import { plannedPools, USER_POOL, type PoolPlan } from '../steps/desired/cluster-pools.js';
import type { VmSizeInfo } from './catalog.js';
import { DOCS, type PreflightProblem } from './problems.js';

const ZONES_DOC = 'https://learn.microsoft.com/azure/aks/availability-zones';

const same = (a: string | undefined, b: string | undefined) => (a ?? '').toLowerCase() === (b ?? '').toLowerCase();

function zoneKey(p: PoolPlan): keyof ResolvedConfig {
  return p.name === USER_POOL ? 'userPoolZones' : 'zones';
}

function sizeKey(p: PoolPlan, config: ResolvedConfig): keyof ResolvedConfig {
  return p.name === USER_POOL && config.userPoolVmSize ? 'userPoolVmSize' : 'nodeVmSize';
}

const flag = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** Zones each pool asks for that its size does not offer in the region (the SKU list, restrictions honoured). */
export function zoneProblems(config: ResolvedConfig, sizes: readonly VmSizeInfo[]): PreflightProblem[] {
  const out: PreflightProblem[] = [];
  for (const p of plannedPools(config)) {
    const size = sizes.find((s) => same(s.name, p.vmSize));
    if (!size || size.restriction || !p.zones.length) continue;
    const missing = p.zones.filter((z) => !size.zones.includes(z));
    if (!missing.length) continue;
    const key = zoneKey(p);
    const offered = size.zones.length ? `only zone(s) ${size.zones.join(', ')}` : 'no availability zones';
    out.push({
      code: 'AvailabilityZoneNotSupported',
      fields: [key, sizeKey(p, config), 'location'],
      kind: 'usage',
      docs: ZONES_DOC,
      message: `${p.name} pool: ${p.vmSize} offers ${offered} in ${config.location} for this subscription, so zone(s) ${missing.join(', ')} (${key}) cannot be used.`,
      remediation: size.zones.length
        ? `Pass ${flag(key)} with zones from ${size.zones.join(', ')}, choose another size or --location, or leave ${flag(key)} out.`
        : `Leave ${flag(key)} out (the pool is then not zone-pinned), or choose a --location or size that has zones.`,
    });
  }
  return out;
}

/** The User pool's own size: offered and not restricted in the region (the System pool's is checked in compute.ts). */
export function userPoolSizeProblems(config: ResolvedConfig, sizes: readonly VmSizeInfo[]): PreflightProblem[] {
  if (!config.userPool || !config.userPoolVmSize) return [];
  const size = sizes.find((s) => same(s.name, config.userPoolVmSize));
  if (size && !size.restriction) return [];
  return [
    {
      code: size ? 'VmSizeRestricted' : 'VmSizeNotAvailable',
      fields: ['userPoolVmSize'],
      kind: 'usage',
      docs: DOCS.sku,
      message: `--user-pool-vm-size ${config.userPoolVmSize} is ${size ? `restricted (${size.restriction})` : 'not offered'} in ${config.location} for subscription ${config.subscriptionId}.`,
      remediation: `Choose another --user-pool-vm-size (\`az vm list-skus -l ${config.location} --resource-type virtualMachines -o table\` lists them), or another --location.`,
    },
  ];
}

/** What AKS will not change on a pool that exists: its zones and (User pool) its VM size. */
export function poolChangeProblems(config: ResolvedConfig, cluster: ManagedCluster | undefined): PreflightProblem[] {
  if (!cluster) return [];
  const out: PreflightProblem[] = [];
  for (const p of plannedPools(config)) {
    const pool = cluster.agentPoolProfiles?.find((x) => same(x.name, p.name));
    if (!pool) continue;
    const had = [...(pool.availabilityZones ?? [])].sort();
    const want = [...p.zones].sort();
    if (had.join(',') !== want.join(',')) {
      const key = zoneKey(p);
      const show = (z: string[]) => (z.length ? z.join(', ') : 'none');
      out.push({
        code: 'PoolZonesChangeNotAllowed',
        fields: [key],
        kind: 'usage',
        docs: ZONES_DOC,
        message: `${p.name} pool of cluster ${cluster.name ?? config.name} in ${config.location} has zones ${show(had)}; AKS cannot change them to ${show(want)} on an existing pool (${key}, size ${pool.vmSize}).`,
        remediation: `Keep ${flag(key)} ${had.length ? had.join(' ') : '(leave it out)'}; other zones need a new node pool (az aks nodepool add --zones ...) to move the workloads to, then the old pool deleted.`,
      });
    }
    // The System pool's size is checked with the cluster's other fixed settings (existing.ts).
    if (p.name === USER_POOL && pool.vmSize && !same(pool.vmSize, p.vmSize)) {
      out.push({
        code: 'PropertyChangeNotAllowed',
        fields: [sizeKey(p, config)],
        kind: 'usage',
        message: `${p.name} pool of cluster ${cluster.name ?? config.name} has VM size ${pool.vmSize}; AKS cannot change it to ${p.vmSize} on an existing pool.`,
        remediation: `Keep --user-pool-vm-size ${pool.vmSize}; for another size, add a new node pool of that size and delete the old one.`,
      });
    }
  }
  return out;
}

/**
 * A pool named `user` on the cluster that this deployment did not create (its tags are what says so):
 * managing it would rewrite its count and autoscaler, and turning userPool off later would delete it with
 * its workloads. Refused before any write.
 */
export function userPoolOwnershipProblems(
  config: ResolvedConfig,
  cluster: ManagedCluster | undefined,
  deploymentId: string,
): PreflightProblem[] {
  if (!config.userPool) return [];
  const pool = cluster?.agentPoolProfiles?.find((x) => same(x.name, USER_POOL));
  if (!pool || createdByDeployment(pool.tags, deploymentId)) return [];
  const clusterName = cluster?.name ?? config.name;
  return [
    {
      code: 'UserPoolNotOurs',
      fields: ['userPool'],
      kind: 'usage',
      message: `Cluster ${clusterName} already has a node pool named ${USER_POOL} that this deployment did not create; secure-aks would take it over and could later delete it.`,
      remediation: `Leave out --user-pool and keep managing that pool yourself, or move its workloads to a pool of another name (az aks nodepool add), delete ${USER_POOL} (az aks nodepool delete --cluster-name ${clusterName} -n ${USER_POOL}) and run again.`,
    },
  ];
}
