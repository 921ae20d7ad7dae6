import { Command } from 'commander';
import { ExitCode } from '../../core/errors.js';
import type { CommandContext } from '../context.js';
import type { PlanOptions } from '../actions/plan.js';
import { addDeployOptions, parseDeployOptions } from './deploy-options.js';
import { addSaveConfigOption, saveConfigOf } from './save-config.js';

export type PlanRun = (options: PlanOptions) => Promise<number>;

const EXAMPLES = `Examples:
  secure-aks plan --emulator -g rg-demo -n aks-demo -l eastus
  secure-aks plan --config secure-aks.yaml -o json    # every step's changes, no writes
  secure-aks plan --config secure-aks.yaml --detailed-exitcode    # exit 0: nothing to do, ${ExitCode.planChanges}: changes
  secure-aks plan --emulator -g rg-demo -n aks-demo -l eastus --save-config secure-aks.yaml
`;

export function planCommand(ctx: CommandContext, run?: PlanRun): Command {
  const cmd = new Command('plan')
    .description('Show what init would create or change, step by step, without changing anything in Azure')
    .addHelpText('before', EXAMPLES)
    .option(
      '--detailed-exitcode',
      `exit ${ExitCode.ok} when there is nothing to change, ${ExitCode.planChanges} when the plan has changes, another code on errors (as terraform plan)`,
    );
  return addDeployOptions(addSaveConfigOption(cmd)).action(async (_o, self: Command) => {
    const options: PlanOptions = {
      ...parseDeployOptions(self, ctx.env),
      ...saveConfigOf(self, ctx.env),
      detailedExitcode: Boolean(self.getOptionValue('detailedExitcode')),
    };
    const runner = run ?? ((o: PlanOptions) => import('../actions/plan.js').then((m) => m.runPlan(ctx, o)));
    ctx.setExit(await runner(options));
  });
}
