import { isAbsolute, relative } from 'node:path';
import type { ChalkInstance } from 'chalk';
import type { ResolvedConfig } from '../../config/types.js';
import { resourceNames } from '../../config/names.js';
import { configWarnings } from './config-warnings.js';
import { JUMPHOST_ADMIN } from '../../steps/desired/vm-jumphost.js';
import { fitLines, wrapCommand } from '../../io/wrap.js';
import { outputColumns, type Output } from './output.js';

/**
 * After a finished init: how to reach a cluster whose API server has no public address. Through Bastion
 * to the jumphost (key path included), through the runCommand API, or from a machine with line of
 * sight to the private endpoint with Entra ID sign-in (kubelogin).
 */
/** The key path as short as it is unambiguous: relative to the working directory when below it. */
function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

export function renderAccessSummary(output: Output, c: ChalkInstance, config: ResolvedConfig, keyPath: string): void {
  const n = resourceNames(config);
  const rg = config.resourceGroup;
  const sub = config.subscriptionId;
  const vmId = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${n.jumphostVm}`;
  const width = outputColumns(output, 'out');
  // Prose wraps at words; a command breaks between arguments with \ so it still pastes as one.
  const say = (text: string) => fitLines([text], width);
  const run = (command: string) => wrapCommand('    ', command, width);
  const lines = ['', ...say(c.bold(`How to reach cluster ${n.cluster} (its API server is private):`))];
  if (config.bastion && config.jumphost) {
    lines.push(
      ...say('  SSH to the jumphost through Bastion (kubectl, kubelogin and the Azure CLI are installed there):'),
      ...run(
        `az network bastion ssh --name ${n.bastion} --resource-group ${rg} --target-resource-id ${vmId} --auth-type ssh-key --username ${JUMPHOST_ADMIN} --ssh-key ${shownPath(keyPath)}`,
      ),
    );
  }
  lines.push(
    ...say('  Run kubectl without network line of sight (the runCommand API):'),
    ...run(`az aks command invoke --resource-group ${rg} --name ${n.cluster} --command "kubectl get nodes"`),
    ...say(`  From the jumphost or a peered network, with Entra ID sign-in:`),
    ...run(`az aks get-credentials --resource-group ${rg} --name ${n.cluster} --subscription ${sub}`),
    ...run('kubelogin convert-kubeconfig -l azurecli'),
    ...run('kubectl get nodes'),
  );
  for (const w of configWarnings(config)) lines.push(...say(`${c.yellow('Warning:')} ${w}`));
  output.out(lines.join('\n'));
}
