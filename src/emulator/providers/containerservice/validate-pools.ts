/**
 * What AKS refuses about names and node pools before any operation starts, with AKS's codes and wording:
 * - `dnsPrefix` 1-54 letters, digits and hyphens, starting and ending alphanumeric; a Linux node pool name
 *   1-12 lowercase letters and digits starting with a letter; a node resource group name of at most 80
 *   characters (learn.microsoft.com/azure/aks/faq, https://aka.ms/aks-naming-rules);
 * - a VM size AKS does not know (InvalidParameter) or one the subscription may not use in the region
 *   (BadRequest "The VM size of ... is not allowed in your subscription in location ...", as quoted in
 *   hashicorp-education/learn-terraform-provision-aks-cluster#15 and MicrosoftDocs/azure-docs#45485);
 * - vCPU quota counted with surge nodes (ErrCode_InsufficientVCPUQuota, https://aka.ms/aks/maxUnavailable);
 *   a new pool's default maxSurge is 10% (learn.microsoft.com/azure/aks/upgrade-aks-cluster);
 * - at least one System pool (MustDefineAtLeastOneSystemPool), and a System pool with nodes.
 */
import { ArmError, type ArmResource, type EmulatorContext } from '../../core/contract.js';
import { findSize, FAMILY_VCPU_LIMIT, REGIONAL_VCPU_LIMIT, VM_SIZES } from '../compute/vm-sizes.js';
import { vcpusInUse } from '../compute/usages.js';
import { quotaOverrides } from '../compute/quota.js';

const DNS_PREFIX = /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,52}[a-zA-Z0-9])?$/;
const LINUX_POOL_NAME = /^[a-z][a-z0-9]{0,11}$/;
const QUOTA_HELP =
  'If you want to increase the quota, please follow this instruction: https://learn.microsoft.com/en-us/azure/quotas/view-quotas. ' +
  'Surge nodes would also consume vcpu quota, please consider use smaller maxSurge or use maxUnavailable to proceed upgrade without surge nodes, details: aka.ms/aks/maxUnavailable.';

function invalidParameter(name: string, target = name): ArmError {
  return new ArmError(
    400,
    'InvalidParameter',
    `The value of parameter ${name} is invalid. Please see https://aka.ms/aks-naming-rules for more details.`,
    { target },
  );
}

/** Naming rules: `input` is the request's properties (what the caller chose, not the defaults). */
export function validateNames(input: any, pools: any[]): void {
  if (input?.dnsPrefix !== undefined && !DNS_PREFIX.test(String(input.dnsPrefix))) throw invalidParameter('dnsPrefix');
  if (input?.nodeResourceGroup !== undefined && String(input.nodeResourceGroup).length > 80) throw invalidParameter('nodeResourceGroup');
  for (const pool of pools) {
    if (String(pool.osType ?? 'Linux').toLowerCase() === 'linux' && !LINUX_POOL_NAME.test(String(pool.name)))
      throw invalidParameter('agentPoolProfile.name');
  }
}

/** Surge nodes of a pool: `maxSurge` as a node count or a percentage of the pool (rounded up). */
export function surgeNodes(pool: any): number {
  const surge = String(pool.upgradeSettings?.maxSurge ?? '10%').trim();
  const count = Number(pool.count ?? 0);
  if (surge.endsWith('%')) return Math.ceil((count * Number(surge.slice(0, -1))) / 100);
  return Number.isFinite(Number(surge)) ? Number(surge) : 0;
}

function validateSizes(pools: any[], region: string): void {
  for (const pool of pools) {
    const size = findSize(pool.vmSize);
    if (!size) {
      throw new ArmError(
        400,
        'InvalidParameter',
        `The VM size ${pool.vmSize} of agent pool ${pool.name} is not a valid VM size. The available VM sizes are '${VM_SIZES.map((s) => s.name).join(',')}'.`,
        { target: 'vmSize' },
      );
    }
    if (size.restrictedIn?.includes(region)) {
      const available = VM_SIZES.filter((s) => !s.restrictedIn?.includes(region)).map((s) => s.name.toLowerCase());
      throw new ArmError(
        400,
        'BadRequest',
        `The VM size of ${size.name} is not allowed in your subscription in location '${region}'. The available VM sizes are '${available.join(',')}'.`,
      );
    }
  }
}

function validateSystemPool(pools: any[]): void {
  const system = pools.filter((p) => String(p.mode).toLowerCase() === 'system');
  if (system.length === 0) throw new ArmError(400, 'MustDefineAtLeastOneSystemPool', 'Must define at least one system pool.');
  const empty = system.find((p) => Number(p.count) === 0 && p.enableAutoScaling !== true);
  if (empty) {
    throw new ArmError(
      400,
      'InvalidParameter',
      `agentPoolProfile.count was ${empty.count}. It must be greater or equal to minCount:1 and less than or equal to maxCount:1000.`,
      {
        target: 'agentPoolProfile.count',
      },
    );
  }
}

/** vCPUs the pools need with their surge nodes, against what the region has left (this cluster's own nodes excluded). */
function validateQuota(ctx: EmulatorContext, cluster: ArmResource, pools: any[], region: string, nodeResourceGroupId: string): void {
  const subscriptionId = cluster.id.split('/')[2];
  const own = new Map<string, number>();
  for (const vmss of ctx.store.under(nodeResourceGroupId, 'Microsoft.Compute/virtualMachineScaleSets')) {
    const size = findSize(vmss.sku?.name as string);
    if (size) own.set(size.family, (own.get(size.family) ?? 0) + size.vCPUs * Number(vmss.sku?.capacity ?? 0));
  }
  const used = vcpusInUse(ctx, region);
  const limits = quotaOverrides(ctx, subscriptionId, region);
  const requested = new Map<string, number>();
  for (const pool of pools) {
    const size = findSize(pool.vmSize)!;
    requested.set(size.family, (requested.get(size.family) ?? 0) + size.vCPUs * (Number(pool.count ?? 0) + surgeNodes(pool)));
  }
  let regionalUsed = 0;
  for (const [family, n] of used) regionalUsed += n - (own.get(family) ?? 0);
  for (const [family, n] of requested) {
    const remaining = (limits[family] ?? FAMILY_VCPU_LIMIT) - ((used.get(family) ?? 0) - (own.get(family) ?? 0));
    if (n > remaining) {
      throw new ArmError(
        400,
        'ErrCode_InsufficientVCPUQuota',
        `Insufficient vcpu quota requested ${n}, remaining ${Math.max(0, remaining)} for family ${family} for region ${region}. ${QUOTA_HELP}`,
      );
    }
  }
  const total = [...requested.values()].reduce((a, b) => a + b, 0);
  const regionalLeft = (limits.cores ?? REGIONAL_VCPU_LIMIT) - regionalUsed;
  if (total > regionalLeft) {
    throw new ArmError(
      400,
      'ErrCode_InsufficientVCPUQuota',
      `Insufficient regional vcpu quota left for location ${region}. left regional vcpu quota ${Math.max(0, regionalLeft)}, requested quota ${total}. ${QUOTA_HELP}`,
    );
  }
}

/** Node pool checks on the cluster as built (defaults filled in). */
export function validateNodePools(ctx: EmulatorContext, cluster: ArmResource, nodeResourceGroupId: string): void {
  const pools: any[] = cluster.properties?.agentPoolProfiles ?? [];
  const region = String(cluster.location);
  validateSystemPool(pools);
  validateSizes(pools, region);
  validateQuota(ctx, cluster, pools, region, nodeResourceGroupId);
}
