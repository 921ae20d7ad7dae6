import { Command } from 'commander';
import type { StatusOptions } from '../actions/status.js';
import type { CommandContext } from '../context.js';
import { addCommonOptions, addTargetOptions, readCommonOptions, readTargetOptions } from '../flags.js';

export type StatusRun = (options: StatusOptions) => Promise<number>;

const EXAMPLES = `Examples:
  secure-aks status                       # each step's status, what exists, last error and drift in Azure
  secure-aks status -o json
  secure-aks status --offline             # the state file only, no Azure calls
  secure-aks status --resume --yes        # continue a failed or interrupted init

A step the state file records as running while no run holds its lock is shown as interrupted (the run
that started it was killed or crashed): continue it with --resume.

Exit codes (the worst finding wins; -o json also says it as "exitReason"):
  0   healthy: every step done or skipped, and no drift found (--offline: Azure not asked)
  11  failed: a step failed
  12  interrupted: a step is recorded running but no run holds the lock
  13  drifted: Azure no longer matches a done step (only when drift was checked, not with --offline)
  14  incomplete: steps are pending (never run, still running, cancelled with Ctrl-C, or destroyed)
  2-5, 130 as for every command; with --resume, init's codes
`;

export function statusCommand(ctx: CommandContext, run?: StatusRun): Command {
  const cmd = new Command('status')
    .description(
      "Show each step's status, what the steps recorded they built (FQDN, IPs, jumphost) and what drifted in Azure since; exits 0 only when the deployment is healthy (11 failed, 12 interrupted, 13 drifted, 14 incomplete); --resume continues init with the recorded configuration (and repairs drift)",
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
