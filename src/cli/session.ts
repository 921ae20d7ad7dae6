import type { ChalkInstance } from 'chalk';
import { createArmRecorder, type ArmRecorder } from '../azure/record-policy.js';
import type { ConfigOption } from '../config/options.js';
import type { PromptFn } from '../config/resolve.js';
import { colorEnabled, makeChalk } from '../io/color.js';
import { createIoHost } from '../io/create.js';
import type { IoHost } from '../io/host.js';
import type { CommandContext } from './context.js';
import type { CommonOptions } from './flags.js';

/** Per-command plumbing: the io host (prompts + progress on stderr) and the colours for stdout. */
export interface Session {
  io: IoHost;
  /** Colours for text written to stdout (decided for stdout, which may be a pipe while stderr is not). */
  chalk: ChalkInstance;
  /** Colours for text written to stderr. */
  errChalk: ChalkInstance;
  /** --record: the cassette every SDK client of this command writes to. */
  recorder?: ArmRecorder;
}

export function openSession(ctx: CommandContext, common: CommonOptions): Session {
  const noColor = !common.color;
  const stderr = ctx.stderr ?? process.stderr;
  return {
    io: createIoHost({ nonInteractive: common.nonInteractive, verbose: common.verbose, noColor, env: ctx.env, stream: stderr }),
    chalk: makeChalk(colorEnabled({ noColorFlag: noColor, env: ctx.env, isTTY: process.stdout.isTTY })),
    errChalk: makeChalk(colorEnabled({ noColorFlag: noColor, env: ctx.env, isTTY: stderr.isTTY })),
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
