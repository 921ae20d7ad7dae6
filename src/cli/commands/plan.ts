import { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addDeployOptions, parseDeployOptions, type DeployOptions } from './deploy-options.js';

export type PlanRun = (options: DeployOptions) => Promise<number>;

const EXAMPLES = `Examples:
  secure-aks plan --emulator -g rg-demo -n aks-demo -l eastus
  secure-aks plan --config secure-aks.yaml -o json    # every step's changes, no writes
`;

export function planCommand(ctx: CommandContext, run?: PlanRun): Command {
  const cmd = new Command('plan')
    .description('Show what init would create or change, step by step, without changing anything in Azure')
    .addHelpText('before', EXAMPLES);
  return addDeployOptions(cmd).action(async (_o, self: Command) => {
    const options = parseDeployOptions(self, ctx.env);
    const runner = run ?? ((o: DeployOptions) => import('../actions/plan.js').then((m) => m.runPlan(ctx, o)));
    ctx.setExit(await runner(options));
  });
}
