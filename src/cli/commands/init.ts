import { Command } from 'commander';
import type { InitOptions } from '../actions/init.js';
import type { CommandContext } from '../context.js';
import { addDeployOptions, parseDeployOptions } from './deploy-options.js';
import { EXIT, examplesHelp, exitCodesHelp } from './help-sections.js';
import { addSaveConfigOption, saveConfigOf } from './save-config.js';
import { addCreateStateAccountOption, createStateAccountOf } from './create-state-account.js';

export type InitRun = (options: InitOptions) => Promise<number>;

const EXAMPLES = examplesHelp([
  ['asks for each missing value, pickers filled from Azure', 'secure-aks init'],
  ['everything on the local emulator, no questions', 'secure-aks init --emulator -g rg-demo -n aks-demo -l eastus --yes'],
  ['answer once interactively, reuse in CI', 'secure-aks init --save-config secure-aks.yaml'],
  ['CI: no prompt, one JSON document on stdout', 'secure-aks init --non-interactive --yes --config secure-aks.yaml -o json'],
  [
    'production options: Premium tier, zones, autoscaler, a user pool, add-ons, tags, an upgrade window',
    'secure-aks init --subscription <id> -g rg-prod -n aks-prod -l westeurope --tier premium --zones 1,2,3 --node-min-count 2 --node-max-count 5 --user-pool --monitoring --azure-policy --key-vault --tag env=prod --auto-upgrade-window "Sunday 02:00 4h"',
  ],
  ['without the test deployment', 'secure-aks init --subscription <id> -g rg-prod -n aks-prod -l westeurope --no-test-deployment'],
]);

const EXIT_CODES = exitCodesHelp([EXIT.ok, EXIT.stepFailed, EXIT.usage, EXIT.inputRequired, EXIT.auth, EXIT.locked, EXIT.interrupted]);

export function initCommand(ctx: CommandContext, run?: InitRun): Command {
  const cmd = new Command('init')
    .description(
      'Build the private, locked-down AKS cluster: preflight, then all ten steps, checking Azure first and applying only differences',
    )
    .addHelpText('after', EXAMPLES)
    .addHelpText('after', EXIT_CODES);
  return addDeployOptions(addCreateStateAccountOption(addSaveConfigOption(cmd))).action(async (_o, self: Command) => {
    const options: InitOptions = {
      ...parseDeployOptions(self, ctx.env),
      ...saveConfigOf(self, ctx.env),
      ...createStateAccountOf(self, ctx.env),
    };
    const runner = run ?? ((o: InitOptions) => import('../actions/init.js').then((m) => m.runInit(ctx, o)));
    ctx.setExit(await runner(options));
  });
}
