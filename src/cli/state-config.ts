/**
 * `state`, `stateEndpoint` and `stateCa` from the --config file, for the commands that read one (init,
 * plan). The backend is opened and locked before the configuration is resolved, so these are read first
 * and set on the command as values from the `config` source: readCommonOptions ranks them below the flag
 * and the env var, as every other config-file value is ranked.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Command } from 'commander';
import { readConfigFile } from '../config/file.js';
import { ConfigInvalidError } from '../config/problems.js';
import { isStateConfigKey, STATE_CONFIG_KEYS, type StateConfigValues } from '../config/state-keys.js';
import { isBlobState } from '../state/location.js';

/**
 * A relative path in a config file is relative to the file, so a config kept in a repository means the
 * same from any working directory: the CA always, and the state when it is a file (not az://).
 */
export function stateKeysRelativeTo(values: StateConfigValues, configPath: string): StateConfigValues {
  const near = (p: string) => (isAbsolute(p) ? p : resolve(dirname(configPath), p));
  return {
    ...values,
    ...(values.state !== undefined && !isBlobState(values.state) ? { state: near(values.state) } : {}),
    ...(values.stateCa !== undefined ? { stateCa: near(values.stateCa) } : {}),
  };
}

/** Sets the state keys of `configPath` on `cmd` where no flag gave them; a bad state key fails the run here. */
export async function applyStateConfig(cmd: Command, configPath: string): Promise<void> {
  const contents = await readConfigFile(configPath);
  // Other problems are the configuration's: the resolver reports them all together, with their sources.
  const problems = contents.problems.filter((p) => p.fields.some(isStateConfigKey));
  if (problems.length) throw new ConfigInvalidError(problems);
  const values = stateKeysRelativeTo(contents.state, configPath);
  for (const key of STATE_CONFIG_KEYS) {
    const value = values[key];
    if (value !== undefined && cmd.getOptionValueSource(key) !== 'cli') cmd.setOptionValueWithSource(key, value, 'config');
  }
}
