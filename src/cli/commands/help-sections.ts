/**
 * The sections every command's help ends with, in this order after its flags: examples, then the exit
 * codes that command can return. Written as one line per item, unwrapped: the help layout fits them to
 * the terminal (src/cli/help-layout.ts).
 */

/** [what it shows, the command]. */
export type Example = readonly [string, string];

export function examplesHelp(examples: readonly Example[]): string {
  return ['', 'Examples:', ...examples.flatMap(([what, command]) => [`  # ${what}`, `  ${command}`])].join('\n');
}

/** The meaning of the codes most commands share (README "Exit codes"). */
export const EXIT = {
  ok: [0, 'success, or nothing to do'],
  stepFailed: [
    1,
    'a step failed (the output says whether the state is saved and what to run next), or Azure failed a check or could not be reached',
  ],
  usage: [2, 'usage error: a bad flag or value, a malformed config or state file, a resource this tool may not touch'],
  inputRequired: [3, 'input required in non-interactive mode (every missing value is named with its flag)'],
  auth: [4, 'authentication or permission problem'],
  locked: [5, 'another run holds the state lock'],
  interrupted: [130, 'interrupted (Ctrl-C) or declined at the confirmation'],
} as const satisfies Record<string, readonly [number, string]>;

export function exitCodesHelp(codes: ReadonlyArray<readonly [number, string]>): string {
  return ['', 'Exit codes:', ...codes.map(([code, meaning]) => `  ${String(code).padEnd(3)}  ${meaning}`)].join('\n');
}
