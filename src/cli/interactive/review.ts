/**
 * The summary screen's loop: show what will be built (or updated, or resumed) with the preflight result,
 * then Create, Edit a value, or Cancel; a resume has nothing to edit, so it offers Resume or Cancel. An edit goes through the same prompt (picker or validated text) as the first answer,
 * then the whole configuration is validated again and preflight re-runs before the summary returns.
 */
import { derivedDefaults } from '../../config/derive.js';
import { OPTIONS, OPTION_BY_KEY, type ConfigKey, type OptionValue } from '../../config/options.js';
import { ask, type PromptFn, type ValueSource } from '../../config/resolve.js';
import type { CloudName } from '../../config/regions.js';
import type { ConfigValues } from '../../config/schema.js';
import type { ResolvedConfig } from '../../config/types.js';
import { toConfigValues, validateConfig } from '../../config/validate.js';
import { AbortError } from '../../core/errors.js';
import type { IoHost } from '../../io/host.js';
import { PreflightError, type PreflightReport } from '../../preflight/problems.js';

export interface ReviewInput {
  io: IoHost;
  config: ResolvedConfig;
  sources: Partial<Record<ConfigKey, ValueSource>>;
  prompt?: PromptFn;
  cloud?: CloudName;
  /** --yes: no question (preflight must still pass). */
  yes: boolean;
  /** What is being confirmed: a new deployment (default), an existing one, or a resume. */
  intent?: 'create' | 'update' | 'resume';
  check(config: ResolvedConfig): Promise<PreflightReport>;
  show(config: ResolvedConfig, report: PreflightReport): void;
}

const CONFIRM_SOURCE = { key: 'confirmation', flag: '--yes', env: 'SECURE_AKS_YES', configKey: '(none: pass --yes)' };

const WORDING = {
  create: { question: 'Create these resources?', action: 'Create' },
  update: { question: 'Update this deployment to match?', action: 'Update' },
  resume: { question: 'Resume this deployment?', action: 'Resume' },
} as const;

export async function review(input: ReviewInput): Promise<{ config: ResolvedConfig; report: PreflightReport }> {
  let config = input.config;
  const sources = { ...input.sources };
  const { io } = input;
  const words = WORDING[input.intent ?? 'create'];
  // A resume answers with the recorded configuration: there is no prompt to edit it with.
  const canEdit = !!input.prompt;
  for (;;) {
    const report = await input.check(config);
    input.show(config, report);
    if (input.yes || !io.interactive || (!canEdit && input.intent !== 'resume')) {
      if (report.problems.length) throw new PreflightError(report.problems);
      if (input.yes) return { config, report };
      // No default: without a terminal (or with --non-interactive) this must be an explicit --yes.
      const ok = await io.requestResponse({ kind: 'confirm', code: 'init.confirm', message: words.question, source: CONFIRM_SOURCE });
      if (!ok) throw new AbortError('Nothing was changed: you declined the plan.');
      return { config, report };
    }
    const blocked = report.problems.length > 0;
    const choice = await io.requestResponse({
      kind: 'select',
      code: 'init.review',
      message: blocked ? 'Preflight found problems. What now?' : words.question,
      default: blocked ? (canEdit ? 'edit' : 'cancel') : 'create',
      choices: [
        { value: 'create', name: words.action, ...(blocked ? { disabled: 'fix the problems above first' } : {}) },
        ...(canEdit ? [{ value: 'edit', name: 'Edit a value' }] : []),
        { value: 'cancel', name: 'Cancel' },
      ],
      source: CONFIRM_SOURCE,
    });
    if (choice === 'create') return { config, report };
    if (choice === 'cancel') {
      if (blocked) throw new PreflightError(report.problems);
      throw new AbortError('Nothing was changed: you cancelled at the summary.');
    }
    config = await editUntilValid(input, config, sources);
  }
}

function shown(config: ResolvedConfig, key: ConfigKey): string {
  const v = toConfigValues(config)[key as keyof ConfigValues];
  if (v === undefined) return key === 'kubernetesVersion' ? 'newest' : '';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

async function editUntilValid(
  input: ReviewInput,
  start: ResolvedConfig,
  sources: Partial<Record<ConfigKey, ValueSource>>,
): Promise<ResolvedConfig> {
  let config = start;
  for (;;) {
    config = await editOne(input, config, sources);
    const problems = validateConfig(toConfigValues(config), { cloud: input.cloud });
    if (problems.length === 0) return config;
    for (const p of problems) input.io.notify({ code: 'warn', message: `${p.message}${p.remediation ? ` ${p.remediation}` : ''}` });
  }
}

async function editOne(
  input: ReviewInput,
  config: ResolvedConfig,
  sources: Partial<Record<ConfigKey, ValueSource>>,
): Promise<ResolvedConfig> {
  const { io } = input;
  const width = Math.max(...OPTIONS.map((o) => o.key.length));
  const key = (await io.requestResponse({
    kind: 'select',
    code: 'init.edit',
    message: 'Which value?',
    choices: OPTIONS.map((o) => ({ value: o.key, name: `${o.key.padEnd(width)}  ${shown(config, o.key)}` })),
    source: CONFIRM_SOURCE,
  })) as ConfigKey;
  const option = OPTION_BY_KEY[key];
  const values = toConfigValues(config) as Partial<Record<ConfigKey, OptionValue>>;
  let value: OptionValue;
  if (option.type === 'boolean') {
    // Asked positively ("Create the Bastion?"): the flag is negated, the question should not be.
    value = await io.requestResponse({
      kind: 'confirm',
      code: `config.${key}`,
      message: `${option.description.replace(/^skip /, 'Include ')}?`,
      default: Boolean(values[key]),
      source: { key, flag: option.flag, env: option.env, configKey: key },
    });
  } else {
    value = await ask(option, input.prompt!, values, values[key] === undefined ? undefined : String(values[key]));
  }
  values[key] = value;
  sources[key] = { kind: 'prompt', name: 'prompt' };
  // Ranges derived from the VNet or service range follow an edit of it, unless the user set them.
  const derived = derivedDefaults(values as ConfigValues) as Partial<Record<ConfigKey, OptionValue>>;
  for (const [k, v] of Object.entries(derived) as Array<[ConfigKey, OptionValue]>) {
    if (sources[k] === undefined || sources[k]!.kind === 'default') values[k] = v;
  }
  const { subscription, ...rest } = values as ConfigValues;
  return { ...(rest as Omit<ResolvedConfig, 'subscriptionId'>), subscriptionId: String(subscription ?? config.subscriptionId) };
}
