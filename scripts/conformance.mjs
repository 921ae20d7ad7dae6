// `npm run conformance [-- --partial] [dir...]`: replays the recorded Azure traffic in test/fixtures/cassettes
// (or the directories given) against the built emulator and prints the summary line, then one line per
// mismatch (--partial: also per matched interaction that lacks key paths). Exits 1 when the targets the
// conformance test asserts are not met.
import { cassetteFiles, meetsTargets, replayFiles } from '../dist/conformance/run.js';

const args = process.argv.slice(2);
const partial = args.includes('--partial');
const dirs = args.filter((a) => a !== '--partial');
const files = (dirs.length ? dirs : [new URL('../test/fixtures/cassettes', import.meta.url).pathname]).flatMap(cassetteFiles);
const run = await replayFiles(files, { partial });
process.stdout.write(run.lines.join('\n') + '\n');
process.exitCode = meetsTargets(run.summary) ? 0 : 1;
