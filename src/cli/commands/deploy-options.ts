import type { Command } from 'commander';
import {
  addCommonOptions,
  addConfigOptions,
  addTargetOptions,
  readCommonOptions,
  readConfigFlags,
  readTargetOptions,
  type CommonFlagHelp,
  type CommonOptions,
  type FlagValues,
  type TargetOptions,
} from '../flags.js';

/** The parsed command line of init and plan: what the run function receives (cli/cli Options struct). */
export interface DeployOptions {
  common: CommonOptions;
  target: TargetOptions;
  values: FlagValues;
}

export function addDeployOptions(cmd: Command, help: CommonFlagHelp = {}): Command {
  return addConfigOptions(addTargetOptions(addCommonOptions(cmd, help)));
}

export function parseDeployOptions(cmd: Command, env: NodeJS.ProcessEnv): DeployOptions {
  return { common: readCommonOptions(cmd, env), target: readTargetOptions(cmd, env), values: readConfigFlags(cmd) };
}
