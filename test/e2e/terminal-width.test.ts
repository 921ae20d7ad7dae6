/**
 * A 60-column terminal (a split pane, a laptop with a big font): the summary, the end table and the help
 * fit it, wrapped at word boundaries; help is ordered usage, flags, examples, exit codes at any width.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSTANT_EMBEDDED_EMULATOR } from '../helpers/speeds.js';
import { assertBuilt } from './run-cli.js';
import { spawnInPty, stripAnsi } from './pty.js';

let work: string;
beforeAll(() => {
  assertBuilt();
  work = mkdtempSync(join(tmpdir(), 'secure-aks-e2e-width-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** What a terminal of `columns` showed, as lines (a pty ends lines with \r\n). */
async function shown(args: string[], columns: number, cwd: string): Promise<string[]> {
  const t = spawnInPty(args, { cwd, cols: columns, env: { ...INSTANT_EMBEDDED_EMULATOR, NO_COLOR: '1' } });
  expect(await t.exited).toBe(0);
  return stripAnsi(t.raw()).split(/\r?\n/);
}

const words = (lines: string[]) => lines.join(' ').split(/\s+/).filter(Boolean);
const section = (lines: string[], from: RegExp, to: RegExp) => {
  const start = lines.findIndex((l) => from.test(l));
  const end = lines.findIndex((l, i) => i > start && to.test(l));
  expect(start, `${from} shown`).toBeGreaterThanOrEqual(0);
  return lines.slice(start, end < 0 ? undefined : end);
};

describe('at 60 columns', () => {
  it('init shows its summary and end table within 60 columns, no word cut', async () => {
    const args = ['init', '--emulator', '-g', 'rg-width', '-n', 'aks-width', '-l', 'eastus', '--yes', '--non-interactive'];
    const narrowDir = mkdtempSync(join(work, 'narrow-'));
    const narrow = await shown(args, 60, narrowDir);
    const wide = await shown(args, 200, mkdtempSync(join(work, 'wide-')));

    const summary = (lines: string[]) => section(lines, /^secure-aks will build/, /^Preflight/);
    const narrowSummary = summary(narrow);
    expect(narrowSummary.filter((l) => l.length > 60)).toEqual([]);
    // A word cut in two would leave pieces the wide terminal never showed.
    const known = new Set(words(summary(wide)));
    expect(words(narrowSummary).filter((w) => !known.has(w))).toEqual([]);
    expect(narrowSummary.join('\n')).toMatch(/^ {2}subscription\n {6}00000000-0000-0000-0000-000000000000$/m);

    // The end table, printed once after the live progress (whose lines are not this test's subject), and
    // the same table in `status`: ten rows, a change summary that does not fit wrapped under its row.
    const status = await shown(['status', '--offline'], 60, narrowDir);
    for (const lines of [narrow, status]) {
      const table = section(lines, /^✔ {2}1\. .* done /, /^$/);
      const rows = table.filter((l) => !l.startsWith(' '));
      expect(rows).toHaveLength(10);
      expect(table.filter((l) => l.length > 60)).toEqual([]);
      // A long title is shortened, never wrapped: each row still names its step and says done.
      for (const row of rows) expect(row).toMatch(/^✔ +\d+\. \S.*(…|\S) +done +\S+/);
      for (const more of table.filter((l) => l.startsWith(' '))) expect(more).toMatch(/^ +(created|updated|no changes)/);
      expect(table.join('\n')).toMatch(/ 3\. Egress through .*…/);
    }
    expect(narrow.join('\n')).toMatch(/Done in [\d.]+m?s\./);
  }, 90_000);
});

describe('--help fits the terminal', () => {
  it.each([60, 120])('at %i columns: every line fits, ordered usage, flags, examples, exit codes', async (columns) => {
    for (const args of [['--help'], ['plan', '--help']]) {
      const lines = await shown(args, columns, work);
      expect(
        lines.filter((l) => l.length > columns),
        args.join(' '),
      ).toEqual([]);
      const at = ['Usage:', 'Options:', 'Examples:', 'Exit codes:'].map((h) => lines.findIndex((l) => l.startsWith(h)));
      expect(at.every((i) => i >= 0)).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
    }
  });

  it('wraps, it does not cut: the words at 60 columns are the words at 200', async () => {
    const narrow = await shown(['--help'], 60, work);
    const wide = await shown(['--help'], 200, work);
    const unbroken = (lines: string[]) => words(lines.map((l) => l.replace(/ \\$/, '')));
    expect(unbroken(narrow)).toEqual(unbroken(wide));
  });
});
