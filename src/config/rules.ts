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

export function vmSizeRule(value: string): ConfigProblem | undefined {
  if (VM_SIZE.test(value)) return undefined;
  return new ConfigProblem(
    'InvalidVmSize',
    ['nodeVmSize'],
    `nodeVmSize: "${value}" is not an Azure VM size name (Standard_<family><size>[_<version>]).`,
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
    default:
      return undefined;
  }
}
