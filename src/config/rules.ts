/**
 * Rules for one value at a time (format, range, known names). The zod schema, the prompt validators and
 * validateConfig all call these, so a value is judged the same whether it came from a flag, an env var,
 * the config file or a prompt.
 */
import { checkCidr, checkIp } from './cidr.js';
import { ConfigProblem } from './problems.js';
import { closeMatches, normalizeLocation, REGIONS, type CloudName } from './regions.js';

export const CIDR_KEYS = [
  'vnetCidr',
  'nodeSubnetCidr',
  'firewallSubnetCidr',
  'bastionSubnetCidr',
  'jumphostSubnetCidr',
  'podCidr',
  'serviceCidr',
] as const;
export type CidrKey = (typeof CIDR_KEYS)[number];

/** Azure's per-pool node limit. */
export const MAX_NODE_COUNT = 1000;

const CLUSTER_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?$/;
// Letters and digits of any script (.NET Char.IsLetterOrDigit: categories L* and Nd, so "rg-ü" but not "rg-²"),
// underscore, hyphen, period and parentheses; no trailing period.
// https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftresources
const RESOURCE_GROUP = /^[\p{L}\p{Nd}_\-.()]{1,90}$/u;
const VM_SIZE = /^Standard_[A-Za-z0-9]+(?:_[A-Za-z0-9]+)*$/;
const K8S_VERSION = /^\d+\.\d+(?:\.\d+)?$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function cidrRule(key: string, value: string): ConfigProblem | undefined {
  const checked = checkCidr(value);
  if (checked.ok) return undefined;
  const { code, message, remediation } = checked.problem;
  return new ConfigProblem(code, [key], `${key}: ${message}.`, remediation);
}

export function ipRule(key: string, value: string): ConfigProblem | undefined {
  const checked = checkIp(value);
  if (checked.ok) return undefined;
  const { code, message, remediation } = checked.problem;
  return new ConfigProblem(code, [key], `${key}: ${message}.`, remediation);
}

export function clusterNameRule(value: string): ConfigProblem | undefined {
  if (CLUSTER_NAME.test(value)) return undefined;
  return new ConfigProblem(
    'InvalidClusterName',
    ['name'],
    `name: "${value}" is not a valid AKS cluster name (1-63 characters: letters, digits, hyphens and underscores, starting and ending with a letter or digit).`,
    'Choose a name such as aks-prod-01.',
  );
}

export function resourceGroupRule(value: string): ConfigProblem | undefined {
  if (RESOURCE_GROUP.test(value) && !value.endsWith('.')) return undefined;
  return new ConfigProblem(
    'InvalidResourceGroupName',
    ['resourceGroup'],
    `resourceGroup: "${value}" is not a valid resource group name (1-90 characters: letters and digits of any script, underscores, hyphens, periods and parentheses, not ending in a period).`,
    'Choose a name such as rg-aks-prod.',
  );
}

/** Known ("East US" counts as eastus) to the given cloud, or to any cloud when none is given (the cloud is chosen by other flags). */
export function locationRule(value: string, cloud?: CloudName): ConfigProblem | undefined {
  const known = cloud ? REGIONS[cloud] : Object.values(REGIONS).flat();
  if (known.includes(normalizeLocation(value))) return undefined;
  const close = closeMatches(value, known);
  return new ConfigProblem(
    'UnknownLocation',
    ['location'],
    `location: "${value}" is not a region of ${cloud ?? 'any Azure cloud'}` + (close.length ? `; did you mean ${close.join(', ')}?` : '.'),
    `Use a region name as ARM spells it (lowercase, no spaces), e.g. eastus or westeurope; \`az account list-locations -o table\` lists them.`,
  );
}

export function nodeCountRule(value: number): ConfigProblem | undefined {
  if (Number.isInteger(value) && value >= 1 && value <= MAX_NODE_COUNT) return undefined;
  return new ConfigProblem(
    'NodeCountOutOfRange',
    ['nodeCount'],
    `nodeCount: ${value} is not a whole number from 1 to ${MAX_NODE_COUNT} (Azure's limit per node pool).`,
    'Pass a node count such as 3.',
  );
}

