/**
 * The production options in words: one summary row per option that is on (nothing for one that is off), and
 * what a change of one on an existing deployment means. The summary, the recorded-configuration changes and
 * the interactive prompts use these words, so an option reads the same wherever it appears.
 */
import { addonEgress } from '../../azure/addon-egress.js';
import type { CloudName } from '../../config/regions.js';
import { ADDONS, enabledAddons, type AddonKey } from '../../config/addons.js';
import { parseMaintenanceWindow } from '../../config/rules.js';
import type { ClusterTier, ResolvedConfig, ResourceNames } from '../../config/types.js';

/**
 * Each tier in one line: its SLA and support, and apart its rough price (the summary prices it in the cost
 * estimate, and prices nothing when it cannot estimate). learn.microsoft.com/azure/aks/free-standard-pricing-tiers
 */
export const TIER_WORDS: Readonly<Record<ClusterTier, { title: string; short: string; line: string; price: string }>> = {
  free: { title: 'Free', short: 'no SLA', line: 'no SLA, best effort; for trying things out and fewer than 10 nodes', price: 'no charge' },
  standard: {
    title: 'Standard',
    short: 'uptime SLA',
    line: 'financially backed uptime SLA (99.95% with availability zones, 99.9% without)',
    price: '~0.10 USD per cluster-hour',
  },
  premium: {
    title: 'Premium',
    short: 'uptime SLA + long-term support',
    line: 'the Standard SLA plus long-term support of Kubernetes versions (2 years)',
    price: '~0.60 USD per cluster-hour',
  },
};

/** What each add-on adds in Azure, in a phrase (the prompts and the summary). */
export const ADDON_WORDS: Readonly<Record<AddonKey, string>> = {
  monitoring: 'node and container logs and metrics to Log Analytics, billed per GB ingested',
  azurePolicy: 'audits and enforces Azure Policy in the cluster (Gatekeeper); no charge',
  defender: 'runtime threat detection by the Defender sensor (~7 USD per vCore per month)',
  keyVault: 'mounts Key Vault secrets into pods (CSI driver), with a private Key Vault behind a private endpoint',
};

/** An add-on's label in the summary's column of labels (ADDONS has Microsoft's full names). */
const SUMMARY_LABEL: Readonly<Record<AddonKey, string>> = {
  monitoring: 'Container Insights',
  azurePolicy: 'Azure Policy',
  defender: 'Defender',
  keyVault: 'Key Vault CSI',
};

/** What an add-on adds to the firewall: exactly its FQDNs, HTTPS 443 (its own rule collection in step 4). */
export function addonFirewallWords(key: AddonKey, region: string, cloud: CloudName = 'AzureCloud'): string {
  return addonEgress(key, cloud, region).fqdns.join(', ');
}

const last = (id: string) => id.split('/').pop() ?? id;

function workspaceWords(config: ResolvedConfig, names: ResourceNames): string {
  return config.logAnalyticsWorkspace
    ? `your Log Analytics workspace ${last(config.logAnalyticsWorkspace)}`
    : `Log Analytics workspace ${names.logAnalyticsWorkspace} (new)`;
}

function addonWhat(key: AddonKey, config: ResolvedConfig, names: ResourceNames): string {
  switch (key) {
    case 'monitoring':
      return `Azure Monitor: logs and metrics to ${workspaceWords(config, names)}, data collection rule ${names.dataCollectionRule}`;
    case 'azurePolicy':
      return config.policyBaseline
        ? `Azure Policy add-on: audits and enforces policy in the cluster; pod security baseline initiative assigned (${names.policyBaselineAssignment})`
        : 'Azure Policy add-on: audits and enforces policy in the cluster';
    case 'defender':
      return `Microsoft Defender for Containers: runtime threat detection, reporting to ${workspaceWords(config, names)}`;
    case 'keyVault':
      return `Key Vault secrets provider (CSI driver); private Key Vault ${names.keyVault} behind private endpoint ${names.keyVaultPrivateEndpoint}`;
  }
}

function poolWords(p: { zones: string[]; min?: number; max?: number }): string[] {
  return [
    ...(p.zones.length ? [`zones ${p.zones.join(', ')}`] : []),
    ...(p.min !== undefined && p.max !== undefined ? [`autoscaler ${p.min}-${p.max} nodes`] : []),
  ];
}

