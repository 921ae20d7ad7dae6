import { hang, MIN_HELP_COLUMNS, wrapCommand } from '../io/wrap.js';

/** `  term   description`: a flag, command or exit code and what it means (two or more spaces between). */
const ITEM = /^( +)(\S(?:\S| (?! ))*)( {2,})(\S.*)$/;
/** An example command line: broken with ` \` so it still pastes as one command. */
const COMMAND = /^( +)(secure-aks .*)$/;

/**
 * Help text is rendered unwrapped (at build time into dist/help.txt, and by commander at run time) and
 * laid out here for the terminal it is shown in: prose wraps at word boundaries, a flag's description
 * hangs under its own column, examples break between arguments. Loads nothing of the product, so the
 * launcher can use it for `--help` without starting the CLI.
 */
export function layoutHelp(text: string, width: number): string {
  if (!Number.isFinite(width)) return text;
  return text
    .split('\n')
    .flatMap((line) => {
      const command = COMMAND.exec(line);
      if (command) return wrapCommand(command[1], command[2], width);
      const item = ITEM.exec(line);
      if (item) return hang(`${item[1]}${item[2]}${item[3]}`, item[4], width, MIN_HELP_COLUMNS);
      const lead = /^ */.exec(line)?.[0] ?? '';
      return hang(lead, line.slice(lead.length), width);
    })
    .join('\n');
}
