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

type Row = Omit<ConfigOption, 'env' | 'negated' | 'parse' | 'validator' | 'default'> & { env?: string };

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
      return items.length ? { ok: true, value: items } : { ok: false, message: `${row.key}: at least one name is required.` };
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
];

export const OPTIONS: readonly ConfigOption[] = ROWS.map(option);

export const OPTION_BY_KEY: Readonly<Record<ConfigKey, ConfigOption>> = Object.fromEntries(OPTIONS.map((o) => [o.key, o])) as Record<
  ConfigKey,
  ConfigOption
>;
