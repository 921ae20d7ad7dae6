import { Command } from 'commander';
import { ExitCode } from '../../core/errors.js';
import type { CommandContext } from '../context.js';
import type { PlanOptions } from '../actions/plan.js';
import { addDeployOptions, parseDeployOptions } from './deploy-options.js';
import { EXIT, examplesHelp, exitCodesHelp } from './help-sections.js';
import { addSaveConfigOption, saveConfigOf } from './save-config.js';
import { addCreateStateAccountOption, createStateAccountOf } from './create-state-account.js';

export type PlanRun = (options: PlanOptions) => Promise<number>;

const EXAMPLES = examplesHelp([
  ['what init would do on the local emulator', 'secure-aks plan --emulator -g rg-demo -n aks-demo -l eastus'],
  ["every step's changes as one JSON document, no writes", 'secure-aks plan --config secure-aks.yaml -o json'],
  [
    'in a script: exit 0 when nothing would change, 10 when something would',
    'secure-aks plan --config secure-aks.yaml --detailed-exitcode',
  ],
  [
    'save the answers for later runs, the Kubernetes version pinned',
    'secure-aks plan --emulator -g rg-demo -n aks-demo -l eastus --save-config secure-aks.yaml',
  ],
]);

const EXIT_CODES = exitCodesHelp([
  [0, 'the plan was made (with --detailed-exitcode: and it has no changes)'],
  EXIT.stepFailed,
  EXIT.usage,
  EXIT.inputRequired,
  EXIT.auth,
  [5, "another run holds the embedded emulator's data"],
  [ExitCode.planChanges, 'with --detailed-exitcode: the plan has changes to apply'],
  [130, 'interrupted (Ctrl-C)'],
]);

export function planCommand(ctx: CommandContext, run?: PlanRun): Command {
  const cmd = new Command('plan')
    .description('Show what init would create or change, step by step, without changing anything in Azure')
    .addHelpText('after', EXAMPLES)
    .addHelpText('after', EXIT_CODES)
    .option(
      '--detailed-exitcode',
      `exit ${ExitCode.ok} when there is nothing to change, ${ExitCode.planChanges} when the plan has changes, another code on errors (as terraform plan)`,
    );
  // plan never asks to accept anything: --yes is accepted (a common flag) but not offered.
  return addDeployOptions(addCreateStateAccountOption(addSaveConfigOption(cmd)), { yes: 'hidden' }).action(async (_o, self: Command) => {
    const options: PlanOptions = {
      ...parseDeployOptions(self, ctx.env),
      ...saveConfigOf(self, ctx.env),
      ...createStateAccountOf(self, ctx.env),
      detailedExitcode: Boolean(self.getOptionValue('detailedExitcode')),
    };
    const runner = run ?? ((o: PlanOptions) => import('../actions/plan.js').then((m) => m.runPlan(ctx, o)));
    ctx.setExit(await runner(options));
  });
}
