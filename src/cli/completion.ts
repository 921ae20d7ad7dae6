import type { Command } from 'commander';
import completions from '@bomb.sh/tab';
import tab from '@bomb.sh/tab/commander';
import type { CommandContext } from './context.js';
import { EXIT, examplesHelp, exitCodesHelp } from './commands/help-sections.js';

const DESCRIPTION = 'Print the shell completion script for bash, zsh, fish or powershell';

const INSTALL = [
  '',
  "The script asks `secure-aks complete -- <words>` at each Tab, so secure-aks must be on PATH. It completes the commands, each command's flags, and the choices of -o/--output and --cloud.",
  examplesHelp([
    ['bash: add this line to ~/.bashrc', 'source <(secure-aks completion bash)'],
    ['zsh: add this line to ~/.zshrc', 'source <(secure-aks completion zsh)'],
    ['fish: write it where fish looks for completions', 'secure-aks completion fish > ~/.config/fish/completions/secure-aks.fish'],
    ['powershell: add this line to $PROFILE', 'secure-aks completion powershell | Out-String | Invoke-Expression'],
  ]),
  exitCodesHelp([EXIT.ok, [2, 'usage error: a shell other than bash, zsh, fish or powershell']]),
].join('\n');

/** tab writes with console.log; everything this CLI prints goes through its Output instead. */
function printed(run: () => void): string {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...parts: unknown[]) => void lines.push(parts.map(String).join(' '));
  try {
    run();
  } finally {
    console.log = log;
  }
  return lines.join('\n');
}

/**
 * `secure-aks completion bash|zsh|fish|powershell` prints the shell's completion script; the hidden
 * `secure-aks complete -- <words>` answers the script at each Tab from the commander tree itself (every
 * visible command and flag, and the choices of flags that have them), so completion cannot drift from
 * the flags. Both come from @bomb.sh/tab's commander adapter; call it after every command is added.
 */
export function addCompletion(program: Command, ctx: CommandContext): void {
  const tree = tab(program, { completionCommandName: 'completion' });
  const generate = program.commands.find((c) => c.name() === 'completion');
  const answer = program.commands.find((c) => c.name() === 'complete');
  const entry = tree.commands.get('completion');
  if (entry) entry.description = DESCRIPTION;
  generate
    ?.description(DESCRIPTION)
    .addHelpText('after', INSTALL)
    .action((shell: string) => ctx.output.out(printed(() => completions.setup(program.name(), program.name(), shell))));
  answer?.action((words: string[]) => ctx.output.out(printed(() => completions.parse(words))));
}
