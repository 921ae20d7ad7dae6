/**
 * Upgrade surge: AKS adds up to `maxSurge` extra nodes to a pool while it upgrades (and checks quota and
 * subnet space for them when the pool is created or resized: "Surge nodes would also consume vcpu quota").
 * AKS's default for new pools is 10% ("If not specified, the default is 10%", AgentPoolUpgradeSettings.maxSurge;
 * https://learn.microsoft.com/azure/aks/upgrade-aks-node-pools-rolling). The product sends it explicitly so the
 * quota and address checks count exactly what AKS will.
 */
export const MAX_SURGE = '10%';

/** Extra nodes `maxSurge` allows for a pool of `nodeCount` (a percentage rounds up, as AKS does). */
export function surgeNodes(nodeCount: number, maxSurge: string = MAX_SURGE): number {
  const percent = /^(\d+)%$/.exec(maxSurge);
  if (percent) return Math.ceil((nodeCount * Number(percent[1])) / 100);
  return Number(maxSurge);
}
