import { Command } from 'commander';
import type { DestroyOptions } from '../actions/destroy.js';
import type { CommandContext } from '../context.js';
import { addCommonOptions, addTargetOptions, readCommonOptions, readTargetOptions } from '../flags.js';
import { EXIT, examplesHelp, exitCodesHelp } from './help-sections.js';

export type DestroyRun = (options: DestroyOptions) => Promise<number>;

const EXAMPLES = examplesHelp([
  ['lists what will be deleted, then asks', 'secure-aks destroy'],
  ['scripts and CI: no prompt, one JSON document', 'secure-aks destroy --yes -o json'],
  ['another deployment', 'secure-aks destroy --state other/state.json --yes'],
]);

const EXIT_CODES = exitCodesHelp([
  [0, 'everything of this deployment is deleted (or nothing was left)'],
  [1, 'a deletion failed; what is deleted stays deleted, run destroy again after fixing the cause'],
  EXIT.usage,
  [3, 'confirmation required: pass --yes where no one can answer'],
  EXIT.auth,
  EXIT.locked,
  EXIT.interrupted,
]);

export function destroyCommand(ctx: CommandContext, run?: DestroyRun): Command {
  const cmd = new Command('destroy')
    .description(
      'Delete what this deployment created (only resources carrying its secure-aks-deployment tag), in reverse order; keeps and reports everything else. Safe to re-run after a failure',
    )
    .addHelpText('after', EXAMPLES)
    .addHelpText('after', EXIT_CODES);
  // destroy works from the state file alone: a configuration file would change nothing.
  return addTargetOptions(addCommonOptions(cmd, { yes: 'delete without asking', config: 'hidden' })).action(async (_o, self: Command) => {
    const options: DestroyOptions = { common: readCommonOptions(self, ctx.env), target: readTargetOptions(self, ctx.env) };
    const runner = run ?? ((o: DestroyOptions) => import('../actions/destroy.js').then((m) => m.runDestroy(ctx, o)));
    ctx.setExit(await runner(options));
  });
}
