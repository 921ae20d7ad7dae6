/**
 * A rough monthly cost class for what init builds, so nobody is surprised by the firewall's bill. List
 * prices (USD, pay-as-you-go, East US, 730 hours) rounded; traffic, data processing, disks and logs are
 * left out. It is an estimate and says so wherever it is shown.
 */
import type { ResolvedConfig } from '../../config/types.js';

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

export interface CostLine {
  /** What the line prices, so a plan can price only what it adds. */
  part: 'firewall' | 'nodes' | 'bastion' | 'jumphost';
  item: string;
  usdPerMonth: number;
}

function vmHourly(size: string): number {
  const known = VM_HOURLY[size.toLowerCase()];
  if (known !== undefined) return known;
  const vcpus = Number(/^Standard_[A-Z]+(\d+)/i.exec(size)?.[1] ?? 2);
  return vcpus * PER_VCPU_HOURLY;
}

export function estimateCost(config: Pick<ResolvedConfig, 'nodeCount' | 'nodeVmSize' | 'bastion' | 'jumphost'>): CostLine[] {
  const lines: CostLine[] = [
    { part: 'firewall', item: 'Azure Firewall Standard + public IP', usdPerMonth: 1.25 * HOURS + 3.65 },
    {
      part: 'nodes',
      item: `${config.nodeCount} x ${config.nodeVmSize} nodes`,
      usdPerMonth: config.nodeCount * vmHourly(config.nodeVmSize) * HOURS,
    },
  ];
  if (config.bastion) lines.push({ part: 'bastion', item: 'Azure Bastion Standard + public IP', usdPerMonth: 0.29 * HOURS + 3.65 });
  if (config.jumphost) lines.push({ part: 'jumphost', item: 'jumphost Standard_B2s', usdPerMonth: vmHourly('Standard_B2s') * HOURS });
  return lines;
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
