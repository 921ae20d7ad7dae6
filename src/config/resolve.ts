/**
 * Resolves the configuration: flags > env > config file > state > defaults > prompts. Every value
 * remembers where it came from, so an error can say "vnetCidr from --vnet-cidr" instead of leaving the
 * user to guess. The state layer is what an existing deployment recorded: a re-run (or a plan) in its
 * directory continues it without asking for any recorded value again (Edit a value on the summary changes
 * one), and never falls back to a default region.
 */
import { InputRequiredError } from '../core/errors.js';
import { ADDON_KEYS } from './addons.js';
import type { ResolvedConfig } from './types.js';
import { derivedDefaults } from './derive.js';
import { readConfigFile, type ConfigFileContents } from './file.js';
import { CONFIG_KEYS, OPTIONS, OPTION_BY_KEY, type ConfigKey, type ConfigOption, type OptionValue } from './options.js';
import { ConfigInvalidError, ConfigProblem } from './problems.js';
import { normalizeLocation, type CloudName } from './regions.js';
import type { ConfigValues } from './schema.js';
import { validateConfig } from './validate.js';

export type SourceKind = 'flag' | 'env' | 'file' | 'state' | 'default' | 'prompt';
export interface ValueSource {
  kind: SourceKind;
  /** What supplied it: `--vnet-cidr`, `SECURE_AKS_VNET_CIDR`, `config.yaml line 4`, `state file`, `default`, `prompt`. */
  name: string;
}

/** How one question may be left: `escapeGoesBack` lets Esc throw PromptBack (editing from the summary). */
export interface PromptOptions {
  escapeGoesBack?: boolean;
}

/** Asks for one value; `known` holds what is settled so far (a region picker needs the subscription). */
export type PromptFn = (
  option: ConfigOption,
  defaultValue: string | undefined,
  known: Partial<Record<ConfigKey, OptionValue>>,
  options?: PromptOptions,
) => Promise<string>;

/**
 * Asks which of several yes/no values to turn on, in one question (the add-ons as a checkbox list); `on`
 * holds those on to begin with. Answers the keys turned on.
 */
export type ChooseFn = (
  options: readonly ConfigOption[],
  on: readonly ConfigKey[],
  known: Partial<Record<ConfigKey, OptionValue>>,
) => Promise<ConfigKey[]>;

/** Values asked only when an earlier answer makes them mean something. */
const ASKED_ONLY_IF: Partial<Record<ConfigKey, (known: Partial<Record<ConfigKey, OptionValue>>) => boolean>> = {
  userPoolVmSize: (k) => k.userPool === true,
  userPoolCount: (k) => k.userPool === true,
  policyBaseline: (k) => k.azurePolicy === true,
};

export interface ResolveInput {
  /** Values the user typed, keyed by config key (commander attribute names); undefined = not given. */
  flags: Partial<Record<string, unknown>>;
  env: Record<string, string | undefined>;
  /** Path of the --config file. */
  configFile?: string;
  /**
   * The configuration an existing state file recorded: it supplies what nothing above it does, and a
   * recorded value is never asked again (interactive or not).
   */
  recorded?: { values: ConfigValues; name: string };
  interactive: boolean;
  /** Asks for one missing value; required when `interactive`. */
  prompt?: PromptFn;
  /**
   * Defaults of the target over the general ones: the embedded emulator's demo runs on the free tier (no
   * uptime SLA to pay for), while a real deployment defaults to standard.
   */
  targetDefaults?: Partial<Record<ConfigKey, OptionValue>>;
  /** Check the location against this cloud (default: any cloud). */
  cloud?: CloudName;
  /**
   * Interactive only: optional values to ask for too when nobody supplied them (the subscription, node
   * size and count, Kubernetes version), offering the default. Asked in the OPTIONS table order. Empty
   * under --yes: a value with a default is then taken, never asked.
   */
  promptFor?: readonly ConfigKey[];
  /** Asks the add-ons among `promptFor` in one question; without it each is asked on its own. */
  choose?: ChooseFn;
}

export type PartialResolvedConfig = Omit<ResolvedConfig, 'subscriptionId'> & { subscriptionId?: string };

export interface ResolveResult {
  config: PartialResolvedConfig;
  sources: Partial<Record<ConfigKey, ValueSource>>;
  /** Optional values nobody supplied that a later stage resolves (the subscription). */
  missing: ConfigKey[];
}

