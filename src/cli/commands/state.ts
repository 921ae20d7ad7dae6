import { Command, Option } from 'commander';
import { CLOUDS, type CloudName } from '../../config/regions.js';
import { UsageError } from '../../core/errors.js';
import type { StateCommandOptions } from '../actions/state-options.js';
import type { CommandContext } from '../context.js';
import { addCommonOptions, readCommonOptions, type CommonFlagHelp } from '../flags.js';
import { EXIT, examplesHelp, exitCodesHelp } from './help-sections.js';

export type StateRun = (options: StateCommandOptions) => Promise<number>;

const EXAMPLES = examplesHelp([
  ['the kept versions of a shared state, newest first', 'secure-aks state history --state az://stplatformstate/secure-aks/prod.json'],
  [
    'bring one back (Azure is not changed; run status after)',
    'secure-aks state restore 2026-12-05T07:23:46.1234567Z --state az://stplatformstate/secure-aks/prod.json',
  ],
  ['move a local deployment to a shared state', 'secure-aks state push az://stplatformstate/secure-aks/prod.json'],
  ['copy a shared state to a local file', 'secure-aks state pull az://stplatformstate/secure-aks/prod.json --state prod.json'],
]);

const EXIT_CODES = exitCodesHelp([
  EXIT.ok,
  EXIT.usage,
  [3, 'restore: confirmation required, pass --yes where no one can answer'],
  EXIT.auth,
  [5, 'another run holds the state lock, or the state changed while this run worked on it (nothing was overwritten)'],
  EXIT.interrupted,
]);

const STATE = 'az://stplatformstate/secure-aks/prod.json';
const SUB_EXAMPLES = {
  history: examplesHelp([
    ['the versions, newest first', `secure-aks state history --state ${STATE}`],
    ['the same as one JSON document', `secure-aks state history --state ${STATE} -o json`],
  ]),
  restore: examplesHelp([
    ['asks first, at a terminal', `secure-aks state restore 2026-12-05T07:23:46.1234567Z --state ${STATE}`],
    ['scripts and CI: no prompt', `secure-aks state restore 2026-12-05T07:23:46.1234567Z --state ${STATE} --yes`],
    ['then see what Azure differs in', `secure-aks status --state ${STATE}`],
  ]),
  push: examplesHelp([
    ['the default local state to a blob', `secure-aks state push ${STATE}`],
    ['another local file', `secure-aks state push ${STATE} --state other/state.json`],
  ]),
  pull: examplesHelp([
    ['a blob to the default local state', `secure-aks state pull ${STATE}`],
    [
      'replace a local file holding another deployment (its state there is lost)',
      `secure-aks state pull ${STATE} --state prod.json --force`,
    ],
  ]),
};

/** Common flags as `state` shows them: no configuration file, and --yes only where something is replaced. */
function commonFlags(cmd: Command, yes: string | 'hidden'): Command {
  const help: CommonFlagHelp = { yes, config: 'hidden', nonInteractive: yes === 'hidden' ? 'hidden' : undefined };
  return addCommonOptions(cmd, help).addOption(
    new Option(
      '--cloud <name>',
      'Azure cloud whose storage endpoint an az:// state is on (env SECURE_AKS_CLOUD; default AzureCloud)',
    ).choices([...CLOUDS]),
  );
}

function readCloud(cmd: Command, env: NodeJS.ProcessEnv): CloudName | undefined {
  const cloud = (cmd.getOptionValue('cloud') as string | undefined) ?? (env.SECURE_AKS_CLOUD || undefined);
  if (cloud !== undefined && !CLOUDS.includes(cloud as CloudName))
    throw new UsageError('InvalidCloud', `Cloud "${cloud}" is not one of ${CLOUDS.join(', ')}.`, `Use --cloud ${CLOUDS.join('|')}.`);
  return cloud as CloudName | undefined;
}

const FORCE = {
  restore: 'restore a version of another deployment (a different deploymentId) too',
  transfer: 'overwrite a destination holding another deployment, or a newer version of this one',
};

/** `secure-aks state history|restore|push|pull`: a deployment's state itself, never Azure. */
export function stateCommand(ctx: CommandContext, run?: StateRun): Command {
  const runner: StateRun = run ?? ((o) => import('../actions/state.js').then((m) => m.runStateCommand(ctx, o)));
  const act =
    (sub: StateCommandOptions['sub'], arg: 'version' | 'url' | undefined) =>
    async (...args: unknown[]): Promise<void> => {
      const self = args[args.length - 1] as Command;
      const value = arg ? (args[0] as string) : undefined;
      const options: StateCommandOptions = {
        sub,
        common: readCommonOptions(self, ctx.env),
        cloud: readCloud(self, ctx.env),
        force: Boolean(self.getOptionValue('force')),
        ...(arg === 'version' ? { version: value } : {}),
        ...(arg === 'url' ? { url: value } : {}),
      };
      ctx.setExit(await runner(options));
    };

  const cmd = new Command('state')
    .description(
      "Work on a deployment's state itself: the kept versions of a shared (az://) state, restore one, or move a state between a local file and a blob. Never changes Azure",
    )
    .addHelpText('after', EXAMPLES)
    .addHelpText('after', EXIT_CODES);

  cmd.addCommand(
    commonFlags(
      new Command('history').description(
        'List the kept versions of an az:// state, newest first: the version id restore takes, when it was written, its revision, the command that wrote it, its steps, and which is current',
      ),
      'hidden',
    )
      .addHelpText('after', SUB_EXAMPLES.history)
      .addHelpText('after', EXIT_CODES)
      .action(act('history', undefined)),
  );
  cmd.addCommand(
    commonFlags(
      new Command('restore')
        .description(
          'Make a kept version the current state of an az:// state, under the state lock; the version it replaces is kept. Azure is not changed: run `secure-aks status` after to see what differs',
        )
        .argument('<version>', 'a version id from `secure-aks state history`')
        .option('--force', FORCE.restore),
      'restore without asking',
    )
      .addHelpText('after', SUB_EXAMPLES.restore)
      .addHelpText('after', EXIT_CODES)
      .action(act('restore', 'version')),
  );
  const transfer = (sub: 'push' | 'pull', description: string) =>
    commonFlags(
      new Command(sub)
        .description(description)
        .argument('<az-url>', 'the blob: az://<account>/<container>/<path>')
        .option('--force', FORCE.transfer),
      'hidden',
    )
      .addHelpText('after', SUB_EXAMPLES[sub])
      .addHelpText('after', EXIT_CODES)
      .action(act(sub, 'url'));
  cmd.addCommand(
    transfer(
      'push',
      "Copy the local --state file (default .secure-aks/state.json) to a blob, under both locks; the jumphost key stays on this machine, beside the blob's local companions. The local file is left as it was",
    ),
  );
  cmd.addCommand(
    transfer(
      'pull',
      'Copy a blob state to the local --state file, under both locks, with the jumphost key this machine keeps for it. The blob is left as it was',
    ),
  );
  return cmd;
}
