#!/usr/bin/env node
// Thin launcher: everything lives in dist/cli/main.js (built with `npm run build`).
import { existsSync, readFileSync } from 'node:fs';

const HELP = new URL('../dist/help.txt', import.meta.url);
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // Answered without loading the CLI: scripts call this often and it must cost no more than node itself.
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else if (args.length === 1 && (args[0] === '--help' || args[0] === '-h') && existsSync(HELP)) {
  // Prebuilt at build time from the real commander program (scripts/write-help.mjs), for the same reason,
  // unwrapped: laid out here for this terminal's width by the help layout alone (it loads nothing else).
  const [{ layoutHelp }, { terminalColumns }] = await Promise.all([import('../dist/cli/help-layout.js'), import('../dist/io/wrap.js')]);
  process.stdout.write(layoutHelp(readFileSync(HELP, 'utf8'), terminalColumns(process.stdout, process.env)));
} else {
  const { main } = await import('../dist/cli/main.js');
  process.exitCode = await main(process.argv, { handleSignals: true });
}