/** Wrong answers allowed per prompt before giving up (a piped stdin would otherwise loop forever). */
const PROMPT_ATTEMPTS = 3;

/**
 * Commander sets `bastion: true` for an untyped `--no-bastion`; that default must not beat env or file.
 * Pass the command: only values whose source is the command line are kept.
 */
export function explicitFlags(command: {
  opts(): Record<string, unknown>;
  getOptionValueSource(key: string): string | undefined;
}): Record<string, unknown> {
  const opts = command.opts();
  return Object.fromEntries(
    CONFIG_KEYS.filter((k) => opts[k] !== undefined && command.getOptionValueSource(k) === 'cli').map((k) => [k, opts[k]]),
  );
}

function parseText(option: ConfigOption, raw: unknown, source: string, problems: ConfigProblem[]): OptionValue | undefined {
  if (typeof raw === 'boolean' || typeof raw === 'number') return raw;
  const parsed = option.parse(Array.isArray(raw) ? raw.join(',') : String(raw));
  if (parsed.ok) return parsed.value;
  problems.push(new ConfigProblem('InvalidValue', [option.key], `${source}: ${parsed.message}`, `Fix ${source}.`));
  return undefined;
}

/**
 * Settings that apply only while one of `on` is on (the rules in pool-rules.ts refuse them otherwise).
 * When a run turns that option off, what the state recorded for them goes with it: `--no-user-pool` on a
 * deployment that has one must not fail because the state still holds the pool's size and zones.
 */
const DEPENDENT_SETTINGS: ReadonlyArray<{ on: ConfigKey[]; settings: ConfigKey[] }> = [
  { on: ['userPool'], settings: ['userPoolVmSize', 'userPoolZones', 'userPoolMinCount', 'userPoolMaxCount'] },
  { on: ['monitoring', 'defender'], settings: ['logAnalyticsWorkspace'] },
  { on: ['azurePolicy'], settings: ['policyBaseline'] },
];

function forgetRecordedDependents(values: Partial<Record<ConfigKey, OptionValue>>, sources: Partial<Record<ConfigKey, ValueSource>>): void {
  for (const { on, settings } of DEPENDENT_SETTINGS) {
    if (on.some((k) => values[k] === true)) continue;
    for (const k of settings) {
      if (sources[k]?.kind !== 'state') continue;
      delete values[k];
      delete sources[k];
    }
  }
}

