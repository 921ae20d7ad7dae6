/**
 * What a re-run changes in the configuration the state file records, apart from what it changes in Azure:
 * a value that needs no write (`--no-test-deployment` on a deployment whose test workload is gone, say) still
 * changes what later runs, `status` and `destroy` take as the deployment's configuration, so it is shown and
 * confirmed like an update.
 */
import type { ChalkInstance } from 'chalk';
import { isDeepStrictEqual } from 'node:util';
import { OPTIONS } from '../../config/options.js';
import type { ResolvedConfig } from '../../config/types.js';
import { toConfigValues } from '../../config/validate.js';
import { fitLines, hang } from '../../io/wrap.js';
import { outputColumns, type Output } from './output.js';
import { showValue } from './plan.js';
import { changeWords } from './production-options.js';

export interface ConfigChange {
  /** The config file key (`testDeployment`), as `--config` and the state file spell it. */
  key: string;
  recorded: unknown;
  requested: unknown;
}

/** Each value that differs between the recorded configuration and this run's, in the order of the options table. */
export function configChanges(recorded: Partial<ResolvedConfig>, requested: Partial<ResolvedConfig>): ConfigChange[] {
  const before = toConfigValues(recorded) as Record<string, unknown>;
  const after = toConfigValues(requested) as Record<string, unknown>;
  const order = OPTIONS.map((o) => o.key as string);
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort(
    (a, b) => (order.indexOf(a) + 1 || order.length + 1) - (order.indexOf(b) + 1 || order.length + 1),
  );
  return keys
    .filter((k) => !isDeepStrictEqual(absentAsOff(before[k]), absentAsOff(after[k])))
    .map((key) => ({ key, recorded: before[key], requested: after[key] }));
}

/** An option a deployment recorded before it existed is off: false, no items. */
function absentAsOff(value: unknown): unknown {
  return value === undefined || (Array.isArray(value) && value.length === 0) ? false : value;
}

/** The changes as plan shows an update (`key: old -> new`), under a heading; nothing when there are none. */
export function renderConfigChanges(
  output: Output,
  c: ChalkInstance,
  changes: readonly ConfigChange[],
  stream: 'out' | 'err' = 'err',
  /** The region, which names some add-ons' firewall FQDNs. */
  region?: string,
): void {
  if (changes.length === 0) return;
  const width = outputColumns(output, stream);
  output[stream](
    [
      ...fitLines([c.bold('What changes in the recorded configuration (the state file):')], width),
      // In a narrow terminal the old -> new values wrap, hanging after the key.
      ...changes.flatMap((ch) => {
        const words = changeWords(ch.key, ch.recorded, ch.requested, region ?? '<region>');
        const values = `${showValue(ch.recorded)} -> ${showValue(ch.requested)}`;
        return hang(`  ${c.yellow('~')} ${ch.key}: `, words ? `${values} (${words})` : values, width);
      }),
    ].join('\n'),
  );
}
