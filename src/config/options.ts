/**
 * Every configuration value as data: its flag, env var, config key, default and validator. The CLI builds
 * its commander options and its prompts from this table, and resolve.ts reads flags/env/file through it,
 * so a new option is one row here plus one field in the schema.
 */
import { DEFAULTS } from './defaults.js';
import { CIDR_KEYS, fieldRule } from './rules.js';
import { normalizeLocation } from './regions.js';

export const CONFIG_KEYS = [
  'subscription',
  'name',
  'resourceGroup',
  'location',
  ...CIDR_KEYS,
  'dnsServiceIp',
  'nodeCount',
  'nodeVmSize',
  'kubernetesVersion',
  'bastion',
  'jumphost',
  'testDeployment',
  'adopt',
  'tier',
  'zones',
  'nodeMinCount',
  'nodeMaxCount',
  'userPool',
  'userPoolVmSize',
  'userPoolCount',
  'userPoolZones',
  'userPoolMinCount',
  'userPoolMaxCount',
  'tags',
  'monitoring',
  'logAnalyticsWorkspace',
  'azurePolicy',
  'policyBaseline',
  'defender',
  'keyVault',
  'autoUpgradeWindow',
  'nodeOsUpgradeWindow',
] as const;
export type ConfigKey = (typeof CONFIG_KEYS)[number];
export type OptionValue = string | number | boolean | string[];

export interface ConfigOption {
  key: ConfigKey;
  /** `list`: a repeatable flag, comma-separated in an env var, a YAML/JSON list in the config file. */
  type: 'string' | 'number' | 'boolean' | 'list';
  /** Long flag as typed: `--vnet-cidr`, or `--no-bastion` for a boolean that defaults to true. */
  flag: string;
  short?: string;
  /** Commander argument placeholder, e.g. `<cidr>` (absent for booleans). */
  argument?: string;
  /** `SECURE_AKS_<FLAG_IN_UPPER_SNAKE>`; for a negated boolean, true/1 sets the value to false. */
  env: string;
  /** Further env vars, consulted after `env` (AZURE_SUBSCRIPTION_ID). */
  fallbackEnv?: readonly string[];
  /** The flag and env var set the value to false (`--no-bastion`). */
  negated: boolean;
  /**
   * For a boolean that defaults to false (`--monitoring`): the flag that turns it off again on an existing
   * deployment, whose recorded value would otherwise stay (`--no-monitoring`).
   */
  offFlag?: string;
  description: string;
  default?: OptionValue;
  /** Must be resolved before anything runs; prompted for in interactive mode. */
  required: boolean;
  /** The answer a prompt offers for a required value, given what is already known. */
  suggest?: (known: Partial<Record<ConfigKey, OptionValue>>) => string | undefined;
  /** Text in, typed value out (flags, env vars and prompt answers are text). */
  parse(text: string): { ok: true; value: OptionValue } | { ok: false; message: string };
  /** For prompts: true, or the sentence saying what is wrong. */
  validator(text: string): string | true;
}

type Row = Omit<ConfigOption, 'env' | 'negated' | 'offFlag' | 'parse' | 'validator' | 'default'> & { env?: string };

const TRUE = /^(true|1|yes|on)$/i;
const FALSE = /^(false|0|no|off)$/i;

function parser(row: Row): ConfigOption['parse'] {
  const negated = row.flag.startsWith('--no-');
  return (text) => {
    const t = String(text).trim();
    if (row.type === 'boolean') {
      if (TRUE.test(t)) return { ok: true, value: !negated };
      if (FALSE.test(t)) return { ok: true, value: negated };
      return { ok: false, message: `${row.key}: "${text}" is not a yes/no value (use true, false, 1 or 0).` };
    }
    if (row.type === 'list') {
      const items = t
        .split(',')
        .map((i) => i.trim())
        .filter(Boolean);
      // A list that is empty by default (zones, tags) takes an empty answer: "none".
      const emptyOk = (DEFAULTS as Partial<Record<ConfigKey, OptionValue>>)[row.key]?.toString() === '';
      return items.length || emptyOk ? { ok: true, value: items } : { ok: false, message: `${row.key}: at least one name is required.` };
    }
    if (row.type === 'number') {
      return /^\d+$/.test(t) ? { ok: true, value: Number(t) } : { ok: false, message: `${row.key}: "${text}" is not a whole number.` };
    }
    if (t === '') return { ok: false, message: `${row.key}: a value is required.` };
    return { ok: true, value: row.key === 'location' ? normalizeLocation(t) : t };
  };
}