/** "Sunday 02:00 4h +01:00" as "Sundays 02:00-06:00 (UTC+01:00)". */
export function windowWords(text: string): string {
  const w = parseMaintenanceWindow(text);
  if (!w) return text;
  const [h, m] = w.startTime.split(':').map(Number) as [number, number];
  const endMinutes = (h * 60 + m + w.durationHours * 60) % (24 * 60);
  const end = `${String(Math.floor(endMinutes / 60)).padStart(2, '0')}:${String(endMinutes % 60).padStart(2, '0')}`;
  const days = w.durationHours >= 24 ? ` (${w.durationHours}h)` : '';
  return `${w.day}s ${w.startTime}-${end}${days} UTC${w.utcOffset === '+00:00' ? '' : w.utcOffset}`;
}

/** One [label, value] per production option that is on; the pricing tier always (every cluster has one). */
export function optionRows(config: ResolvedConfig, names: ResourceNames): Array<[string, string]> {
  const rows: Array<[string, string]> = [['pricing tier', `${TIER_WORDS[config.tier].title}: ${TIER_WORDS[config.tier].line}`]];
  const system = [
    ...poolWords({ zones: config.zones, min: config.nodeMinCount, max: config.nodeMaxCount }),
    ...(config.userPool ? ['system pods only (taint CriticalAddonsOnly=true:NoSchedule)'] : []),
  ];
  if (system.length) rows.push(['system pool', system.join('; ')]);
  if (config.userPool) {
    const size = config.userPoolVmSize ?? config.nodeVmSize;
    const scaled = poolWords({ zones: config.userPoolZones, min: config.userPoolMinCount, max: config.userPoolMaxCount });
    rows.push(['user pool', [`${names.userPool}, ${config.userPoolCount} x ${size}, for workloads`, ...scaled].join('; ')]);
  }
  if (config.tags.length) rows.push(['tags', `${config.tags.join(', ')} (on every resource)`]);
  for (const key of enabledAddons(config)) {
    rows.push([SUMMARY_LABEL[key], addonWhat(key, config, names)]);
    rows.push(['  firewall allows', addonFirewallWords(key, config.location)]);
  }
  if (config.autoUpgradeWindow) rows.push(['upgrade window', `Kubernetes upgrades ${windowWords(config.autoUpgradeWindow)}`]);
  if (config.nodeOsUpgradeWindow) rows.push(['node OS window', `node image updates ${windowWords(config.nodeOsUpgradeWindow)}`]);
  return rows;
}

const onOff = (v: unknown) => (v === true ? 'on' : 'off');

/**
 * What a change of a production option on an existing deployment means, in words; undefined for the other
 * keys (their `old -> new` says it). Absent and off read the same: a deployment from before an option
 * existed has it off.
 */
export function changeWords(key: string, recorded: unknown, requested: unknown, region: string): string | undefined {
  if (key === 'tier') {
    const to = TIER_WORDS[requested as ClusterTier];
    return to ? `pricing tier becomes ${to.title}: ${to.line}` : undefined;
  }
  if (key in ADDONS) {
    const addon = key as AddonKey;
    if (onOff(recorded) === onOff(requested)) return undefined;
    return requested === true
      ? `${ADDONS[addon].title} turned on: ${ADDON_WORDS[addon]}; the firewall allows ${addonFirewallWords(addon, region)}`
      : `${ADDONS[addon].title} turned off in the cluster; its firewall rules are removed`;
  }
  switch (key) {
    case 'policyBaseline':
      return requested === true ? 'pod security baseline initiative assigned to the cluster' : 'pod security baseline assignment removed';
    case 'userPool':
      return requested === true
        ? 'a user pool for workloads is added; the system pool then runs system pods only'
        : 'the user pool is deleted; its pods must then fit on the system pool';
    case 'tags':
      return 'tags change on every resource of the deployment';
    case 'autoUpgradeWindow':
      return typeof requested === 'string' ? `Kubernetes upgrades only ${windowWords(requested)}` : 'Kubernetes upgrades at any time';
    case 'nodeOsUpgradeWindow':
      return typeof requested === 'string' ? `node image updates only ${windowWords(requested)}` : 'node image updates at any time';
    case 'nodeMinCount':
    case 'nodeMaxCount':
    case 'userPoolMinCount':
    case 'userPoolMaxCount':
      return requested === undefined ? 'cluster autoscaler off: the pool keeps its node count' : undefined;
    default:
      return undefined;
  }
}
