import { Chalk, supportsColor, type ChalkInstance } from 'chalk';

export interface ColorInputs {
  /** --no-color given. */
  noColorFlag?: boolean;
  env?: NodeJS.ProcessEnv;
  isTTY?: boolean;
}

/**
 * chalk deliberately ignores NO_COLOR, so we decide ourselves: no colour with --no-color, NO_COLOR set
 * (any non-empty value, per no-color.org), TERM=dumb, or a stream that is not a terminal.
 */
export function colorEnabled({ noColorFlag, env = process.env, isTTY }: ColorInputs): boolean {
  if (noColorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return Boolean(isTTY);
}

/** The chalk for writing to `stream`: colour only when colorEnabled says so for that stream. */
export function chalkFor(stream: { isTTY?: boolean }, noColorFlag: boolean | undefined, env?: NodeJS.ProcessEnv): ChalkInstance {
  return makeChalk(colorEnabled({ noColorFlag, env, isTTY: stream.isTTY }));
}

export function makeChalk(enabled: boolean): ChalkInstance {
  const level = enabled ? Math.max(1, supportsColor ? supportsColor.level : 1) : 0;
  return new Chalk({ level: level as 0 | 1 | 2 | 3 });
}
