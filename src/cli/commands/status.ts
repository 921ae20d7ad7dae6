import { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addCommonOptions, addTargetOptions, readCommonOptions, readTargetOptions, type CommonOptions, type TargetOptions } from '../flags.js';

export interface StatusOptions {
  common: CommonOptions;
  target: TargetOptions;
  resume: boolean;
}

export type StatusRun = (options: StatusOptions) => Promise<number>;

const EXAMPLES = `Examples:
  secure-aks status                       # each step's status and last error
  secure-aks status -o json
  secure-aks status --resume --yes        # continue a failed or interrupted init
`;

export function statusCommand(ctx: CommandContext, run?: StatusRun): Command {
  const cmd = new Command('status')
    .description("Show each step's status from the state file; --resume continues init with the recorded configuration")
    .addHelpText('before', EXAMPLES)
    .option('--resume', 'run init again with the configuration and target recorded in the state file');
  return addTargetOptions(addCommonOptions(cmd)).action(async (_o, self: Command) => {
    const options: StatusOptions = {
      common: readCommonOptions(self, ctx.env),
      target: readTargetOptions(self, ctx.env),
      resume: Boolean(self.getOptionValue('resume')),
    };
    const runner = run ?? ((o: StatusOptions) => import('../actions/status.js').then((m) => m.runStatus(ctx, o)));
    ctx.setExit(await runner(options));
  });
}
