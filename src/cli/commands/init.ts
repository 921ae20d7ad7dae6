import { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addDeployOptions, parseDeployOptions, type DeployOptions } from './deploy-options.js';

export type InitRun = (options: DeployOptions) => Promise<number>;

const EXAMPLES = `Examples:
  secure-aks init                                    # asks for each missing value
  secure-aks init --emulator -g rg-demo -n aks-demo -l eastus --yes
  secure-aks init --non-interactive --yes --config secure-aks.yaml -o json
  secure-aks init --subscription <id> -g rg-prod -n aks-prod -l westeurope --no-test-deployment
`;

export function initCommand(ctx: CommandContext, run?: InitRun): Command {
  const cmd = new Command('init')
    .description('Build the private, locked-down AKS cluster: all ten steps, checking Azure first and applying only differences')
    .addHelpText('before', EXAMPLES);
  return addDeployOptions(cmd).action(async (_o, self: Command) => {
    const options = parseDeployOptions(self, ctx.env);
    const runner = run ?? ((o: DeployOptions) => import('../actions/init.js').then((m) => m.runInit(ctx, o)));
    ctx.setExit(await runner(options));
  });
}
