import { Command, Option } from 'commander';
import { CLOUDS } from '../../config/regions.js';
import type { ListOptions } from '../actions/list.js';
import type { CommandContext } from '../context.js';
import { addCommonOptions, readCommonOptions, readTargetOptions } from '../flags.js';
import { examplesHelp, exitCodesHelp } from './help-sections.js';

export type ListRun = (options: ListOptions) => Promise<number>;

const DETAILS = [
  '',
  'Where it looks: --backend; else the container of an az:// --state (SECURE_AKS_STATE); else the state files in .secure-aks/ of this directory. Every non-empty blob under the prefix is read: snapshots, empty lock placeholders and blobs that are not secure-aks states are skipped and named. Listing takes no lease and no lock.',
  '',
  "Status is status's word for a deployment: done, failed, interrupted, incomplete, destroyed, or running (a live run holds its lease; the holder is named). Drift is the read-only check status runs, against each deployment's recorded target: none, drifted, not-deployed, or unchecked with the reason (--offline, a run holds it, Azure out of reach).",
  '',
  'JSON: {command, backend, deployments: [{state, name, resourceGroup, region, deploymentId, status, lastRun: {command, at}, holder?, drift: {status, reason?}}], skipped: [{state, reason}]}.',
].join('\n');

const EXAMPLES = examplesHelp([
  ["every deployment in a team's container", 'secure-aks list --backend az://stplatformstate/secure-aks'],
  ['only those under a prefix, as JSON', 'secure-aks list --backend az://stplatformstate/secure-aks/teams/payments/ -o json'],
  ['the states beside the shared --state, no Azure calls', 'secure-aks list --state az://stplatformstate/secure-aks/prod.json --offline'],
  ['the local state files in .secure-aks/', 'secure-aks list'],
]);

const EXIT_CODES = exitCodesHelp([
  [0, 'listed (a failed, running or drifted deployment is shown, not an error)'],
  [2, 'usage error: a bad --backend, a container or account that does not exist, storage out of reach'],
  [4, 'authentication or permission problem (e.g. no Storage Blob Data Reader role on the container)'],
  [130, 'interrupted (Ctrl-C)'],
]);

export function listCommand(ctx: CommandContext, run?: ListRun): Command {
  const cmd = new Command('list')
    .description(
      'List every deployment in a shared state backend (or .secure-aks/): name, resource group, region, status, last run, drift and its --state; exits 0 when listing worked',
    )
    .addHelpText('after', DETAILS)
    .addHelpText('after', EXAMPLES)
    .addHelpText('after', EXIT_CODES)
    .option(
      '--backend <url>',
      'az://<account>/<container>[/<prefix>]: the blob states to list (default: the container of an az:// --state)',
    )
    .option('--offline', 'read the states only; do not check Azure for drift')
    .addOption(new Option('--cloud <name>', 'Azure cloud of the storage account (default AzureCloud)').choices([...CLOUDS]));
  // list only reads: accepting, prompting and a config file mean nothing here (still accepted, like everywhere).
  return addCommonOptions(cmd, { yes: 'hidden', nonInteractive: 'hidden', config: 'hidden' }).action(async (_o, self: Command) => {
    const options: ListOptions = {
      common: readCommonOptions(self, ctx.env),
      ...(self.getOptionValue('backend') ? { backend: String(self.getOptionValue('backend')) } : {}),
      offline: Boolean(self.getOptionValue('offline')),
      cloud: readTargetOptions(self, ctx.env).cloud,
    };
    const runner = run ?? ((o: ListOptions) => import('../actions/list.js').then((m) => m.runList(ctx, o)));
    ctx.setExit(await runner(options));
  });
}