function option(row: Row): ConfigOption {
  const parse = parser(row);
  const envName = row.env ?? `SECURE_AKS_${row.flag.replace(/^--/, '').replace(/-/g, '_').toUpperCase()}`;
  return {
    ...row,
    env: envName,
    negated: row.flag.startsWith('--no-'),
    ...(row.type === 'boolean' && !row.flag.startsWith('--no-') ? { offFlag: row.flag.replace(/^--/, '--no-') } : {}),
    default: (DEFAULTS as Partial<Record<ConfigKey, OptionValue>>)[row.key],
    parse,
    validator(text) {
      const parsed = parse(text);
      if (!parsed.ok) return parsed.message;
      const problem = fieldRule(row.key, parsed.value);
      return problem ? `${problem.message} ${problem.remediation ?? ''}`.trim() : true;
    },
  };
}

const ROWS: Row[] = [
  {
    key: 'subscription',
    type: 'string',
    flag: '--subscription',
    argument: '<id>',
    fallbackEnv: ['AZURE_SUBSCRIPTION_ID'],
    description: "Azure subscription id (default: the emulator's, or the Azure CLI's current subscription)",
    required: false,
  },
  {
    key: 'name',
    type: 'string',
    flag: '--name',
    short: '-n',
    argument: '<name>',
    required: true,
    description: 'AKS cluster name; every other resource name derives from it',
    suggest: () => 'aks-secure',
  },
  {
    key: 'resourceGroup',
    type: 'string',
    flag: '--resource-group',
    short: '-g',
    argument: '<name>',
    required: true,
    description: 'resource group to create or reuse',
    suggest: (k) => (k.name ? `rg-${k.name}` : undefined),
  },
  {
    key: 'location',
    type: 'string',
    flag: '--location',
    short: '-l',
    argument: '<region>',
    required: true,
    description: 'Azure region, e.g. eastus',
    suggest: () => 'eastus',
  },
  {
    key: 'vnetCidr',
    type: 'string',
    flag: '--vnet-cidr',
    argument: '<cidr>',
    required: false,
    description: 'address space of the virtual network',
  },
  {
    key: 'nodeSubnetCidr',
    type: 'string',
    flag: '--node-subnet-cidr',
    argument: '<cidr>',
    required: false,
    description: 'subnet of the AKS nodes (inside the VNet)',
  },
  {
    key: 'firewallSubnetCidr',
    type: 'string',
    flag: '--firewall-subnet-cidr',
    argument: '<cidr>',
    required: false,
    description: 'AzureFirewallSubnet, /26 or larger (inside the VNet)',
  },
  {
    key: 'bastionSubnetCidr',
    type: 'string',
    flag: '--bastion-subnet-cidr',
    argument: '<cidr>',
    required: false,
    description: 'AzureBastionSubnet, /26 or larger (inside the VNet)',
  },
  {
    key: 'jumphostSubnetCidr',
    type: 'string',
    flag: '--jumphost-subnet-cidr',
    argument: '<cidr>',
    required: false,
    description: 'jumphost subnet, /29 or larger (inside the VNet)',
  },
  {
    key: 'podCidr',
    type: 'string',
    flag: '--pod-cidr',
    argument: '<cidr>',
    required: false,
    description: 'Azure CNI Overlay pod range (outside the VNet; each node takes a /24)',
  },
  {
    key: 'serviceCidr',
    type: 'string',
    flag: '--service-cidr',
    argument: '<cidr>',
    required: false,
    description: 'Kubernetes service range, /12 or smaller (outside the VNet and pod range)',
  },
  {
    key: 'dnsServiceIp',
    type: 'string',
    flag: '--dns-service-ip',
    argument: '<ip>',
    required: false,
    description: 'cluster DNS service address inside the service range (not its .1)',
  },
  { key: 'nodeCount', type: 'number', flag: '--node-count', argument: '<n>', required: false, description: 'number of nodes, 1-1000' },
  { key: 'nodeVmSize', type: 'string', flag: '--node-vm-size', argument: '<size>', required: false, description: 'VM size of the nodes' },
  {
    key: 'kubernetesVersion',
    type: 'string',
    flag: '--kubernetes-version',
    argument: '<x.y[.z]>',
    required: false,
    description: "Kubernetes version (default: the region's newest supported)",
  },
  { key: 'bastion', type: 'boolean', flag: '--no-bastion', required: false, description: 'skip Azure Bastion' },
  { key: 'jumphost', type: 'boolean', flag: '--no-jumphost', required: false, description: 'skip the jumphost VM' },
  {
    key: 'testDeployment',
    type: 'boolean',
    flag: '--no-test-deployment',
    required: false,
    description: 'skip the test deployment and egress proof',
  },
  {
    key: 'adopt',
    type: 'list',
    flag: '--adopt',
    argument: '<resource-name>',
    required: false,
    description: 'let secure-aks change this existing route table, NSG or VNet it did not create (repeatable); destroy restores it',
  },
  {
    key: 'tier',
    type: 'string',
    flag: '--tier',
    argument: '<free|standard|premium>',
    required: false,
    description: 'AKS pricing tier: standard has the uptime SLA, premium adds long-term support, free has no SLA',
  },
  {
    key: 'zones',
    type: 'list',
    flag: '--zones',
    argument: '<zone>',
    required: false,
    description: 'availability zones of the system node pool, e.g. 1,2,3 (only where the region and VM size have them)',
  },
  {
    key: 'nodeMinCount',
    type: 'number',
    flag: '--node-min-count',
    argument: '<n>',
    required: false,
    description: 'cluster autoscaler minimum of the system pool (with --node-max-count)',
  },
  {
    key: 'nodeMaxCount',
    type: 'number',
    flag: '--node-max-count',
    argument: '<n>',
    required: false,
    description: 'cluster autoscaler maximum of the system pool, checked against vCPU quota',
  },
  {
    key: 'userPool',
    type: 'boolean',
    flag: '--user-pool',
    required: false,
    description: 'add a user node pool for workloads; the system pool is tainted CriticalAddonsOnly',
  },
  {
    key: 'userPoolVmSize',
    type: 'string',
    flag: '--user-pool-vm-size',
    argument: '<size>',
    required: false,
    description: 'VM size of the user pool (default: --node-vm-size)',
  },
  {
    key: 'userPoolCount',
    type: 'number',
    flag: '--user-pool-count',
    argument: '<n>',
    required: false,
    description: 'number of user pool nodes',
  },
  {
    key: 'userPoolZones',
    type: 'list',
    flag: '--user-pool-zones',
    argument: '<zone>',
    required: false,
    description: 'availability zones of the user pool',
  },
  {
    key: 'userPoolMinCount',
    type: 'number',
    flag: '--user-pool-min-count',
    argument: '<n>',
    required: false,
    description: 'cluster autoscaler minimum of the user pool (0 allowed)',
  },
  {
    key: 'userPoolMaxCount',
    type: 'number',
    flag: '--user-pool-max-count',
    argument: '<n>',
    required: false,
    description: 'cluster autoscaler maximum of the user pool',
  },
  {
    key: 'tags',
    type: 'list',
    flag: '--tag',
    argument: '<key=value>',
    required: false,
    description:
      'a tag for every resource, beside managed-by and secure-aks-deployment (repeatable; the tags given replace the recorded set)',
  },
  {
    key: 'monitoring',
    type: 'boolean',
    flag: '--monitoring',
    required: false,
    description: 'Azure Monitor Container Insights, with its egress rules',
  },
  {
    key: 'logAnalyticsWorkspace',
    type: 'string',
    flag: '--log-analytics-workspace',
    argument: '<resource-id>',
    required: false,
    description: 'existing Log Analytics workspace for monitoring and Defender (default: create one in the resource group)',
  },
  {
    key: 'azurePolicy',
    type: 'boolean',
    flag: '--azure-policy',
    required: false,
    description: 'Azure Policy add-on, with its egress rules',
  },
  {
    key: 'policyBaseline',
    type: 'boolean',
    flag: '--policy-baseline',
    required: false,
    description: 'assign the built-in AKS pod security baseline initiative to the cluster (with --azure-policy)',
  },
  {
    key: 'defender',
    type: 'boolean',
    flag: '--defender',
    required: false,
    description: 'Microsoft Defender for Containers sensor, with its egress rules',
  },
  {
    key: 'keyVault',
    type: 'boolean',
    flag: '--key-vault',
    required: false,
    description: 'Key Vault secrets provider (CSI driver) and a private Key Vault behind a private endpoint',
  },
  {
    key: 'autoUpgradeWindow',
    type: 'string',
    flag: '--auto-upgrade-window',
    argument: '<"Day HH:MM Nh">',
    required: false,
    description: 'weekly window for Kubernetes patch upgrades, e.g. "Sunday 02:00 4h" (UTC unless +HH:MM follows), or none to remove it',
  },
  {
    key: 'nodeOsUpgradeWindow',
    type: 'string',
    flag: '--node-os-upgrade-window',
    argument: '<"Day HH:MM Nh">',
    required: false,
    description: 'weekly window for node image upgrades, e.g. "Saturday 22:00 4h", or none to remove it',
  },
];

export const OPTIONS: readonly ConfigOption[] = ROWS.map(option);

export const OPTION_BY_KEY: Readonly<Record<ConfigKey, ConfigOption>> = Object.fromEntries(OPTIONS.map((o) => [o.key, o])) as Record<
  ConfigKey,
  ConfigOption
>;
