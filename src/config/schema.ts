/**
 * The configuration schema (zod 4): the one judge of values from flags, env vars, the config file and
 * prompts. Format rules come from rules.ts so every source gets the same code and sentence; the JSON
 * Schema published in schema/config.schema.json is generated from it (editors complete and check keys).
 */
import { z } from 'zod';
import { CONFIG_KEYS, OPTION_BY_KEY, OPTIONS, type ConfigKey } from './options.js';
import { ConfigProblem } from './problems.js';
import { closeMatches } from './regions.js';
import { fieldRule, MAX_NODE_COUNT } from './rules.js';
import { STATE_CONFIG_KEYS, stateKeysJsonSchema } from './state-keys.js';

export { OPTIONS, OPTION_BY_KEY, CONFIG_KEYS };
export type { ConfigOption, ConfigKey, OptionValue } from './options.js';

const CIDR_PATTERN = '^(\\d{1,3}\\.){3}\\d{1,3}/\\d{1,2}$';
const IP_PATTERN = '^(\\d{1,3}\\.){3}\\d{1,3}$';

/** A field whose value, once of the right type, must also pass its rule from rules.ts. */
function field<T extends z.ZodType>(key: ConfigKey, base: T, jsonHints: Record<string, unknown> = {}) {
  const o = OPTION_BY_KEY[key];
  return base
    .superRefine((value, ctx) => {
      const problem = fieldRule(key, value);
      if (problem)
        ctx.addIssue({ code: 'custom', message: problem.message, params: { code: problem.code, remediation: problem.remediation } });
    })
    .meta({ description: o.description, ...(o.default !== undefined ? { default: o.default } : {}), ...jsonHints })
    .optional();
}

const cidr = (key: ConfigKey) => field(key, z.string(), { pattern: CIDR_PATTERN });

export const configSchema = z.strictObject({
  subscription: field('subscription', z.string(), { format: 'uuid' }),
  name: field('name', z.string(), { minLength: 1, maxLength: 63, pattern: '^[A-Za-z0-9]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?$' }),
  resourceGroup: field('resourceGroup', z.string(), { minLength: 1, maxLength: 90 }),
  location: field('location', z.string(), { examples: ['eastus', 'westeurope'] }),
  vnetCidr: cidr('vnetCidr'),
  nodeSubnetCidr: cidr('nodeSubnetCidr'),
  firewallSubnetCidr: cidr('firewallSubnetCidr'),
  bastionSubnetCidr: cidr('bastionSubnetCidr'),
  jumphostSubnetCidr: cidr('jumphostSubnetCidr'),
  podCidr: cidr('podCidr'),
  serviceCidr: cidr('serviceCidr'),
  dnsServiceIp: field('dnsServiceIp', z.string(), { pattern: IP_PATTERN }),
  nodeCount: field('nodeCount', z.number(), { type: 'integer', minimum: 1, maximum: MAX_NODE_COUNT }),
  nodeVmSize: field('nodeVmSize', z.string(), { pattern: '^Standard_[A-Za-z0-9]+(_[A-Za-z0-9]+)*$' }),
  kubernetesVersion: field('kubernetesVersion', z.string(), { pattern: '^\\d+\\.\\d+(\\.\\d+)?$' }),
  bastion: field('bastion', z.boolean()),
  jumphost: field('jumphost', z.boolean()),
  testDeployment: field('testDeployment', z.boolean()),
  adopt: field('adopt', z.array(z.string().min(1)), { uniqueItems: true }),
  tier: field('tier', z.string(), { enum: ['free', 'standard', 'premium'] }),
  zones: field('zones', z.array(z.string()), { uniqueItems: true, items: { enum: ['1', '2', '3'] } }),
  nodeMinCount: field('nodeMinCount', z.number(), { type: 'integer', minimum: 1, maximum: MAX_NODE_COUNT }),
  nodeMaxCount: field('nodeMaxCount', z.number(), { type: 'integer', minimum: 1, maximum: MAX_NODE_COUNT }),
  userPool: field('userPool', z.boolean()),
  userPoolVmSize: field('userPoolVmSize', z.string(), { pattern: '^Standard_[A-Za-z0-9]+(_[A-Za-z0-9]+)*$' }),
  userPoolCount: field('userPoolCount', z.number(), { type: 'integer', minimum: 0, maximum: MAX_NODE_COUNT }),
  userPoolZones: field('userPoolZones', z.array(z.string()), { uniqueItems: true, items: { enum: ['1', '2', '3'] } }),
  userPoolMinCount: field('userPoolMinCount', z.number(), { type: 'integer', minimum: 0, maximum: MAX_NODE_COUNT }),
  userPoolMaxCount: field('userPoolMaxCount', z.number(), { type: 'integer', minimum: 1, maximum: MAX_NODE_COUNT }),
  // A config file may also write tags as a mapping (src/config/tag-mapping.ts turns it into this list;
  // configJsonSchema publishes both forms).
  tags: field('tags', z.array(z.string()), { items: { pattern: '^[^=]+=.*$' } }),
  monitoring: field('monitoring', z.boolean()),
  logAnalyticsWorkspace: field('logAnalyticsWorkspace', z.string()),
  azurePolicy: field('azurePolicy', z.boolean()),
  policyBaseline: field('policyBaseline', z.boolean()),
  defender: field('defender', z.boolean()),
  keyVault: field('keyVault', z.boolean()),
  autoUpgradeWindow: field('autoUpgradeWindow', z.string(), { examples: ['Sunday 02:00 4h', 'Saturday 22:00 6h +01:00'] }),
  nodeOsUpgradeWindow: field('nodeOsUpgradeWindow', z.string(), { examples: ['Saturday 22:00 4h'] }),
});

