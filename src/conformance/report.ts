/** The conformance figures and their one-line summary, then one line per mismatch. */
import type { Comparison } from './compare.js';
import type { ReplayResult } from './replay.js';

export interface ConformanceSummary {
  compared: number;
  matched: number;
  /** Recorded key paths the emulator's answers also have, over all compared interactions. */
  keyCoverage: number;
  statusAgree: number;
  asyncAgree: number;
  errorCodes: { agree: number; total: number };
}

export function summarize(results: ReplayResult[]): ConformanceSummary {
  const all = results.flatMap((r) => r.compared);
  const ratio = (n: number, d: number) => (d === 0 ? 1 : n / d);
  const keys = all.reduce((acc, c) => ({ want: acc.want + c.recordedKeys, have: acc.have + c.coveredKeys }), { want: 0, have: 0 });
  const errors = all.filter((c) => c.errorCode);
  return {
    compared: all.length,
    matched: all.filter((c) => c.matched).length,
    keyCoverage: ratio(keys.have, keys.want),
    statusAgree: ratio(all.filter((c) => c.statusAgree).length, all.length),
    asyncAgree: ratio(all.filter((c) => c.asyncAgree).length, all.length),
    errorCodes: { agree: errors.filter((c) => c.errorCode!.recorded === c.errorCode!.actual).length, total: errors.length },
  };
}

const pct = (x: number) => `${(Math.floor(x * 1000) / 10).toFixed(1)}%`;

export function summaryLine(s: ConformanceSummary): string {
  return (
    `conformance: ${s.matched}/${s.compared}; key coverage ${pct(s.keyCoverage)}; status agree ${pct(s.statusAgree)}; ` +
    `async agree ${pct(s.asyncAgree)}; error codes agree ${s.errorCodes.agree}/${s.errorCodes.total}`
  );
}

/**
 * One line per interaction that is not matched; with `partial`, also the matched ones that lack a few key
 * paths (what to improve next).
 */
export function mismatchLines(results: ReplayResult[], options: { partial?: boolean } = {}): string[] {
  return results
    .flatMap((r) => r.compared)
    .filter((c: Comparison) => !c.matched || (options.partial === true && c.differences.length > 0))
    .map((c) => `${c.matched ? 'partial' : 'MISMATCH'} ${c.cassette} #${c.index} ${c.method} ${c.path}: ${c.differences.join('; ')}`);
}
