/**
 * The live display and the numbers behind it: rows in article order with elapsed and typical time, the
 * remaining estimate along the critical path, rows cut to the terminal's width, a plan's plain lines in
 * article order, and each attempt's timing kept across a resume.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { attemptsTotalMs, endAttempt, MemoryJournal, startAttempt } from '../../src/engine/journal.js';
import { runSteps } from '../../src/engine/runner.js';
import { TYPICAL_SECONDS, typicalMs } from '../../src/engine/typical-durations.js';
import { DURATIONS } from '../../src/emulator/core/timing.js';
import { makeChalk } from '../../src/io/color.js';
import { remainingMs, type StepProgress } from '../../src/io/estimate.js';
import type { IoEvent, PlannedStep } from '../../src/io/events.js';
import { fitRow } from '../../src/io/format.js';
import { PlainProgressRenderer } from '../../src/io/progress-plain.js';
import { TtyProgressRenderer } from '../../src/io/progress-tty.js';
import type { StepId } from '../../src/core/step.js';
import { stepsFromState } from '../../src/cli/actions/journal-steps.js';
import { createState } from '../../src/state/schema.js';
import { config, fakeStep, runOptions, Timeline } from './engine-fakes.js';

const MIN = 60_000;

function terminal(columns: number): { stream: NodeJS.WriteStream; text: () => string } {
  const s = new PassThrough();
  let text = '';
  s.on('data', (d) => (text += String(d)));
  Object.assign(s, { isTTY: true, columns, rows: 40 });
  return { stream: s as unknown as NodeJS.WriteStream, text: () => text };
}

const planned = (number: number, id: StepId, typicalMin: number, after: StepId[] = []): PlannedStep => ({
  number,
  id,
  title: `Step ${id} with a rather long title that a narrow terminal cannot hold`,
  after,
  typicalMs: typicalMin * MIN,
});

// A chain like the real one: 1 -> 2 -> {3 after 2, 4 after 2} -> 5 after 3 and 4.
const STEPS = [
  planned(1, 'identity', 1),
  planned(2, 'network', 1, ['identity']),
  planned(3, 'egress-route', 6, ['network']),
  planned(4, 'firewall-rules', 2, ['network']),
  planned(5, 'cluster', 9, ['egress-route', 'firewall-rules']),
];

describe('remaining estimate', () => {
  it('is the longest chain of unfinished steps, not the sum of their durations', () => {
    const pending = new Map<StepId, StepProgress>();
    // 1 + 1 + max(6, 2) + 9 = 17 minutes; the sum would be 19.
    expect(remainingMs(STEPS, pending, 0)).toBe(17 * MIN);
  });

  it('subtracts what a running step has run and drops finished steps', () => {
    const now = 10 * MIN;
    const progress = new Map<StepId, StepProgress>([
      ['identity', { state: 'finished' }],
      ['network', { state: 'finished' }],
      ['egress-route', { state: 'running', startedAt: now - 4 * MIN }],
      ['firewall-rules', { state: 'finished' }],
    ]);
    // 2 minutes left of the firewall, then the cluster's 9.
    expect(remainingMs(STEPS, progress, now)).toBe(11 * MIN);
  });

  it('never reaches zero while a step overruns its typical time, and is unknown without typical durations', () => {
    const progress = new Map<StepId, StepProgress>([['identity', { state: 'running', startedAt: 0 }]]);
    const only = [STEPS[0]!];
    expect(remainingMs(only, progress, 5 * MIN)).toBe(0.1 * MIN);
    expect(remainingMs([{ ...STEPS[0]!, typicalMs: undefined }], progress, 0)).toBeUndefined();
  });

  it('scales the typical durations by the target speed and follows the emulator typical profile', () => {
    expect(typicalMs('egress-route', 1)).toBe(360_000);
    expect(typicalMs('egress-route', 60)).toBe(6000);
    expect(typicalMs('egress-route', undefined)).toBeUndefined();
    expect(TYPICAL_SECONDS['egress-route']).toBe(DURATIONS['firewall-write'][0]);
    expect(TYPICAL_SECONDS.cluster).toBe(DURATIONS['aks-create'][0]);
    expect(TYPICAL_SECONDS.bastion).toBe(DURATIONS['bastion-write'][0]);
    expect(TYPICAL_SECONDS['firewall-rules']).toBeGreaterThanOrEqual(DURATIONS['rule-collection-group-write'][0]);
  });
});

describe('the live display (fake clock and terminal)', () => {
  const c = makeChalk(false);
  const ref = (s: PlannedStep) => ({ number: s.number, id: s.id, title: s.title });

  function live(columns: number) {
    let now = 0;
    const out = terminal(columns);
    const r = new TtyProgressRenderer({ stream: out.stream, chalk: c, verbose: false, now: () => now, animate: false });
    return { r, out, at: (ms: number) => (now = ms) };
  }

  it('shows every step from the start in article order, running rows with elapsed and typical time, and n/N with the time left', () => {
    const { r, at } = live(120);
    // Announced out of order: the rows still read 1..5.
    r.handle({ code: 'run.start', mode: 'apply', steps: [STEPS[2]!, STEPS[0]!, STEPS[4]!, STEPS[1]!, STEPS[3]!] });
    let lines = r.frame().split('\n');
    expect(lines[0]).toBe('0/5 steps done · ~17 min left');
    expect(lines.slice(1).map((l) => l.match(/^\S+\s+(\d+)\./)?.[1])).toEqual(['1', '2', '3', '4', '5']);
    expect(lines[3]).toMatch(/^· +3\. .*~6 min typical$/);

    r.handle({ code: 'step.start', step: ref(STEPS[0]!) });
    at(30_000);
    r.handle({ code: 'step.progress', step: ref(STEPS[0]!), message: 'waiting for identity id-x to be created' });
    lines = r.frame().split('\n');
    expect(lines[1]).toMatch(/^⠋ +1\. .*30\.0s of ~60 s typical +waiting for identity id-x to be created$/);
    expect(lines[0]).toBe('0/5 steps done · ~17 min left');

    r.handle({ code: 'step.end', step: ref(STEPS[0]!), status: 'done', durationMs: 61_000, summary: 'created 2' });
    at(61_000);
    lines = r.frame().split('\n');
    expect(lines[0]).toBe('1/5 steps done · ~16 min left');
    expect(lines[1]).toMatch(/^✔ +1\. .*1m01s +created 2$/);
  });

  it('cuts every row to the terminal width, so no row wraps', () => {
    const { r } = live(60);
    r.handle({ code: 'run.start', mode: 'apply', steps: STEPS });
    r.handle({ code: 'step.start', step: ref(STEPS[2]!) });
    r.handle({ code: 'step.progress', step: ref(STEPS[2]!), message: `waiting for firewall ${'afw-x'.repeat(20)} to be created` });
    const lines = r.frame().split('\n');
    expect(lines).toHaveLength(6);
    for (const line of lines) expect([...line].length).toBeLessThan(60);
    expect(lines[3]).toMatch(/0ms of ~6 min typical +waiting for…|0ms of ~6 min typical +wai/);
  });

  it('draws through the stream and clears the block when the run ends (the command prints the table once)', () => {
    const { r, out } = live(100);
    r.handle({ code: 'run.start', mode: 'apply', steps: STEPS });
    r.handle({ code: 'warn', message: 'a warning goes above the block' });
    r.handle({ code: 'run.end', mode: 'apply', status: 'done', durationMs: 1 });
    expect(out.text()).toContain('0/5 steps done');
    expect(out.text()).toContain('warning: a warning goes above the block');
    // eslint-disable-next-line no-control-regex -- the erase sequence is the point
    expect(out.text()).toMatch(/\u001b\[2K/);
  });

  it('fitRow cuts text, not colour codes', () => {
    const coloured = makeChalk(true);
    const row = fitRow([{ text: 'abcdef', style: coloured.red }, { text: 'ghij' }], 5);
    expect(row).toBe(coloured.red('abcd…'));
  });
});

describe('plain progress', () => {
  it("writes a plan's check lines in article order whatever order they finish in", () => {
    const out = terminal(80);
    const r = new PlainProgressRenderer({ stream: out.stream, chalk: makeChalk(false), verbose: false });
    const events: IoEvent[] = [{ code: 'run.start', mode: 'plan', steps: STEPS }];
    for (const n of [5, 3, 1, 4, 2]) events.push({ code: 'step.checked', step: STEPS[n - 1]!, changes: [] });
    events.push({ code: 'run.end', mode: 'plan', status: 'done', durationMs: 1 });
    events.forEach((e) => r.handle(e));
    const numbers = out
      .text()
      .split('\n')
      .map((l) => l.match(/^ ?(\d+)\./)?.[1])
      .filter(Boolean);
    expect(numbers).toEqual(['1', '2', '3', '4', '5']);
  });
});

describe('attempt timings', () => {
  const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();

  it('a resume appends an attempt, keeps the first, marks one left running as interrupted, and keeps the last 20', () => {
    let attempts = endAttempt(startAttempt(undefined, at(0)), at(30), 'failed');
    attempts = startAttempt(attempts, at(40)); // a run that was killed: never ended
    attempts = endAttempt(startAttempt(attempts, at(50)), at(70), 'done');
    expect(attempts).toEqual([
      { startedAt: at(0), endedAt: at(30), status: 'failed' },
      { startedAt: at(40), status: 'interrupted' },
      { startedAt: at(50), endedAt: at(70), status: 'done' },
    ]);
    expect(attemptsTotalMs(attempts)).toBe(50_000);
    let many = attempts;
    for (let i = 0; i < 30; i++) many = startAttempt(many, at(100 + i));
    expect(many).toHaveLength(20);
  });

  it('the runner journals each attempt with the duration it reports, and status shows the sum', async () => {
    const t = new Timeline();
    const journal = new MemoryJournal({
      network: {
        status: 'failed',
        startedAt: at(0),
        finishedAt: at(30),
        attempts: [{ startedAt: at(0), endedAt: at(30), status: 'failed' }],
      },
    });
    const steps = [fakeStep({ number: 2, id: 'network', delayMs: 20 }, t)];
    const result = await runSteps(runOptions(steps, { journal }));
    const entry = journal.get('network')!;
    expect(entry.attempts).toHaveLength(2);
    expect(entry.attempts![0]).toEqual({ startedAt: at(0), endedAt: at(30), status: 'failed' });
    const second = entry.attempts![1]!;
    expect(second.status).toBe('done');
    // The result's duration is the attempt's own: the live row, the end table and the state agree.
    expect(Date.parse(second.endedAt!) - Date.parse(second.startedAt)).toBe(result.steps[0]!.durationMs);

    const state = createState({ command: 'init', target: { kind: 'azure', cloud: 'AzureCloud', armEndpoint: 'https://x' }, config });
    state.steps.network = entry;
    const shown = stepsFromState(state, false).find((s) => s.id === 'network')!;
    expect(shown.durationMs).toBe(30_000 + result.steps[0]!.durationMs!);
    expect(shown.attempts).toHaveLength(2);
  });

  it('a state file written before attempts were kept still shows its last run', () => {
    const state = createState({ command: 'init', target: { kind: 'azure', cloud: 'AzureCloud', armEndpoint: 'https://x' }, config });
    state.steps.network = { status: 'done', startedAt: at(0), finishedAt: at(12) };
    const shown = stepsFromState(state, false).find((s) => s.id === 'network')!;
    expect(shown.durationMs).toBe(12_000);
    expect(shown.attempts).toBeUndefined();
  });
});