export function vmSizeRule(value: string, key = 'nodeVmSize'): ConfigProblem | undefined {
  if (VM_SIZE.test(value)) return undefined;
  return new ConfigProblem(
    'InvalidVmSize',
    [key],
    `${key}: "${value}" is not an Azure VM size name (Standard_<family><size>[_<version>]).`,
    'Use a size such as Standard_D4ds_v5; `az vm list-sizes -l <region>` lists what a region offers.',
  );
}

export function kubernetesVersionRule(value: string): ConfigProblem | undefined {
  if (K8S_VERSION.test(value)) return undefined;
  return new ConfigProblem(
    'InvalidKubernetesVersion',
    ['kubernetesVersion'],
    `kubernetesVersion: "${value}" is not a Kubernetes version (major.minor or major.minor.patch, without a leading "v").`,
    'Use a version such as 1.33, or leave it out to get the newest supported version.',
  );
}

export function subscriptionRule(value: string): ConfigProblem | undefined {
  if (GUID.test(value)) return undefined;
  return new ConfigProblem(
    'InvalidSubscriptionId',
    ['subscription'],
    `subscription: "${value}" is not a subscription id (a GUID such as 00000000-0000-0000-0000-000000000000).`,
    'Pass the subscription id; `az account show --query id -o tsv` prints the current one.',
  );
}

export const TIERS = ['free', 'standard', 'premium'] as const;

export function tierRule(value: string): ConfigProblem | undefined {
  if ((TIERS as readonly string[]).includes(value)) return undefined;
  return new ConfigProblem(
    'InvalidTier',
    ['tier'],
    `tier: "${value}" is not an AKS pricing tier (free, standard or premium).`,
    'Use standard for an uptime SLA, premium for long-term support too, free for a trial without SLA.',
  );
}

export function zonesRule(key: string, value: string[]): ConfigProblem | undefined {
  const bad = value.filter((z) => !['1', '2', '3'].includes(z));
  if (bad.length === 0 && new Set(value).size === value.length) return undefined;
  return new ConfigProblem(
    'InvalidZones',
    [key],
    `${key}: ${JSON.stringify(value)} is not a list of distinct availability zones (1, 2 and 3).`,
    'Pass zones such as 1,2,3, or leave them out.',
  );
}

export function countRule(key: string, value: number, min: number): ConfigProblem | undefined {
  if (Number.isInteger(value) && value >= min && value <= MAX_NODE_COUNT) return undefined;
  return new ConfigProblem(
    'NodeCountOutOfRange',
    [key],
    `${key}: ${value} is not a whole number from ${min} to ${MAX_NODE_COUNT} (Azure's limit per node pool).`,
    'Pass a count such as 3.',
  );
}

// Azure refuses these characters in tag names; names beginning microsoft, azure or windows are reserved
// (https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations).
const TAG_NAME_FORBIDDEN = /[<>%&\\?/]/;
const TAG_RESERVED_PREFIX = /^(microsoft|azure|windows)/i;
/** At most 50 tags per resource; two of them are ours. */
export const MAX_USER_TAGS = 48;

export function tagsRule(value: string[]): ConfigProblem | undefined {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const item of value) {
    const eq = item.indexOf('=');
    const name = eq < 0 ? item : item.slice(0, eq);
    const text = eq < 0 ? '' : item.slice(eq + 1);
    if (eq <= 0) problems.push(`"${item}" is not key=value`);
    else if (name.length > 512 || TAG_NAME_FORBIDDEN.test(name))
      problems.push(`"${name}" is not a valid tag name (at most 512 characters, none of < > % & \\ ? /)`);
    else if (TAG_RESERVED_PREFIX.test(name)) problems.push(`"${name}" begins with a prefix Azure reserves (microsoft, azure, windows)`);
    else if (['managed-by', 'secure-aks-deployment'].includes(name.toLowerCase()))
      problems.push(`"${name}" is a tag secure-aks sets itself`);
    else if (text.length > 256) problems.push(`the value of "${name}" is longer than 256 characters`);
    else if (seen.has(name.toLowerCase())) problems.push(`"${name}" is given twice (tag names are case-insensitive)`);
    seen.add(name.toLowerCase());
  }
  if (value.length > MAX_USER_TAGS)
    problems.push(`${value.length} tags is more than ${MAX_USER_TAGS} (Azure allows 50 per resource, two are ours)`);
  if (problems.length === 0) return undefined;
  return new ConfigProblem(
    'InvalidTag',
    ['tags'],
    `tags: ${problems.join('; ')}.`,
    'Pass each tag as --tag key=value, e.g. --tag cost-center=1234.',
  );
}

