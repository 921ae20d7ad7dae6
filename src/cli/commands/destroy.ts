import { Command } from 'commander';
import type { DestroyOptions } from '../actions/destroy.js';
import type { CommandContext } from '../context.js';
import { addCommonOptions, addTargetOptions, readCommonOptions, readTargetOptions } from '../flags.js';

export type DestroyRun = (options: DestroyOptions) => Promise<number>;

const EXAMPLES = `Examples:
  secure-aks destroy                      # lists what will be deleted, then asks
  secure-aks destroy --yes -o json        # scripts and CI: no prompt, one JSON document
  secure-aks destroy --state other/state.json --yes
`;

export function destroyCommand(ctx: CommandContext, run?: DestroyRun): Command {
  const cmd = new Command('destroy')
    .description(
      'Delete what this deployment created (only resources carrying its secure-aks-deployment tag), in reverse order; keeps and reports everything else. Safe to re-run after a failure',
    )
    .addHelpText('before', EXAMPLES);
  return addTargetOptions(addCommonOptions(cmd)).action(async (_o, self: Command) => {
    const options: DestroyOptions = { common: readCommonOptions(self, ctx.env), target: readTargetOptions(self, ctx.env) };
    const runner = run ?? ((o: DestroyOptions) => import('../actions/destroy.js').then((m) => m.runDestroy(ctx, o)));
    ctx.setExit(await runner(options));
  });
}
