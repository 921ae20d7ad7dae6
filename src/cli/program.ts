import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import type { CommandContext } from './context.js';
import type { EmulatorOptions } from './actions/emulator.js';
import { emulatorCommand } from './commands/emulator.js';
import { initCommand, type InitRun } from './commands/init.js';
import { planCommand, type PlanRun } from './commands/plan.js';
import { statusCommand, type StatusRun } from './commands/status.js';
import { listCommand, type ListRun } from './commands/list.js';
import { destroyCommand, type DestroyRun } from './commands/destroy.js';
import { verifyCommand, type VerifyRun } from './commands/verify.js';
import { stateCommand, type StateRun } from './commands/state.js';
import { EXIT, examplesHelp, exitCodesHelp } from './commands/help-sections.js';
import { addCompletion } from './completion.js';
import { configFileOf } from './flags.js';
import { layoutHelp } from './help-layout.js';
import { outputColumns } from './render/output.js';
import { UsageError } from '../core/errors.js';

/** Run functions to use instead of the real ones: tests parse flags without running anything. */
export interface RunOverrides {
  init?: InitRun;
  plan?: PlanRun;
  status?: StatusRun;
  list?: ListRun;
  destroy?: DestroyRun;
  verify?: VerifyRun;
  emulator?: (o: EmulatorOptions) => Promise<number>;
  state?: StateRun;
}

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

const EXAMPLES = examplesHelp([
  ['everything on the local emulator', 'secure-aks init --emulator -g rg-demo -n aks-demo -l eastus --yes'],
  ['interactive, against Azure', 'secure-aks init'],
  ['what would change, no writes', 'secure-aks plan --config secure-aks.yaml'],
  ['continue after a failure', 'secure-aks status --resume'],
  ['prove the posture: every check, with evidence', 'secure-aks verify'],
  ['delete what this deployment created', 'secure-aks destroy --yes'],
]);

const EXIT_CODES = exitCodesHelp([
  ...Object.values(EXIT).filter(([code]) => code !== 130),
  [10, 'plan --detailed-exitcode: the plan has changes to apply'],
  [11, 'status: a step is recorded failed'],
  [12, 'status: a step was interrupted'],
  [13, 'status: Azure no longer matches a done step'],
  [14, 'status: steps are still pending'],
  EXIT.interrupted,
]);

/** Commander renders help unwrapped at this width; the help layout fits it to the terminal. */
const UNWRAPPED = 10_000;

/** Flags other tools have, answered with this tool's way of doing the same (exit 2, like any usage error). */
function familiarFlag(message: string): UsageError | undefined {
  const flag = /unknown option '(--[a-z-]+)(=[^']*)?'/.exec(message)?.[1];
  if (flag === '--dry-run')
    return new UsageError(
      'UnknownOption',
      'There is no --dry-run flag: `secure-aks plan` shows what init would create or change without writing anything.',
      'Run `secure-aks plan` with the same flags.',
    );
  if (flag === '--json')
    return new UsageError(
      'UnknownOption',
      'There is no --json flag: JSON output is `-o json` (or --output json).',
      'Pass -o json instead of --json.',
    );
  return undefined;
}

/**
 * The commander tree. It imports no Azure SDK, config resolver or engine code: each command loads its
 * run function on first use, so `--help` and `--version` stay close to bare-node start-up time.
 */
export function buildProgram(ctx: CommandContext, overrides: RunOverrides = {}): Command {
  const program = new Command('secure-aks')
    .description('Build a private, locked-down AKS cluster whose egress leaves only through Azure Firewall, in ten checked steps.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .addHelpText('after', EXAMPLES)
    .addHelpText('after', EXIT_CODES)
    .showSuggestionAfterError(true);
  program.addCommand(initCommand(ctx, overrides.init));
  program.addCommand(planCommand(ctx, overrides.plan));
  program.addCommand(statusCommand(ctx, overrides.status));
  program.addCommand(listCommand(ctx, overrides.list));
  program.addCommand(verifyCommand(ctx, overrides.verify));
  program.addCommand(destroyCommand(ctx, overrides.destroy));
  program.addCommand(emulatorCommand(ctx, overrides.emulator));
  program.addCommand(stateCommand(ctx, overrides.state));
  addCompletion(program, ctx);
  // A --config file may say where the state is kept; the backend opens before the configuration resolves.
  program.hook('preAction', async (_program, command) => {
    const configFile = configFileOf(command, ctx.env);
    if (configFile) await (await import('./state-config.js')).applyStateConfig(command, configFile);
  });
  // Parse errors become exit 2 in main(), with a hint; commander must not exit the process itself.
  const configure = (cmd: Command) => {
    // Unwrapped here, laid out for the terminal when written (below), like the prebuilt dist/help.txt.
    cmd.configureHelp({ sortSubcommands: false, helpWidth: UNWRAPPED });
    cmd.exitOverride((err) => {
      throw familiarFlag(err.message) ?? err;
    });
    cmd.configureOutput({
      writeOut: (s) => ctx.output.out(layoutHelp(s, outputColumns(ctx.output, 'out'))),
      writeErr: (s) => ctx.output.err(layoutHelp(s, outputColumns(ctx.output, 'err'))),
      // A familiar flag is reported by main() as a typed usage error instead, with what to use.
      outputError: (s, write) =>
        familiarFlag(s)
          ? undefined
          : write(
              `${s.trimEnd()}\n(hint) Run \`secure-aks ${cmd.name() === 'secure-aks' ? '' : `${cmd.name()} `}--help\` for the flags and examples.\n`,
            ),
    });
    cmd.commands.forEach(configure);
  };
  configure(program);
  return program;
}
