import { Command } from 'commander';
import type { StatusOptions } from '../actions/status.js';
import type { CommandContext } from '../context.js';
import { addCommonOptions, addTargetOptions, readCommonOptions, readTargetOptions } from '../flags.js';

export type StatusRun = (options: StatusOptions) => Promise<number>;

const EXAMPLES = `Examples:
  secure-aks status                       # each step's status, last error and drift in Azure
  secure-aks status -o json
  secure-aks status --offline             # the state file only, no Azure calls
  secure-aks status --resume --yes        # continue a failed or interrupted init

A step the state file records as running while no run holds its lock is shown as interrupted (the run
that started it was killed or crashed): continue it with --resume.
`;

export function statusCommand(ctx: CommandContext, run?: StatusRun): Command {
  const cmd = new Command('status')
    .description(
      "Show each step's status from the state file and what drifted in Azure since; --resume continues init with the recorded configuration (and repairs drift)",
    )
    .addHelpText('before', EXAMPLES)
    .option('--resume', 'run init again with the configuration and target recorded in the state file')
    .option('--offline', 'report the state file only; do not check Azure for drift');
  return addTargetOptions(addCommonOptions(cmd)).action(async (_o, self: Command) => {
    const options: StatusOptions = {
      common: readCommonOptions(self, ctx.env),
      target: readTargetOptions(self, ctx.env),
      resume: Boolean(self.getOptionValue('resume')),
      offline: Boolean(self.getOptionValue('offline')),
    };
    const runner = run ?? ((o: StatusOptions) => import('../actions/status.js').then((m) => m.runStatus(ctx, o)));
    ctx.setExit(await runner(options));
  });
}
