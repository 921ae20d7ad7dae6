import { Command } from 'commander';
import type { StatusOptions } from '../actions/status.js';
import type { CommandContext } from '../context.js';
import { addCommonOptions, addTargetOptions, readCommonOptions, readTargetOptions } from '../flags.js';
import { EXIT, examplesHelp, exitCodesHelp } from './help-sections.js';

export type StatusRun = (options: StatusOptions) => Promise<number>;

const NOTE =
  '\nA step the state file records as running while no run holds its lock is shown as interrupted (the run that started it was killed or crashed): continue it with --resume.';

const EXAMPLES = examplesHelp([
  ["each step's status, what exists, last error and drift in Azure", 'secure-aks status'],
  ['the same as one JSON document', 'secure-aks status -o json'],
  ['the state file only, no Azure calls', 'secure-aks status --offline'],
  ['continue a failed or interrupted init without asking', 'secure-aks status --resume --yes'],
]);

const EXIT_CODES = exitCodesHelp([
  [0, 'healthy: every step done or skipped and no drift found (--offline: Azure not asked; with --resume: the resumed run finished)'],
  [1, 'with --resume: a step failed again (without it, Azure out of reach is 13: drift unchecked)'],
  EXIT.usage,
  [3, 'with --resume: input required in non-interactive mode'],
  EXIT.auth,
  [5, 'with --resume: another run holds the state lock'],
  [11, 'a step is recorded failed (the worst finding wins; -o json says it as "exitReason")'],
  [12, 'a step was interrupted (its run was killed or crashed)'],
  [13, 'Azure no longer matches a done step (drift), or a drift check could not run (not with --offline)'],
  [14, 'steps are still pending (never run, cancelled or destroyed)'],
  [130, 'interrupted (Ctrl-C) or, with --resume, declined at the confirmation'],
]);

export function statusCommand(ctx: CommandContext, run?: StatusRun): Command {
  const cmd = new Command('status')
    .description(
      "Show each step's status, what the steps recorded they built (FQDN, IPs, jumphost) and what drifted in Azure since; exits 0 only when the deployment is healthy (11 failed, 12 interrupted, 13 drifted, 14 incomplete); --resume continues init with the recorded configuration (and repairs drift)",
    )
    .addHelpText('after', NOTE)
    .addHelpText('after', EXAMPLES)
    .addHelpText('after', EXIT_CODES)
    .option('--resume', 'run init again with the configuration and target recorded in the state file')
    .option('--offline', 'report the state file only; do not check Azure for drift');
  // Without --resume status only reads: accepting, prompting and a config file mean something only with it.
  const common = addCommonOptions(cmd, {
    yes: 'with --resume: accept the plan without asking',
    nonInteractive: 'with --resume: never prompt; a missing value is an error naming what supplies it',
    config: 'hidden',
  });
  return addTargetOptions(common).action(async (_o, self: Command) => {
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
