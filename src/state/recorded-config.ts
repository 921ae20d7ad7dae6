/**
 * The configuration a state file records is judged exactly like flags: a hand-edited or damaged value
 * (`nodeCount: "abc"`, a `/33` range) must stop the run before any write, not reach Azure as a cluster
 * update or a VNet PUT. The error names the file, the key and the recorded value.
 */
import { CONFIG_KEYS, type ConfigKey } from '../config/options.js';
import type { ResolvedConfig } from '../config/types.js';
import { toConfigValues, validateConfig } from '../config/validate.js';
import type { ConfigProblem } from '../config/problems.js';
import { UsageError } from '../core/errors.js';
import type { CloudTarget } from '../azure/types.js';

/** The state file's key for a config key (`subscription` is recorded as `subscriptionId`). */
const stateKey = (key: string) => (key === 'subscription' ? 'subscriptionId' : key);

/**
 * What every resolved configuration has: every config key but the two a state may lack (kubernetesVersion
 * may be left to the region's newest; adopt is absent in states written before adoption existed). A new
 * option that older state files do not record belongs in this list too.
 */
const MAY_LACK: readonly ConfigKey[] = [
  'kubernetesVersion',
  'adopt',
  // Production options without a default: absent means "not used".
  'nodeMinCount',
  'nodeMaxCount',
  'userPoolVmSize',
  'userPoolMinCount',
  'userPoolMaxCount',
  'logAnalyticsWorkspace',
  'autoUpgradeWindow',
  'nodeOsUpgradeWindow',
];
const REQUIRED = CONFIG_KEYS.filter((k) => !MAY_LACK.includes(k)).map(stateKey);

function describe(problem: ConfigProblem, config: Record<string, unknown>): string {
  const keys = problem.fields.map(stateKey).filter((k) => k in config);
  const values = keys.map((k) => `config.${k} = ${JSON.stringify(config[k])}`).join(', ');
  return values ? `${values}: ${problem.message}` : problem.message;
}

/** Throws a UsageError (exit 2) listing every recorded value that flags would not accept. */
export function assertRecordedConfigValid(file: string, config: ResolvedConfig, target: Pick<CloudTarget, 'cloud'>): void {
  const recorded = config as unknown as Record<string, unknown>;
  const missing = REQUIRED.filter((k) => recorded[k] === undefined);
  const problems = validateConfig(toConfigValues(config), { cloud: target.cloud });
  const lines = [...missing.map((k) => `config.${k} is missing`), ...problems.map((p) => describe(p, recorded))];
  if (lines.length === 0) return;
  throw new UsageError(
    'StateConfigInvalid',
    `State file ${file} records a configuration that is not valid: ${lines.join('; ')}.`,
    'Nothing was changed. Correct the value in the state file (flags would refuse it too), or move the file aside and run `secure-aks init` with flags.',
  );
}
