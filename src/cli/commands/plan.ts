import { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addDeployOptions, parseDeployOptions, type DeployOptions } from './deploy-options.js';
import { EXIT, examplesHelp, exitCodesHelp } from './help-sections.js';

export type PlanRun = (options: DeployOptions) => Promise<number>;

const EXAMPLES = examplesHelp([
  ['what init would do on the local emulator', 'secure-aks plan --emulator -g rg-demo -n aks-demo -l eastus'],
  ["every step's changes as one JSON document, no writes", 'secure-aks plan --config secure-aks.yaml -o json'],
]);

const EXIT_CODES = exitCodesHelp([
  [0, 'the plan was made (with --detailed-exitcode: and it has no changes)'],
  EXIT.stepFailed,
  EXIT.usage,
  EXIT.inputRequired,
  EXIT.auth,
  [10, 'with --detailed-exitcode: the plan has changes to apply'],
  [130, 'interrupted (Ctrl-C)'],
]);

export function planCommand(ctx: CommandContext, run?: PlanRun): Command {
  const cmd = new Command('plan')
    .description('Show what init would create or change, step by step, without changing anything in Azure')
    .addHelpText('after', EXAMPLES)
    .addHelpText('after', EXIT_CODES);
  // plan never asks to accept anything: --yes is accepted (a common flag) but not offered.
  return addDeployOptions(cmd, { yes: 'hidden' }).action(async (_o, self: Command) => {
    const options = parseDeployOptions(self, ctx.env);
    const runner = run ?? ((o: DeployOptions) => import('../actions/plan.js').then((m) => m.runPlan(ctx, o)));
    ctx.setExit(await runner(options));
  });
}
