import { isAbsolute, relative } from 'node:path';
import type { ChalkInstance } from 'chalk';
import type { ResolvedConfig } from '../../config/types.js';
import { resourceNames } from '../../config/names.js';
import { configWarnings } from './config-warnings.js';
import { JUMPHOST_ADMIN } from '../../steps/desired/vm-jumphost.js';
import { fitLines, hang, wrapCommand } from '../../io/wrap.js';
import { DEFAULT_STATE } from '../flags.js';
import { outputColumns, type Output } from './output.js';
import { KEY_ELSEWHERE, keyOnThisMachine, ownKeyCommands } from './jumphost-key-elsewhere.js';

/** The key path as short as it is unambiguous: relative to the working directory when below it. */
export function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** SSH to the jumphost through Bastion's native-client tunnel (Bastion Standard with tunnelling, step 8). */
export function bastionSshCommand(o: { bastion: string; resourceGroup: string; vmId: string; keyFile: string }): string {
  return `az network bastion ssh --name ${o.bastion} --resource-group ${o.resourceGroup} --target-resource-id ${o.vmId} --auth-type ssh-key --username ${JUMPHOST_ADMIN} --ssh-key ${shownPath(o.keyFile)}`;
}

/** `--state <file>` for a command to repeat, or nothing when the file is the default one. */
export function stateFlag(stateFile: string): string {
  return stateFile === DEFAULT_STATE ? '' : ` --state ${stateFile}`;
}

/**
 * After a finished init: how to reach a cluster whose API server has no public address, then what to run
 * next. Through Bastion to the jumphost (key path included) when both were built; always through the
 * runCommand API (`az aks command invoke`, what the health step itself uses); and from a machine with line of
 * sight to the private endpoint with Entra ID sign-in (kubelogin). A deployment without the jumphost or
 * without Bastion gets no jumphost or Bastion wording at all.
 */
export function renderAccessSummary(output: Output, c: ChalkInstance, config: ResolvedConfig, keyPath: string, stateFile: string): void {
  const n = resourceNames(config);
  const rg = config.resourceGroup;
  const sub = config.subscriptionId;
  const viaJumphost = config.bastion && config.jumphost;
  const vmId = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${n.jumphostVm}`;
  const width = outputColumns(output, 'out');
  // Prose wraps at words; a command breaks between arguments with \ so it still pastes as one.
  const say = (text: string) => fitLines([text], width);
  const run = (command: string) => wrapCommand('    ', command, width);
  const lines = ['', ...say(c.bold(`How to reach cluster ${n.cluster} (its API server is private):`))];
  if (viaJumphost && !keyOnThisMachine(keyPath)) {
    lines.push(
      ...say(`  SSH to the jumphost through Bastion: ${KEY_ELSEWHERE}`),
      ...ownKeyCommands({ bastion: n.bastion, resourceGroup: rg, vmName: n.jumphostVm, vmId }).flatMap(run),
    );
  } else if (viaJumphost) {
    lines.push(
      ...say('  SSH to the jumphost through Bastion (kubectl, kubelogin and the Azure CLI are installed there):'),
      ...run(bastionSshCommand({ bastion: n.bastion, resourceGroup: rg, vmId, keyFile: keyPath })),
    );
  }
  lines.push(
    ...say('  Run kubectl without network line of sight (the runCommand API):'),
    ...run(`az aks command invoke --resource-group ${rg} --name ${n.cluster} --command "kubectl get nodes"`),
    ...say(
      viaJumphost
        ? '  From the jumphost or a peered network, with Entra ID sign-in:'
        : '  From a network peered with the cluster VNet (or connected by VPN), with Entra ID sign-in:',
    ),
    ...run(`az aks get-credentials --resource-group ${rg} --name ${n.cluster} --subscription ${sub}`),
    ...run('kubelogin convert-kubeconfig -l azurecli'),
    ...run('kubectl get nodes'),
  );
  // Warnings concern how to reach what was built: said before what to run next.
  for (const w of configWarnings(config)) lines.push(...say(`${c.yellow('Warning:')} ${w}`));
  const state = stateFlag(stateFile);
  lines.push(
    '',
    c.bold('Next:'),
    // Each command in its column, what it is for beside it (wrapped under itself when the terminal is narrow).
    ...hang(`  secure-aks verify${state}    # `, 'prove the posture: private API server, egress only through the firewall, NSGs', width),
    ...hang(
      `  secure-aks status${state}    # `,
      `what exists (FQDN, IPs${viaJumphost ? ', jumphost' : ''}) and whether Azure still matches`,
      width,
    ),
  );
  output.out(lines.join('\n'));
}
