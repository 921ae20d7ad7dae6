import { Command, Option } from 'commander';
import { UsageError } from '../../core/errors.js';
import type { VerifyCommandOptions } from '../actions/verify.js';
import type { CommandContext } from '../context.js';
import { EXIT, examplesHelp, exitCodesHelp } from './help-sections.js';
import { addTargetOptions, readCommonOptions, readTargetOptions } from '../flags.js';

export type VerifyRun = (options: VerifyCommandOptions) => Promise<number>;

const DETAILS = [
  '',
  'Each check has an id, a result (pass, fail, warn, not-applicable), the evidence it saw, and for fail/warn a remediation and a documentation link. In-cluster checks run kubectl and two short-lived probe pods through the AKS runCommand API (minutes on Azure; needs runcommand/action); --no-in-cluster skips them and reports them not-applicable.',
  '',
  'JSON: {status, steps, checks}; steps lists the ten init steps with their state-file status, and is empty for a cluster audited with -g/-n that has no matching state file.',
].join('\n');

const EXAMPLES = examplesHelp([
  ['the deployment of .secure-aks/state.json', 'secure-aks verify'],
  ['one JSON document: status, steps, every check', 'secure-aks verify -o json > audit.json'],
  ['any AKS cluster, even one this tool did not build', 'secure-aks verify -g rg-prod -n aks-prod --subscription <id>'],
  [
    'a cluster on a separately started emulator',
    'secure-aks verify --arm-endpoint https://127.0.0.1:8443 --arm-ca ./emu/ca.pem -g rg-demo -n aks-demo',
  ],
  ['ARM reads only: no kubectl through runCommand', 'secure-aks verify --no-in-cluster'],
]);

const EXIT_CODES = exitCodesHelp([
  [0, 'no check fails (warnings allowed)'],
  [1, 'a check fails, or Azure could not be reached'],
  [2, 'usage error (e.g. no such cluster)'],
  [3, 'a value is required (--subscription against Azure)'],
  EXIT.auth,
  [5, "another run holds the embedded emulator's data"],
  [130, 'interrupted (Ctrl-C)'],
]);

/** Common flags verify accepts so scripts can pass them everywhere, and ignores: it never asks and has no plan. */
const IGNORED = [
  new Option('-y, --yes', 'verify never asks').hideHelp(),
  new Option('--non-interactive', 'verify never prompts').hideHelp(),
  new Option('--config <file>', 'verify reads the state file or -g/-n, not a configuration file').hideHelp(),
];

const envName = (flag: string) => `SECURE_AKS_${flag.replace(/^--/, '').replace(/-/g, '_').toUpperCase()}`;

function value(cmd: Command, key: string, env: NodeJS.ProcessEnv, ...envs: string[]): string | undefined {
  if (cmd.getOptionValueSource(key) === 'cli') return cmd.getOptionValue(key) as string;
  return envs.map((e) => env[e]).find((v) => v !== undefined && v !== '');
}

export function parseVerifyOptions(cmd: Command, env: NodeJS.ProcessEnv): VerifyCommandOptions {
  const { state, stateEndpoint, stateCa, output, verbose, color, record, commandName } = readCommonOptions(cmd, env);
  const resourceGroup = value(cmd, 'resourceGroup', env, envName('--resource-group'));
  const name = value(cmd, 'name', env, envName('--name'));
  if ((resourceGroup === undefined) !== (name === undefined)) {
    throw new UsageError(
      'ClusterNotNamed',
      `verify got ${resourceGroup === undefined ? `-n ${name} without -g/--resource-group` : `-g ${resourceGroup} without -n/--name`}.`,
      'Pass both -g <resource group> and -n <cluster> to audit any cluster, or neither to audit the deployment of the state file.',
    );
  }
  const noInClusterEnv = env[envName('--no-in-cluster')];
  const inCluster =
    cmd.getOptionValueSource('inCluster') === 'cli'
      ? Boolean(cmd.getOptionValue('inCluster'))
      : !/^(1|true|yes|on)$/i.test(noInClusterEnv ?? '');
  return {
    common: { state, stateEndpoint, stateCa, output, verbose, color, ...(record ? { record } : {}), commandName },
    target: readTargetOptions(cmd, env),
    resourceGroup,
    name,
    subscription: value(cmd, 'subscription', env, envName('--subscription'), 'AZURE_SUBSCRIPTION_ID'),
    inCluster,
  };
}

export function verifyCommand(ctx: CommandContext, run?: VerifyRun): Command {
  const cmd = new Command('verify')
    .description('Prove the posture: re-check a deployment (or any AKS cluster) against the private-cluster and locked-egress baseline')
    .addHelpText('after', DETAILS)
    .addHelpText('after', EXAMPLES)
    .addHelpText('after', EXIT_CODES)
    .option('-g, --resource-group <name>', `resource group of the cluster to audit (env ${envName('--resource-group')})`)
    .option('-n, --name <name>', `name of the AKS cluster to audit (env ${envName('--name')})`)
    .option(
      '--subscription <id>',
      `subscription of the cluster (env ${envName('--subscription')} or AZURE_SUBSCRIPTION_ID; default: the state file's, or the emulator's)`,
    )
    .option('--no-in-cluster', `skip kubectl and the egress probe pods run through runCommand (env ${envName('--no-in-cluster')})`)
    .option('--state <file>', `state file of the deployment to verify (env ${envName('--state')}; default .secure-aks/state.json)`)
    .option('--state-endpoint <url>', `blob service for an az:// state instead of the cloud's (env ${envName('--state-endpoint')})`)
    .option('--state-ca <pem-file>', `CA certificate to trust for --state-endpoint (env ${envName('--state-ca')})`)
    .addOption(
      new Option('-o, --output <format>', `result format on stdout: text or json (env ${envName('--output')})`).choices(['text', 'json']),
    )
    .option('-v, --verbose', `log every ARM call and stack traces (env ${envName('--verbose')})`)
    .option('--record <dir>', `write the ARM traffic, sanitized, as a replayable cassette in <dir> (env ${envName('--record')})`)
    .option('--no-color', 'plain output without colours (also NO_COLOR, TERM=dumb, or when not a terminal)');
  for (const option of IGNORED) cmd.addOption(option);
  return addTargetOptions(cmd).action(async (_o, self: Command) => {
    const options = parseVerifyOptions(self, ctx.env);
    const runner = run ?? ((o: VerifyCommandOptions) => import('../actions/verify.js').then((m) => m.runVerifyCommand(ctx, o)));
    ctx.setExit(await runner(options));
  });
}