const WORKSPACE_ID =
  /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.OperationalInsights\/workspaces\/[A-Za-z0-9-]{4,63}$/i;

export function workspaceIdRule(value: string): ConfigProblem | undefined {
  if (WORKSPACE_ID.test(value)) return undefined;
  return new ConfigProblem(
    'InvalidWorkspaceId',
    ['logAnalyticsWorkspace'],
    `logAnalyticsWorkspace: "${value}" is not a Log Analytics workspace resource id.`,
    'Pass the id as `az monitor log-analytics workspace show --query id -o tsv` prints it, or leave it out to create one.',
  );
}

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
const WINDOW = /^(\w+) ([01]\d|2[0-3]):([0-5]\d) (\d+)h(?: ([+-](?:0\d|1[0-4]):[0-5]\d))?$/;

export interface MaintenanceWindowSpec {
  day: (typeof WEEKDAYS)[number];
  startTime: string;
  durationHours: number;
  utcOffset: string;
}

/** "Sunday 02:00 4h [+01:00]" as its parts; AKS takes 4 to 168 hours (maintenanceWindow.durationHours). */
export function parseMaintenanceWindow(text: string): MaintenanceWindowSpec | undefined {
  const m = WINDOW.exec(text.trim());
  if (!m) return undefined;
  const day = WEEKDAYS.find((d) => d.toLowerCase() === m[1]!.toLowerCase());
  const hours = Number(m[4]);
  if (!day || hours < 4 || hours > 168) return undefined;
  return { day, startTime: `${m[2]}:${m[3]}`, durationHours: hours, utcOffset: m[5] ?? '+00:00' };
}

/** `none` removes a window set before (an unset value would keep the one the state file recorded). */
export const NO_WINDOW = 'none';

export function windowRule(key: string, value: string): ConfigProblem | undefined {
  if (value.trim().toLowerCase() === NO_WINDOW || parseMaintenanceWindow(value)) return undefined;
  return new ConfigProblem(
    'InvalidMaintenanceWindow',
    [key],
    `${key}: "${value}" is not a weekly window "<Day> <HH:MM> <hours>h [+HH:MM]" of 4 to 168 hours.`,
    'Write it as e.g. "Sunday 02:00 4h" (UTC) or "Saturday 22:00 6h +01:00", or none to have no window.',
  );
}

/** The rule for one key's (already correctly typed) value; undefined when the key has no format rule. */
export function fieldRule(key: string, value: unknown, cloud?: CloudName): ConfigProblem | undefined {
  if ((CIDR_KEYS as readonly string[]).includes(key)) return cidrRule(key, value as string);
  switch (key) {
    case 'dnsServiceIp':
      return ipRule(key, value as string);
    case 'name':
      return clusterNameRule(value as string);
    case 'resourceGroup':
      return resourceGroupRule(value as string);
    case 'location':
      return locationRule(value as string, cloud);
    case 'nodeCount':
      return nodeCountRule(value as number);
    case 'nodeVmSize':
      return vmSizeRule(value as string);
    case 'kubernetesVersion':
      return kubernetesVersionRule(value as string);
    case 'subscription':
      return subscriptionRule(value as string);
    case 'tier':
      return tierRule(value as string);
    case 'zones':
    case 'userPoolZones':
      return zonesRule(key, value as string[]);
    case 'nodeMinCount':
    case 'nodeMaxCount':
    case 'userPoolMaxCount':
      return countRule(key, value as number, 1);
    case 'userPoolCount':
    case 'userPoolMinCount':
      return countRule(key, value as number, 0);
    case 'userPoolVmSize':
      return vmSizeRule(value as string, key);
    case 'tags':
      return tagsRule(value as string[]);
    case 'logAnalyticsWorkspace':
      return workspaceIdRule(value as string);
    case 'autoUpgradeWindow':
    case 'nodeOsUpgradeWindow':
      return windowRule(key, value as string);
    default:
      return undefined;
  }
}