export async function resolveConfig(input: ResolveInput): Promise<ResolveResult> {
  const problems: ConfigProblem[] = [];
  const values: Partial<Record<ConfigKey, OptionValue>> = {};
  const sources: Partial<Record<ConfigKey, ValueSource>> = {};
  let file: ConfigFileContents | undefined;
  if (input.configFile) {
    file = await readConfigFile(input.configFile);
    problems.push(...file.problems);
  }
  const set = (key: ConfigKey, value: OptionValue | undefined, source: ValueSource) => {
    if (value === undefined || values[key] !== undefined) return;
    values[key] = value;
    sources[key] = source;
  };
  for (const option of OPTIONS) {
    const flagValue = input.flags[option.key];
    if (flagValue !== undefined)
      set(option.key, parseText(option, flagValue, `flag ${option.flag}`, problems), { kind: 'flag', name: option.flag });
    for (const env of [option.env, ...(option.fallbackEnv ?? [])]) {
      const text = input.env[env];
      if (text !== undefined && text.trim() !== '')
        set(option.key, parseText(option, text, `env ${env}`, problems), { kind: 'env', name: env });
    }
    const fileValue = file?.values[option.key as keyof ConfigValues];
    if (file && fileValue !== undefined) {
      const pos = file.positions[option.key];
      set(option.key, fileValue, { kind: 'file', name: pos ? `${file.path} line ${pos.line}` : file.path });
    }
    const stateValue = input.recorded?.values[option.key as keyof ConfigValues];
    if (stateValue !== undefined) set(option.key, stateValue, { kind: 'state', name: input.recorded!.name });
  }
  forgetRecordedDependents(values, sources);
  const derived = derivedDefaults(values as ConfigValues) as Partial<Record<ConfigKey, OptionValue>>;
  for (const option of OPTIONS) {
    const target = input.targetDefaults?.[option.key];
    const value = derived[option.key] ?? target ?? option.default;
    const name = derived[option.key] !== undefined ? 'default (derived)' : target !== undefined ? 'default (this target)' : 'default';
    set(option.key, value, { kind: 'default', name });
  }
  // A typo'd key in the file explains a "missing" value better than the missing-value error does.
  if (problems.length) throw new ConfigInvalidError(problems.map((p) => withSources(p, sources)));

  const missing = OPTIONS.filter((o) => o.required && values[o.key] === undefined);
  const canPrompt = input.interactive && !!input.prompt;
  if (missing.length && !canPrompt) {
    throw new InputRequiredError(missing.map((o) => ({ key: o.key, flag: o.flag, env: o.env, configKey: o.key })));
  }
  // Interactive: the optional values worth a question are asked only when nothing but a default supplied
  // them, and never for a recorded deployment: its state holds the answers given (a default taken, such
  // as the newest Kubernetes version, is an answer too).
  const unsupplied = (o: ConfigOption) =>
    canPrompt &&
    !input.recorded &&
    input.promptFor?.includes(o.key) &&
    (sources[o.key] === undefined || sources[o.key]!.kind === 'default');
  const prompted = (o: ConfigOption) => sources[o.key]?.kind === 'prompt';
  for (const option of OPTIONS) {
    if (prompted(option) || !(missing.includes(option) || unsupplied(option))) continue;
    if (ASKED_ONLY_IF[option.key] && !ASKED_ONLY_IF[option.key]!(values)) continue;
    const together = input.choose ? ADDON_KEYS.map((k) => OPTION_BY_KEY[k]).filter((o) => unsupplied(o)) : [];
    if (together.includes(option)) {
      const on = await input.choose!(
        together,
        together.filter((o) => values[o.key] === true).map((o) => o.key),
        values,
      );
      for (const o of together) {
        values[o.key] = on.includes(o.key);
        sources[o.key] = { kind: 'prompt', name: 'prompt' };
      }
      continue;
    }
    const offered = values[option.key] ?? option.suggest?.(values);
    values[option.key] = await ask(option, input.prompt!, values, offered === undefined ? undefined : String(offered));
    sources[option.key] = { kind: 'prompt', name: 'prompt' };
  }
  if (typeof values.location === 'string') values.location = normalizeLocation(values.location);

  const found = validateConfig(values as ConfigValues, { cloud: input.cloud });
  if (found.length) throw new ConfigInvalidError(found.map((p) => withSources(p, sources)));

  const { subscription, ...rest } = values as ConfigValues;
  const config = { ...rest, ...(subscription !== undefined ? { subscriptionId: subscription } : {}) } as PartialResolvedConfig;
  return { config, sources, missing: subscription === undefined ? ['subscription'] : [] };
}

export async function ask(
  option: ConfigOption,
  prompt: PromptFn,
  known: Partial<Record<ConfigKey, OptionValue>>,
  offered = option.suggest?.(known),
  options?: PromptOptions,
): Promise<OptionValue> {
  let last = '';
  for (let attempt = 0; attempt < PROMPT_ATTEMPTS; attempt++) {
    const answer = await prompt(option, offered, known, options);
    const verdict = option.validator(answer);
    if (verdict === true) {
      const parsed = option.parse(answer);
      if (parsed.ok) return parsed.value;
    } else last = verdict;
  }
  throw new ConfigProblem(
    'InvalidValue',
    [option.key],
    `No valid ${option.key} after ${PROMPT_ATTEMPTS} answers: ${last}`,
    `Pass it with ${option.flag} instead.`,
  );
}

/** Adds where each named value came from, unless it is a plain default. */
function withSources(problem: ConfigProblem, sources: Partial<Record<ConfigKey, ValueSource>>): ConfigProblem {
  const notes = problem.fields
    .filter((f) => f in OPTION_BY_KEY)
    .map((f) => ({ f, s: sources[f as ConfigKey] }))
    .filter(({ s }) => s && s.kind !== 'default' && !problem.message.includes(s.name))
    .map(({ f, s }) => `${f} from ${s!.kind === 'file' ? s!.name : `${s!.kind} ${s!.name}`}`);
  if (notes.length === 0) return problem;
  return new ConfigProblem(problem.code, problem.fields, `${problem.message} (${notes.join('; ')})`, problem.remediation);
}
