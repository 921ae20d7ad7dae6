// `npm run conformance`: replays the recorded Azure traffic in test/fixtures/cassettes (or the directories
// given) against the built emulator and prints the summary line, then one line per mismatch. Exits 1 when
// the targets the conformance test asserts are not met.
import { cassetteFiles, meetsTargets, replayFiles } from '../dist/conformance/run.js';

const dirs = process.argv.slice(2);
const files = (dirs.length ? dirs : [new URL('../test/fixtures/cassettes', import.meta.url).pathname]).flatMap(cassetteFiles);
const run = await replayFiles(files);
process.stdout.write(run.lines.join('\n') + '\n');
process.exitCode = meetsTargets(run.summary) ? 0 : 1;
