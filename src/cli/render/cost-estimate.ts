/**
 * A rough monthly cost class for what init builds, so nobody is surprised by the firewall's bill. List
 * prices (USD, pay-as-you-go, East US, 730 hours) rounded; traffic, data processing, disks and logs are
 * left out. It is an estimate and says so wherever it is shown.
 *
 * Price basis of the production options (the README's "Production options" repeats it):
 * - AKS pricing tier (learn.microsoft.com/azure/aks/free-standard-pricing-tiers and
 *   azure.microsoft.com/pricing/details/kubernetes-service): Free 0, Standard ~0.10 and Premium ~0.60 USD per
 *   cluster-hour, on top of the nodes.
 * - A node pool with the cluster autoscaler costs anything from its minimum to its maximum node count: the
 *   line is a range, the maximum its upper bound.
 * - Log Analytics (azure.microsoft.com/pricing/details/monitor): ~2.30 USD per GB ingested, pay-as-you-go;
 *   how much Container Insights sends depends on the workloads, so the line gives the unit price, not a sum.
 * - Defender for Containers (azure.microsoft.com/pricing/details/defender-for-cloud): ~0.0095 USD per vCore-hour
 *   of the nodes (~7 USD per vCore per month).
 * - Key Vault (azure.microsoft.com/pricing/details/key-vault): 0.03 USD per 10,000 operations (a secrets
 *   provider polling a few secrets stays cents), and its private endpoint
 *   (azure.microsoft.com/pricing/details/private-link) ~0.01 USD per hour (~7.30 USD per month) plus traffic.
 * - Azure Policy for AKS: no charge for the add-on or the built-in assignments.
 * Maintenance windows, zones and tags cost nothing themselves.
 */
import type { ClusterTier, ResolvedConfig } from '../../config/types.js';

const HOURS = 730;

/** USD per hour of the sizes the wizard offers most; others are estimated per vCPU. */
const VM_HOURLY: Record<string, number> = {
  standard_b2s: 0.0416,
  standard_b2ms: 0.0832,
  standard_d2s_v5: 0.096,
  standard_d4s_v5: 0.192,
  standard_d2ds_v5: 0.113,
  standard_d4ds_v5: 0.226,
  standard_d8ds_v5: 0.452,
  standard_ds2_v2: 0.146,
  standard_e4s_v5: 0.252,
};
const PER_VCPU_HOURLY = 0.05;

/** USD per cluster-hour of each AKS pricing tier. */
export const TIER_HOURLY: Readonly<Record<ClusterTier, number>> = { free: 0, standard: 0.1, premium: 0.6 };
const DEFENDER_PER_VCORE_HOURLY = 0.0095;
const PRIVATE_ENDPOINT_HOURLY = 0.01;
const LOG_ANALYTICS_PER_GB = 2.3;

export interface CostLine {
  /** What the line prices, so a plan can price only what it adds. */
  part: 'firewall' | 'nodes' | 'bastion' | 'jumphost' | 'tier' | 'userPool' | 'monitoring' | 'azurePolicy' | 'defender' | 'keyVault';
  item: string;
  /** The expected monthly amount (a pool's initial node count). */
  usdPerMonth: number;
  /** An autoscaled pool's monthly amount at its maximum: the line is then a range. */
  upToUsdPerMonth?: number;
  /** Priced per use, with no amount to add up: the unit price as shown ("2.30 USD per GB ingested"). */
  perUse?: string;
}

export type CostConfig = Pick<
  ResolvedConfig,
  | 'nodeCount'
  | 'nodeVmSize'
  | 'bastion'
  | 'jumphost'
  | 'tier'
  | 'nodeMinCount'
  | 'nodeMaxCount'
  | 'userPool'
  | 'userPoolVmSize'
  | 'userPoolCount'
  | 'userPoolMinCount'
  | 'userPoolMaxCount'
  | 'monitoring'
  | 'logAnalyticsWorkspace'
  | 'azurePolicy'
  | 'defender'
  | 'keyVault'
>;

function vmHourly(size: string): number {
  const known = VM_HOURLY[size.toLowerCase()];
  if (known !== undefined) return known;
  return vmVcpus(size) * PER_VCPU_HOURLY;
}

/** vCPUs of a size as its name spells them (Standard_D4ds_v5: 4). */
export function vmVcpus(size: string): number {
  return Number(/^Standard_[A-Z]+(\d+)/i.exec(size)?.[1] ?? 2);
}

interface Pool {
  label: string;
  size: string;
  count: number;
  max?: number;
}

function pools(config: CostConfig): { system: Pool; user?: Pool } {
  const system = { label: 'nodes', size: config.nodeVmSize, count: config.nodeCount, max: config.nodeMaxCount };
  if (!config.userPool) return { system };
  const user = {
    label: 'user pool nodes',
    size: config.userPoolVmSize ?? config.nodeVmSize,
    count: config.userPoolCount,
    max: config.userPoolMaxCount,
  };
  return { system, user };
}

function poolLine(part: 'nodes' | 'userPool', pool: Pool): CostLine {
  const monthly = (n: number) => n * vmHourly(pool.size) * HOURS;
  const scaled = pool.max !== undefined && pool.max > pool.count;
  return {
    part,
    item: scaled ? `${pool.count}-${pool.max} x ${pool.size} ${pool.label} (autoscaler)` : `${pool.count} x ${pool.size} ${pool.label}`,
    usdPerMonth: monthly(pool.count),
    ...(scaled ? { upToUsdPerMonth: monthly(pool.max!) } : {}),
  };
}

