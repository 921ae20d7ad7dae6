import { Option, type Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { OPTIONS } from '../config/options.js';
import { CLOUDS, type CloudName } from '../config/regions.js';
import { refuseCredentialsInEndpoint, refuseCredentialsInState } from '../state/credential-refusal.js';

export type OutputFormat = 'text' | 'json';

/** Flags every command that touches a deployment accepts (README "Flags"). */
export interface CommonOptions {
  /** A file path, or a shared blob state `az://<account>/<container>/<path>`. */
  state: string;
  /** --state-endpoint: the blob service of an az:// state, instead of the cloud's (e.g. Azurite). */
  stateEndpoint?: string;
  /** --state-ca: CA certificate to trust for --state-endpoint. */
  stateCa?: string;
  output: OutputFormat;
  yes: boolean;
  nonInteractive: boolean;
  verbose: boolean;
  config?: string;
  color: boolean;
  /** --record <dir>: write the run's ARM traffic, sanitized, as a cassette there. */
  record?: string;
  /** The command's name (the cassette file is named after it). */
  commandName?: string;
}

/** Where to send ARM calls; all absent = reuse what the state file recorded, else real Azure. */
export interface TargetOptions {
  emulator: boolean;
  armEndpoint?: string;
  armCa?: string;
  cloud?: CloudName;
}

/** Configuration values given as flags on this command line (env and file are read by src/config). */
export type FlagValues = Record<string, unknown>;

export const DEFAULT_STATE = '.secure-aks/state.json';

const envName = (flag: string) => `SECURE_AKS_${flag.replace(/^--/, '').replace(/-/g, '_').toUpperCase()}`;
const withEnv = (text: string, flag: string) => `${text} (env ${envName(flag)})`;

/**
 * How a command shows a common flag: its own help text where the flag means something narrower there,
 * or `hidden` where it means nothing. A hidden flag is still accepted, so one set of common flags works
 * on every command (scripts pass them everywhere); it just does not crowd that command's help.
 */
export type CommonFlagHelp = Partial<Record<'yes' | 'nonInteractive' | 'config', string | 'hidden'>>;

function commonOption(flags: string, text: string, flag: string, help: string | undefined): Option {
  const option = new Option(flags, withEnv(help === undefined || help === 'hidden' ? text : help, flag));
  return help === 'hidden' ? option.hideHelp() : option;
}

export function addCommonOptions(cmd: Command, help: CommonFlagHelp = {}): Command {
  // Where a --config file is read, it may say where the state is (src/cli/state-config.ts).
  const stateHelp = (text: string, flag: string, key: string) =>
    help.config === 'hidden' ? withEnv(text, flag) : withEnv(text, flag).replace(/\)$/, `; config ${key})`);
  return cmd
    .option(
      '--state <file|url>',
      stateHelp(
        `state file of this deployment (default ${DEFAULT_STATE}), or a shared blob az://<account>/<container>/<path>`,
        '--state',
        'state',
      ),
    )
    .option(
      '--state-endpoint <url>',
      stateHelp("blob service for an az:// state instead of the cloud's, e.g. Azurite", '--state-endpoint', 'stateEndpoint'),
    )
    .option('--state-ca <pem-file>', stateHelp('CA certificate to trust for --state-endpoint', '--state-ca', 'stateCa'))
    .addOption(new Option('-o, --output <format>', withEnv('result format on stdout: text or json', '--output')).choices(['text', 'json']))
    .addOption(commonOption('-y, --yes', 'accept the plan without asking', '--yes', help.yes))
    .addOption(
      commonOption(
        '--non-interactive',
        'never prompt; a missing value is an error naming what supplies it',
        '--non-interactive',
        help.nonInteractive,
      ),
    )
    .option('-v, --verbose', withEnv('log every ARM call (method, path, status, correlation id, time) and stack traces', '--verbose'))
    .addOption(commonOption('--config <file>', 'configuration file, YAML or JSON (keys as in the flag help)', '--config', help.config))
    .option('--record <dir>', withEnv('write the ARM traffic, sanitized, as a replayable cassette in <dir>', '--record'))
    .option('--no-color', 'plain output without colours (also NO_COLOR, TERM=dumb, or when not a terminal)');
}

export function addTargetOptions(cmd: Command): Command {
  return cmd
    .option('--emulator', withEnv('use the embedded ARM emulator; its data lives beside the state file', '--emulator'))
    .option('--arm-endpoint <url>', withEnv('another ARM endpoint, e.g. a separately started `secure-aks emulator`', '--arm-endpoint'))
    .option('--arm-ca <pem-file>', withEnv('CA certificate to trust for --arm-endpoint', '--arm-ca'))
    .addOption(new Option('--cloud <name>', withEnv('Azure cloud (default AzureCloud)', '--cloud')).choices([...CLOUDS]));
}

/** One commander option per row of the config OPTIONS table; help names the env var and config key. */
export function addConfigOptions(cmd: Command): Command {
  for (const o of OPTIONS) {
    const flags = `${o.short ? `${o.short}, ` : ''}${o.flag}${o.argument ? ` ${o.argument}` : ''}`;
    const envs = [o.env, ...(o.fallbackEnv ?? [])].join(' or ');
    // An empty list (zones, tags) is shown as the word, not as nothing.
    const shown = Array.isArray(o.default) && o.default.length === 0 ? 'none' : o.default;
    const dflt = o.default !== undefined && !o.negated ? `; default ${shown}` : '';
    const option = new Option(
      flags,
      `${o.description} (env ${envs}${o.type === 'list' ? ', comma-separated' : ''}; config ${o.key}${dflt})`,
    );
    // A list flag repeats: `--adopt a --adopt b` collects both.
    if (o.type === 'list') option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
    cmd.addOption(option);
    // `--no-monitoring` turns a recorded add-on off again; commander stores both under one key.
    if (o.offFlag) cmd.addOption(new Option(o.offFlag, `turn ${o.flag} off on an existing deployment`));
  }
  return cmd;
}

