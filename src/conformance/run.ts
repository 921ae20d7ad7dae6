/** Replays every cassette of a directory (sorted by name) and reports; used by `npm run conformance` and the tests. */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseCassette } from '../cassette/format.js';
import { replayCassette, type ReplayResult } from './replay.js';
import { mismatchLines, summarize, summaryLine, type ConformanceSummary } from './report.js';

export interface ConformanceRun {
  results: ReplayResult[];
  summary: ConformanceSummary;
  /** The summary line, then one line per mismatch (and per partial match when asked). */
  lines: string[];
}

export async function replayFiles(files: string[], options: { partial?: boolean } = {}): Promise<ConformanceRun> {
  const results: ReplayResult[] = [];
  for (const file of files) {
    results.push(await replayCassette(basename(file, '.yaml'), parseCassette(readFileSync(file, 'utf8'), file)));
  }
  const summary = summarize(results);
  return { results, summary, lines: [summaryLine(summary), ...mismatchLines(results, options)] };
}

export function cassetteFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(dir, f));
}

/** The targets the conformance test holds the emulator to. */
export function meetsTargets(s: ConformanceSummary): boolean {
  const allErrorCodes = s.errorCodes.agree === s.errorCodes.total;
  return s.compared > 0 && s.matched / s.compared >= 0.95 && s.statusAgree === 1 && s.asyncAgree === 1 && allErrorCodes;
}
