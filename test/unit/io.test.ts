import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { colorEnabled, makeChalk } from '../../src/io/color.js';
import { createIoHost } from '../../src/io/create.js';
import { NonInteractiveIoHost } from '../../src/io/non-interactive.js';
import { RecordingIoHost } from '../../src/io/recording.js';
import type { IoEvent } from '../../src/io/events.js';
import { InputRequiredError } from '../../src/core/errors.js';

const step = { number: 3, id: 'egress-route' as const, title: 'Egress' };
// eslint-disable-next-line no-control-regex -- looking for terminal escape codes is the point
const ESC = /\u001b\[/;

function capture(tty: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  const s = new PassThrough();
  let text = '';
  s.on('data', (d) => (text += String(d)));
  // What ora needs of a terminal stream.
  Object.assign(s, { isTTY: tty, columns: 100, cursorTo: () => true, moveCursor: () => true, clearLine: () => true });
  return { stream: s as unknown as NodeJS.WriteStream, text: () => text };
}

const events: IoEvent[] = [
  { code: 'run.start', mode: 'apply', steps: [step] },
  { code: 'step.start', step },
  { code: 'step.progress', step, message: 'firewall afw-demo: Updating' },
  { code: 'arm.call', call: { method: 'PUT', path: '/subscriptions/x', status: 201, durationMs: 12, correlationId: 'c-1' } },
  { code: 'step.end', step, status: 'done', durationMs: 1500, summary: 'created 2' },
  { code: 'run.end', mode: 'apply', status: 'done', durationMs: 1600 },
];

describe('io renderers', () => {
  it.each([
    ['non-TTY', false, {}],
    ['NO_COLOR on a TTY-less CI', false, { NO_COLOR: '1', CI: 'true' }],
  ])('writes plain lines without escape codes (%s)', (_name, tty, env) => {
    const out = capture(tty);
    const io = createIoHost({ stream: out.stream, env, verbose: true, stdinIsTTY: false });
    events.forEach((e) => io.notify(e));
    io.close();
    expect(out.text()).not.toMatch(ESC);
    expect(out.text()).toContain('Egress: started');
    expect(out.text()).toContain('firewall afw-demo: Updating');
    expect(out.text()).toContain('ARM PUT /subscriptions/x -> 201');
    expect(out.text()).toMatch(/✔ +3\. Egress \(1\.5s\) created 2/);
  });

  it('hides ARM calls unless verbose', () => {
    const out = capture(false);
    const io = createIoHost({ stream: out.stream, env: {}, stdinIsTTY: false });
    events.forEach((e) => io.notify(e));
    expect(out.text()).not.toContain('ARM PUT');
  });

  it('honours NO_COLOR, TERM=dumb, --no-color and non-TTY; colours a plain TTY', () => {
    expect(colorEnabled({ isTTY: true, env: {} })).toBe(true);
    expect(colorEnabled({ isTTY: true, env: { NO_COLOR: '1' } })).toBe(false);
    expect(colorEnabled({ isTTY: true, env: { TERM: 'dumb' } })).toBe(false);
    expect(colorEnabled({ isTTY: true, env: {}, noColorFlag: true })).toBe(false);
    expect(colorEnabled({ isTTY: false, env: {} })).toBe(false);
    expect(makeChalk(false).red('x')).toBe('x');
    expect(makeChalk(true).red('x')).toMatch(ESC);
  });

  it('uses spinners on a TTY without losing the per-step result line', () => {
    const out = capture(true);
    const io = createIoHost({ stream: out.stream, env: { TERM: 'xterm' }, noColor: true, stdinIsTTY: false });
    events.forEach((e) => io.notify(e));
    io.close();
    expect(out.text()).toMatch(/3\. Egress/);
    expect(out.text()).toMatch(/created 2/);
  });
});

describe('io hosts', () => {
  it('non-interactive host answers with the default and says auto-confirmed', async () => {
    const seen: IoEvent[] = [];
    const io = new NonInteractiveIoHost((e) => seen.push(e));
    const source = { key: 'location', flag: '--location', env: 'SECURE_AKS_LOCATION', configKey: 'location' };
    await expect(io.requestResponse({ kind: 'input', code: 'c', message: 'Region?', default: 'eastus', source })).resolves.toBe('eastus');
    expect(seen[0]).toMatchObject({ code: 'prompt.auto', answer: 'eastus' });
    expect(seen[0].code === 'prompt.auto' && seen[0].message).toMatch(/auto-confirmed/);
    const err = await io.requestResponse({ kind: 'confirm', code: 'ok', message: 'Go?', source }).catch((e) => e);
    expect(err).toBeInstanceOf(InputRequiredError);
    expect(err.exitCode).toBe(3);
    expect(err.missing).toEqual([source]);
  });

  it('recording host answers from its table and records event codes', async () => {
    const io = new RecordingIoHost({ 'init.confirm': true });
    io.notify({ code: 'info', message: 'hello' });
    const source = { key: 'confirmation', flag: '--yes', env: 'SECURE_AKS_YES', configKey: '-' };
    expect(await io.requestResponse({ kind: 'confirm', code: 'init.confirm', message: 'Go?', source })).toBe(true);
    expect(io.codes()).toEqual(['info']);
  });
});
