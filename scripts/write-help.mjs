// Build step: renders `secure-aks --help` from the real commander program into dist/help.txt, unwrapped,
// so the launcher can answer the most common start-up call without loading the CLI and lay it out for the
// terminal it runs in (test/unit/cli-help-static.test.ts keeps the two identical).
import { writeFileSync } from 'node:fs';
import { main } from '../dist/cli/main.js';
import { BufferedOutput } from '../dist/cli/render/output.js';

const output = new BufferedOutput(); // no width: nothing is wrapped
await main(['node', 'secure-aks', '--help'], { output });
writeFileSync(new URL('../dist/help.txt', import.meta.url), output.stdout);
