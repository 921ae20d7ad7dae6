/**
 * The live display as a person sees it: the built CLI in a real pseudo-terminal, its output fed to a
 * headless xterm so the test reads the screen (rows, wrapping), not the escape codes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import xterm from '@xterm/headless';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from './run-cli.js';
import { spawnInPty } from './pty.js';
import { SPEED } from '../helpers/speeds.js';

let work: string;
beforeAll(() => {
  assertBuilt();
  work = mkdtempSync(join(tmpdir(), 'secure-aks-e2e-live-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface ScreenLine {
  text: string;
  wrapped: boolean;
}

/** Runs `init` in a terminal `cols` wide and snapshots the screen every 100 ms until it exits. */
async function watchInit(cols: number, name: string): Promise<{ snapshots: ScreenLine[][]; final: ScreenLine[]; code: number | null }> {
  const term = new xterm.Terminal({ cols, rows: 40, scrollback: 1000, allowProposedApi: true });
  // SPEED.azure: the firewall's six minutes take six seconds, long enough to see rows running.
  const t = spawnInPty(
    ['init', '--emulator', '--non-interactive', '--yes', '-l', 'eastus', '-g', `rg-${name}`, '-n', name, '--state', `${name}.json`],
    {
      cwd: work,
      env: { SECURE_AKS_EMULATOR_SPEED: String(SPEED.azure) },
      cols,
    },
  );
  let fed = 0;
  const feed = () =>
    new Promise<void>((resolve) => {
      const raw = t.raw();
      const chunk = raw.slice(fed);
      fed = raw.length;
      term.write(chunk, resolve);
    });
  const screen = (): ScreenLine[] => {
    const buffer = term.buffer.active;
    const lines: ScreenLine[] = [];
    for (let i = 0; i < buffer.length; i++) {
      const line = buffer.getLine(i)!;
      lines.push({ text: line.translateToString(true), wrapped: line.isWrapped });
    }
    return lines;
  };
  const snapshots: ScreenLine[][] = [];
  let done = false;
  const exited = t.exited.then((code) => {
    done = true;
    return code;
  });
  // A frame reaches the terminal in more than one read when the machine is busy: snapshot only once the
  // output has been quiet for a moment, so what is judged is a frame the program finished writing.
  const settled = async () => {
    let before: number;
    do {
      before = t.raw().length;
      await new Promise((r) => setTimeout(r, 25));
      await feed();
    } while (t.raw().length !== before);
  };
  while (!done) {
    await settled();
    snapshots.push(screen());
    await new Promise((r) => setTimeout(r, 100));
  }
  const code = await exited;
  await feed();
  const final = screen();
  term.dispose();
  return { snapshots, final, code };
}

const HEADER = /^(\d+)\/10 steps done/;

/** The live block of a snapshot: its header and the ten lines under it. */
function block(lines: ScreenLine[]): { done: number; header: string; rows: ScreenLine[] } | undefined {
  const at = lines.findIndex((l) => HEADER.test(l.text));
  if (at < 0 || at + 10 >= lines.length) return undefined;
  const header = lines[at]!.text;
  return { done: Number(HEADER.exec(header)![1]), header, rows: lines.slice(at + 1, at + 11) };
}

const rowNumber = (l: ScreenLine) => /^\S+\s+(\d+)\. /.exec(l.text)?.[1];

describe('live progress in a real terminal', () => {
  it('100 columns: rows 1..10 in order while running, elapsed and typical time, n/10 advancing, the end table once', async () => {
    const { snapshots, final, code } = await watchInit(100, 'live100');
    expect(code).toBe(0);
    const blocks = snapshots.map(block).filter((b) => b !== undefined);
    expect(blocks.length).toBeGreaterThan(5);
    for (const b of blocks) expect(b.rows.map(rowNumber)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    // A running row: spinner, elapsed time "of" the typical time, what it waits on.
    const running = blocks.flatMap((b) => b.rows.map((r) => r.text)).filter((t) => / of ~?[<\d][^ ]* (s|min) typical/.test(t));
    expect(running.length).toBeGreaterThan(0);
    expect(running.some((t) => /waiting for /.test(t))).toBe(true);
    // Time left is said while steps remain: the header reads "n/10 steps done · ~N s left" (or min, or <1 s).
    const unfinished = blocks.filter((b) => b.done < 10);
    expect(unfinished.length).toBeGreaterThan(0);
    for (const b of unfinished) expect(b.header).toMatch(/ · (~\d+ (s|min)|<1 s) left/);
    const counts = blocks.map((b) => b.done);
    expect(new Set(counts).size).toBeGreaterThan(2);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    // The end table is printed once, and the live block is gone from the screen.
    const text = final.map((l) => l.text);
    expect(text.filter((l) => /^✔ +1\. Permissions, resource group and cluster identity/.test(l))).toHaveLength(1);
    expect(text.filter((l) => /^Done in /.test(l))).toHaveLength(1);
    expect(text.some((l) => HEADER.test(l))).toBe(false);
  }, 180_000);

  it('60 columns: no live row wraps', async () => {
    const { snapshots, code } = await watchInit(60, 'live60');
    expect(code).toBe(0);
    const blocks = snapshots.map(block).filter((b) => b !== undefined);
    expect(blocks.length).toBeGreaterThan(5);
    for (const b of blocks) {
      // A wrapped row would show as a continuation line inside the block and push the numbering off.
      expect(b.rows.some((r) => r.wrapped)).toBe(false);
      expect(b.rows.map(rowNumber)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
      for (const r of b.rows) expect(r.text.length).toBeLessThan(60);
    }
  }, 180_000);
});