const TIER_ITEM: Record<ClusterTier, string> = {
  free: 'AKS Free tier (no SLA)',
  standard: 'AKS Standard tier (uptime SLA)',
  premium: 'AKS Premium tier (SLA + long-term support)',
};

export function estimateCost(config: CostConfig): CostLine[] {
  const { system, user } = pools(config);
  const lines: CostLine[] = [
    { part: 'firewall', item: 'Azure Firewall Standard + public IP', usdPerMonth: 1.25 * HOURS + 3.65 },
    { part: 'tier', item: TIER_ITEM[config.tier], usdPerMonth: TIER_HOURLY[config.tier] * HOURS },
    poolLine('nodes', system),
  ];
  if (user) lines.push(poolLine('userPool', user));
  if (config.bastion) lines.push({ part: 'bastion', item: 'Azure Bastion Standard + public IP', usdPerMonth: 0.29 * HOURS + 3.65 });
  if (config.jumphost) lines.push({ part: 'jumphost', item: 'jumphost Standard_B2s', usdPerMonth: vmHourly('Standard_B2s') * HOURS });
  if (config.monitoring)
    lines.push({
      part: 'monitoring',
      item: config.logAnalyticsWorkspace ? 'Container Insights logs (your workspace)' : 'Container Insights logs (Log Analytics)',
      usdPerMonth: 0,
      perUse: `~${LOG_ANALYTICS_PER_GB.toFixed(2)} USD per GB ingested, depends on volume`,
    });
  if (config.azurePolicy) lines.push({ part: 'azurePolicy', item: 'Azure Policy add-on (free)', usdPerMonth: 0 });
  if (config.defender) {
    const vcores = (p: Pool, n: number) => n * vmVcpus(p.size);
    const low = vcores(system, system.count) + (user ? vcores(user, user.count) : 0);
    const high = vcores(system, system.max ?? system.count) + (user ? vcores(user, user.max ?? user.count) : 0);
    const monthly = (v: number) => v * DEFENDER_PER_VCORE_HOURLY * HOURS;
    lines.push({
      part: 'defender',
      item: `Defender for Containers (${high > low ? `${low}-${high}` : low} vCores)`,
      usdPerMonth: monthly(low),
      ...(high > low ? { upToUsdPerMonth: monthly(high) } : {}),
    });
  }
  if (config.keyVault)
    lines.push({ part: 'keyVault', item: 'Key Vault private endpoint (+ operations)', usdPerMonth: PRIVATE_ENDPOINT_HOURLY * HOURS });
  return lines;
}

/** The resource whose creation starts an option's charge on a cluster that exists already. */
const CHARGED_FROM: Partial<Record<CostLine['part'], string>> = {
  userPool: 'Microsoft.ContainerService/managedClusters/agentPools',
  monitoring: 'Microsoft.OperationalInsights/workspaces',
  keyVault: 'Microsoft.Network/privateEndpoints',
};

/**
 * What an option's line adds to the bill of a cluster that exists already: all of it when its resource is
 * created, the difference in price when the cluster's tier changes, nothing otherwise.
 */
export function addedToCluster(
  line: CostLine,
  created: (resourceType: string) => boolean,
  clusterDiff: ReadonlyArray<{ property: string; current?: unknown; desired?: unknown }>,
): number {
  const from = CHARGED_FROM[line.part];
  if (from) return created(from) ? line.usdPerMonth : 0;
  if (line.part !== 'tier') return 0;
  const tier = clusterDiff.find((d) => /^(sku\.)?tier$/i.test(d.property));
  const hourly = (v: unknown) => TIER_HOURLY[String(v ?? 'free').toLowerCase() as ClusterTier] ?? 0;
  return tier ? (hourly(tier.desired) - hourly(tier.current)) * HOURS : 0;
}

/** The sum of the lines: what is expected, and (with an autoscaler) the most it can reach. */
export function totalCost(lines: readonly CostLine[]): { usdPerMonth: number; upToUsdPerMonth?: number } {
  const low = lines.reduce((a, l) => a + l.usdPerMonth, 0);
  const high = lines.reduce((a, l) => a + (l.upToUsdPerMonth ?? l.usdPerMonth), 0);
  return { usdPerMonth: low, ...(high > low ? { upToUsdPerMonth: high } : {}) };
}

/** $ under 100, $$ under 500, $$$ under 2,000, $$$$ above: a class, not a quote. */
export function costClass(usd: number): string {
  if (usd < 100) return '$';
  if (usd < 500) return '$$';
  if (usd < 2000) return '$$$';
  return '$$$$';
}

export function formatUsd(usd: number): string {
  return `~${Math.round(usd / 10) * 10} USD`;
}

/** A line's amount as shown: one amount, a range up to the autoscaler's maximum, or the price per use. */
export function formatCost(line: Pick<CostLine, 'usdPerMonth' | 'upToUsdPerMonth' | 'perUse'>): string {
  if (line.perUse) return line.perUse;
  if (line.upToUsdPerMonth === undefined) return formatUsd(line.usdPerMonth);
  const tens = (usd: number) => Math.round(usd / 10) * 10;
  return `~${tens(line.usdPerMonth)}-${tens(line.upToUsdPerMonth)} USD`;
}

/** The class of a line: of its upper bound when it is a range (what it can reach). */
export function lineClass(line: Pick<CostLine, 'usdPerMonth' | 'upToUsdPerMonth'>): string {
  return costClass(line.upToUsdPerMonth ?? line.usdPerMonth);
}