const TRUE = /^(1|true|yes|on)$/i;
const FALSE = /^(0|false|no|off|)$/i;

function envBool(env: NodeJS.ProcessEnv, flag: string): boolean | undefined {
  const v = env[envName(flag)];
  if (v === undefined) return undefined;
  if (TRUE.test(v)) return true;
  if (FALSE.test(v)) return false;
  throw new UsageError('InvalidEnvValue', `${envName(flag)}="${v}" is not a yes/no value.`, `Set ${envName(flag)} to true or false.`);
}

/** flag given on the command line > env var > config file (the state keys, src/cli/state-config.ts) > default. */
function pick<T>(cmd: Command, key: string, env: NodeJS.ProcessEnv, flag: string, parse: (v: string) => T = (v) => v as T): T | undefined {
  if (cmd.getOptionValueSource(key) === 'cli') return cmd.getOptionValue(key) as T;
  const v = env[envName(flag)];
  if (v !== undefined && v !== '') return parse(v);
  return cmd.getOptionValueSource(key) === 'config' ? (cmd.getOptionValue(key) as T) : undefined;
}

/** The --config file of a command that reads one (init, plan); commands that hide --config ignore it. */
export function configFileOf(cmd: Command, env: NodeJS.ProcessEnv): string | undefined {
  const option = cmd.options.find((o) => o.attributeName() === 'config');
  if (!option || option.hidden || !cmd.options.some((o) => o.attributeName() === 'state')) return undefined;
  return pick<string>(cmd, 'config', env, '--config');
}

function boolOpt(cmd: Command, key: string, env: NodeJS.ProcessEnv, flag: string): boolean {
  if (cmd.getOptionValueSource(key) === 'cli') return Boolean(cmd.getOptionValue(key));
  return envBool(env, flag) ?? false;
}

export function readCommonOptions(cmd: Command, env: NodeJS.ProcessEnv = process.env): CommonOptions {
  const output = pick<string>(cmd, 'output', env, '--output') ?? 'text';
  if (output !== 'text' && output !== 'json') {
    throw new UsageError('InvalidOutputFormat', `Output format "${output}" is not text or json.`, 'Use -o text or -o json.');
  }
  const noColorEnv = envBool(env, '--no-color');
  const state = pick<string>(cmd, 'state', env, '--state') ?? DEFAULT_STATE;
  const stateEndpoint = pick<string>(cmd, 'stateEndpoint', env, '--state-endpoint');
  // Before anything repeats or uses them: a key or SAS in either is refused without being shown.
  refuseCredentialsInState(state);
  refuseCredentialsInEndpoint(stateEndpoint);
  return {
    state,
    stateEndpoint,
    stateCa: pick<string>(cmd, 'stateCa', env, '--state-ca'),
    output,
    yes: boolOpt(cmd, 'yes', env, '--yes'),
    nonInteractive: boolOpt(cmd, 'nonInteractive', env, '--non-interactive'),
    verbose: boolOpt(cmd, 'verbose', env, '--verbose'),
    config: pick<string>(cmd, 'config', env, '--config'),
    record: pick<string>(cmd, 'record', env, '--record'),
    commandName: cmd.name(),
    color: cmd.getOptionValueSource('color') === 'cli' ? Boolean(cmd.getOptionValue('color')) : !noColorEnv,
  };
}

export function readTargetOptions(cmd: Command, env: NodeJS.ProcessEnv = process.env): TargetOptions {
  const cloud = pick<string>(cmd, 'cloud', env, '--cloud');
  if (cloud !== undefined && !CLOUDS.includes(cloud as CloudName)) {
    throw new UsageError('InvalidCloud', `Cloud "${cloud}" is not one of ${CLOUDS.join(', ')}.`, `Use --cloud ${CLOUDS.join('|')}.`);
  }
  const armEndpoint = pick<string>(cmd, 'armEndpoint', env, '--arm-endpoint');
  if (armEndpoint !== undefined && !/^https:\/\/[^/]+/i.test(armEndpoint)) {
    throw new UsageError(
      'InvalidArmEndpoint',
      `--arm-endpoint "${armEndpoint}" is not an https:// URL.`,
      'Azure SDK clients only talk HTTPS: pass e.g. https://127.0.0.1:8443.',
    );
  }
  return {
    emulator: boolOpt(cmd, 'emulator', env, '--emulator'),
    armEndpoint,
    armCa: pick<string>(cmd, 'armCa', env, '--arm-ca'),
    cloud: cloud as CloudName | undefined,
  };
}

/**
 * Configuration values typed on this command line, as text; src/config parses them together with env
 * vars and the config file so every problem is reported at once, naming where each value came from.
 */
export function readConfigFlags(cmd: Command): FlagValues {
  // Only what was typed: commander's implied `bastion: true` for an unused --no-bastion must not beat env or file.
  // Commander names a value after its flag (`--tag` -> tag); the configuration names it by key (tags).
  const attribute = (o: (typeof OPTIONS)[number]) => cmd.options.find((c) => c.long === o.flag)?.attributeName() ?? o.key;
  return Object.fromEntries(
    OPTIONS.filter((o) => cmd.getOptionValueSource(attribute(o)) === 'cli').map((o) => [o.key, cmd.getOptionValue(attribute(o))]),
  );
}
