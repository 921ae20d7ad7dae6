import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import type { CommandContext } from './context.js';
import type { EmulatorOptions } from './actions/emulator.js';
import { emulatorCommand } from './commands/emulator.js';
import { initCommand, type InitRun } from './commands/init.js';
import { planCommand, type PlanRun } from './commands/plan.js';
import { statusCommand, type StatusRun } from './commands/status.js';
import { destroyCommand, type DestroyRun } from './commands/destroy.js';
import { verifyCommand, type VerifyRun } from './commands/verify.js';

/** Run functions to use instead of the real ones: tests parse flags without running anything. */
export interface RunOverrides {
  init?: InitRun;
  plan?: PlanRun;
  status?: StatusRun;
  destroy?: DestroyRun;
  verify?: VerifyRun;
  emulator?: (o: EmulatorOptions) => Promise<number>;
}

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

const EXAMPLES = `Examples:
  secure-aks init --emulator -g rg-demo -n aks-demo -l eastus --yes   # everything on the local emulator
  secure-aks init                                                     # interactive, against Azure
  secure-aks plan --config secure-aks.yaml                            # what would change, no writes
  secure-aks status --resume                                          # continue after a failure
  secure-aks verify                                                   # prove the posture: every check, with evidence
  secure-aks destroy --yes                                            # delete what this deployment created
`;

const EXIT_CODES = `
Exit codes: 0 success or nothing to do; 1 a step failed or Azure failed a check (the output says
whether the state is saved and what to run next); 2 usage error; 3 input required in non-interactive
mode; 4 authentication or permission; 5 another run holds the state lock; 130 interrupted.
`;

/**
 * The commander tree. It imports no Azure SDK, config resolver or engine code: each command loads its
 * run function on first use, so `--help` and `--version` stay close to bare-node start-up time.
 */
export function buildProgram(ctx: CommandContext, overrides: RunOverrides = {}): Command {
  const program = new Command('secure-aks')
    .description('Build a private, locked-down AKS cluster whose egress leaves only through Azure Firewall, in ten checked steps.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .addHelpText('before', EXAMPLES)
    .addHelpText('after', EXIT_CODES)
    .showSuggestionAfterError(true)
    // A fixed width keeps help identical in every terminal (and equal to the prebuilt dist/help.txt).
    .configureHelp({ sortSubcommands: false, helpWidth: 80 });
  program.addCommand(initCommand(ctx, overrides.init));
  program.addCommand(planCommand(ctx, overrides.plan));
  program.addCommand(statusCommand(ctx, overrides.status));
  program.addCommand(verifyCommand(ctx, overrides.verify));
  program.addCommand(destroyCommand(ctx, overrides.destroy));
  program.addCommand(emulatorCommand(ctx, overrides.emulator));
  // Parse errors become exit 2 in main(), with a hint; commander must not exit the process itself.
  const configure = (cmd: Command) => {
    cmd.exitOverride();
    cmd.configureOutput({
      writeOut: (s) => ctx.output.out(s),
      writeErr: (s) => ctx.output.err(s),
      outputError: (s, write) =>
        write(
          `${s.trimEnd()}\n(hint) Run \`secure-aks ${cmd.name() === 'secure-aks' ? '' : `${cmd.name()} `}--help\` for the flags and examples.\n`,
        ),
    });
    cmd.commands.forEach(configure);
  };
  configure(program);
  return program;
}
