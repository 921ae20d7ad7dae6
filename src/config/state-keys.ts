/**
 * The config-file keys that say where the state is kept: `state`, `stateEndpoint`, `stateCa` (the
 * --state, --state-endpoint and --state-ca flags). They are read apart from the deployment's values: the
 * state backend is opened (and locked) before the configuration is resolved, and where the state lives is
 * not part of the deployment, so they never reach the configuration recorded in the state.
 */
import { ConfigProblem } from './problems.js';

export const STATE_CONFIG_KEYS = ['state', 'stateEndpoint', 'stateCa'] as const;
export type StateConfigKey = (typeof STATE_CONFIG_KEYS)[number];
export type StateConfigValues = Partial<Record<StateConfigKey, string>>;

const DESCRIPTIONS: Record<StateConfigKey, string> = {
  state:
    'State of this deployment (flag --state, env SECURE_AKS_STATE): a file, or a shared blob az://<account>/<container>/<path>; a relative file is relative to this config file',
  stateEndpoint:
    "Blob service for an az:// state instead of the cloud's, e.g. Azurite (flag --state-endpoint, env SECURE_AKS_STATE_ENDPOINT)",
  stateCa: 'CA certificate (PEM) to trust for stateEndpoint, relative to this config file (flag --state-ca, env SECURE_AKS_STATE_CA)',
};

export function isStateConfigKey(key: string): key is StateConfigKey {
  return (STATE_CONFIG_KEYS as readonly string[]).includes(key);
}

/** Takes the state keys out of a parsed config file: what is left is the deployment's configuration. */
export function splitStateKeys(raw: unknown): { rest: unknown; values: StateConfigValues; problems: ConfigProblem[] } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { rest: raw, values: {}, problems: [] };
  const rest: Record<string, unknown> = {};
  const values: StateConfigValues = {};
  const problems: ConfigProblem[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (!isStateConfigKey(key)) rest[key] = value;
    else if (typeof value === 'string' && value.trim() !== '') values[key] = value.trim();
    else
      problems.push(
        new ConfigProblem(
          'InvalidValueType',
          [key],
          `${key}: expected a non-empty string, got ${value === null ? 'null' : Array.isArray(value) ? 'a list' : JSON.stringify(value)}.`,
          `Write ${key} as a string, or remove it to use the flag, the env var or the default.`,
        ),
      );
  }
  return { rest, values, problems };
}

/** The JSON Schema properties of the state keys, for schema/config.schema.json. */
export function stateKeysJsonSchema(): Record<StateConfigKey, Record<string, unknown>> {
  return {
    state: {
      description: DESCRIPTIONS.state,
      type: 'string',
      minLength: 1,
      examples: ['.secure-aks/state.json', 'az://stteamstate/secure-aks/prod'],
    },
    stateEndpoint: { description: DESCRIPTIONS.stateEndpoint, type: 'string', format: 'uri' },
    stateCa: { description: DESCRIPTIONS.stateCa, type: 'string', minLength: 1 },
  };
}
