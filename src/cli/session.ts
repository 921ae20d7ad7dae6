import type { ChalkInstance } from 'chalk';
import { createArmRecorder, type ArmRecorder } from '../azure/record-policy.js';
import type { ConfigOption } from '../config/options.js';
import type { PromptFn } from '../config/resolve.js';
import { chalkFor } from '../io/color.js';
import { createIoHost } from '../io/create.js';
import type { IoHost } from '../io/host.js';
import type { CommandContext } from './context.js';
import type { CommonOptions } from './flags.js';

/** Colours decided per stream: stdout may be a pipe while stderr is a terminal. */
export interface Colors {
  /** Colours for text written to stdout. */
  chalk: ChalkInstance;
  /** Colours for text written to stderr. */
  errChalk: ChalkInstance;
}

/** Per-command plumbing: the io host (prompts + progress on stderr) and the colours of both streams. */
export interface Session extends Colors {
  io: IoHost;
  /** --record: the cassette every SDK client of this command writes to. */
  recorder?: ArmRecorder;
}

/** The flags a session is built from. */
export type SessionOptions = Pick<CommonOptions, 'nonInteractive' | 'verbose' | 'color' | 'record' | 'commandName'>;

/** `color` false: --no-color (NO_COLOR, TERM=dumb and a stream that is not a terminal turn colours off too). */
export function streamColors(env: NodeJS.ProcessEnv, color: boolean, stderr: NodeJS.WriteStream = process.stderr): Colors {
  return {
    chalk: chalkFor(process.stdout, !color, env),
    errChalk: chalkFor(stderr, !color, env),
  };
}

export function openSession(ctx: CommandContext, common: SessionOptions): Session {
  const stderr = ctx.stderr ?? process.stderr;
  return {
    io: createIoHost({
      nonInteractive: common.nonInteractive,
      verbose: common.verbose,
      noColor: !common.color,
      env: ctx.env,
      stream: stderr,
    }),
    ...streamColors(ctx.env, common.color, stderr),
    ...(common.record ? { recorder: createArmRecorder({ dir: common.record, command: common.commandName ?? 'secure-aks' }) } : {}),
  };
}

/** Config prompts go through the io host, so interactive and non-interactive share one path. */
export function promptThrough(io: IoHost): PromptFn {
  return (option: ConfigOption, defaultValue: string | undefined) =>
    io.requestResponse({
      kind: 'input',
      code: `config.${option.key}`,
      message: `${option.description[0].toUpperCase()}${option.description.slice(1)}:`,
      default: defaultValue,
      validate: (text: string) => {
        const verdict = option.validator(text);
        return verdict === true ? undefined : verdict;
      },
      source: { key: option.key, flag: option.flag, env: option.env, configKey: option.key },
    });
}