/** Values as the config file (and the other sources, once parsed) carry them; every key optional. */
export type ConfigValues = z.infer<typeof configSchema>;

export function unknownKeyProblem(key: string): ConfigProblem {
  const known = [...CONFIG_KEYS, ...STATE_CONFIG_KEYS];
  const near = closeMatches(key, known, 1);
  return new ConfigProblem(
    'UnknownConfigKey',
    [key],
    `"${key}" is not a configuration key` + (near.length ? `; did you mean ${near[0]}?` : '.'),
    `Known keys: ${known.join(', ')}.`,
  );
}

const EXPECTED = { number: 'a number', boolean: 'true or false', string: 'text', list: 'a list of names' } as const;
const WRITE_AS = { number: 'a number', boolean: 'a boolean', string: 'a string', list: 'a list, e.g. [rt-aks-demo, nsg-shared]' } as const;

function describeType(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'a list' : `a ${typeof value}`;
}

/** Checks types and per-field rules, returning the valid values and every problem (never throws). */
export function checkValues(input: unknown): { values: ConfigValues; problems: ConfigProblem[] } {
  const result = configSchema.safeParse(input);
  if (result.success) return { values: result.data, problems: [] };
  const problems: ConfigProblem[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      problems.push(...issue.keys.map(unknownKeyProblem));
      continue;
    }
    const key = String(issue.path[0] ?? '');
    if (issue.code === 'custom') {
      const params = issue.params as { code: string; remediation?: string };
      problems.push(new ConfigProblem(params.code, [key], issue.message, params.remediation));
    } else if (key) {
      const option = OPTION_BY_KEY[key as ConfigKey];
      const actual = describeType((input as Record<string, unknown>)[key]);
      problems.push(
        new ConfigProblem(
          'InvalidValueType',
          [key],
          `${key}: expected ${EXPECTED[option.type]}, got ${actual}.`,
          `Write ${key} as ${WRITE_AS[option.type]}.`,
        ),
      );
    } else {
      problems.push(
        new ConfigProblem(
          'ConfigFileInvalid',
          [],
          `The configuration must be a mapping of keys to values, not ${describeType(input)}.`,
          'Write one "key: value" per line.',
        ),
      );
    }
  }
  // Keep the values that passed, so cross-field rules can still look at them.
  const bad = new Set(problems.flatMap((p) => p.fields));
  const values: Record<string, unknown> = {};
  if (input && typeof input === 'object' && !Array.isArray(input)) {
    for (const [k, v] of Object.entries(input)) if (!bad.has(k) && (CONFIG_KEYS as readonly string[]).includes(k)) values[k] = v;
  }
  return { values: values as ConfigValues, problems };
}

/** The JSON Schema of the config file, as committed in schema/config.schema.json. */
export function configJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(configSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
  // A config file may write tags as a mapping too (src/config/tag-mapping.ts turns it into the list).
  const properties = generated.properties as Record<string, Record<string, unknown>>;
  const { type, items, ...tags } = properties.tags!;
  properties.tags = {
    ...tags,
    anyOf: [
      { type, items },
      { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean', 'null'] } },
    ],
  };
  // Where the state is kept: read before the configuration (src/config/state-keys.ts), never recorded in it.
  Object.assign(properties, stateKeysJsonSchema());
  return {
    $schema: generated.$schema,
    title: 'secure-aks configuration',
    description: 'Config file for `secure-aks --config <file>` (YAML or JSON). Flags and SECURE_AKS_* env vars override it.',
    ...Object.fromEntries(Object.entries(generated).filter(([k]) => k !== '$schema')),
  };
}
