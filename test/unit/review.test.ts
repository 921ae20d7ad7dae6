import { describe, expect, it } from 'vitest';
import type { ConfigOption } from '../../src/config/options.js';
import { AbortError, type SecureAksError } from '../../src/core/errors.js';
import { PromptBack, type IoAnswer, type IoHost, type IoRequest } from '../../src/io/host.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { review, type ReviewInput } from '../../src/cli/interactive/review.js';
import { testConfig } from '../helpers/step-context.js';

const BACK = Symbol('Esc');
type Answer = string | boolean | typeof BACK;

/** A terminal answering from a script, in order; it remembers every question asked. */
class ScriptedHost implements IoHost {
  readonly interactive = true;
  readonly asked: IoRequest[] = [];
  constructor(private readonly script: Answer[]) {}
  notify(): void {}
  async requestResponse<R extends IoRequest>(request: R): Promise<IoAnswer<R>> {
    this.asked.push(request);
    if (this.script.length === 0) throw new Error(`unexpected question: ${request.message}`);
    const answer = this.script.shift()!;
    if (answer === BACK) throw new PromptBack();
    return answer as IoAnswer<R>;
  }
  close(): void {}
}

const noProblems = { problems: [], notes: [] };

function reviewWith(host: ScriptedHost, over: Partial<ReviewInput> = {}) {
  const shown: ResolvedConfig[] = [];
  const errors: SecureAksError[] = [];
  const input: ReviewInput = {
    io: host,
    config: testConfig({ nodeCount: 1 }),
    sources: {},
    // Value prompts answer from the same script, as the pickers would.
    prompt: (option: ConfigOption, dflt, _known, options) =>
      host.requestResponse({
        kind: 'input',
        code: `config.${option.key}`,
        message: option.key,
        default: dflt,
        source: { key: option.key, flag: option.flag, env: option.env, configKey: option.key },
        ...options,
      }),
    yes: false,
    check: async () => noProblems,
    show: (c) => shown.push(c),
    error: (p) => errors.push(p),
    ...over,
  };
  return { run: () => review(input), shown, errors };
}

describe('the summary question', () => {
  it('defaults to Cancel for create, update and resume (Enter alone changes nothing)', async () => {
    for (const intent of ['create', 'update', 'resume'] as const) {
      const host = new ScriptedHost(['create']);
      await reviewWith(host, { intent, ...(intent === 'resume' ? { prompt: undefined } : {}) }).run();
      expect(host.asked[0]).toMatchObject({ code: 'init.review', default: 'cancel' });
    }
  });

  it('Cancel saves through onCancel, then ends with "Nothing was changed"', async () => {
    const saved: ResolvedConfig[] = [];
    const host = new ScriptedHost(['cancel']);
    const err = await reviewWith(host, { onCancel: async (c) => void saved.push(c) })
      .run()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect((err as Error).message).toMatch(/Nothing was changed/);
    expect(saved.map((c) => c.nodeCount)).toEqual([1]);
  });

  it('asks nothing when Azure already matches, and nothing under --yes, but compares (shows the diff) in both', async () => {
    let compared = 0;
    const host = new ScriptedHost([]);
    const same = await reviewWith(host, { intent: 'update', compare: async () => (compared++, false) }).run();
    expect(same.upToDate).toBe(true);
    const yes = await reviewWith(host, { intent: 'update', yes: true, compare: async () => (compared++, true) }).run();
    expect(yes.upToDate).toBe(false);
    expect(compared).toBe(2);
    expect(host.asked).toEqual([]);
  });
});

describe('Edit a value', () => {
  it('labels each value as a person reads it, with its current value, and ends with Done', async () => {
    const host = new ScriptedHost(['edit', '(done)', 'create']);
    await reviewWith(host).run();
    const picker = host.asked[1] as Extract<IoRequest, { kind: 'select' }>;
    const names = picker.choices.map((c) => c.name);
    expect(names).toContain(`Node count             1`);
    expect(names.some((n) => /^Node VM size\s+Standard_/.test(n!))).toBe(true);
    expect(names.some((n) => /^Virtual network range\s+10\.42\.0\.0\/16$/.test(n!))).toBe(true);
    expect(names.at(-1)).toBe('Done (back to the summary)');
    expect(picker.escapeGoesBack).toBe(true);
  });

  it('Done, or Esc in the picker or in a value prompt, goes back to the summary with nothing changed', async () => {
    const host = new ScriptedHost(['edit', '(done)', 'edit', BACK, 'edit', 'nodeCount', BACK, 'create']);
    const r = reviewWith(host);
    const { config } = await r.run();
    expect(config.nodeCount).toBe(1);
    expect(r.shown.map((c) => c.nodeCount)).toEqual([1, 1, 1, 1]);
    expect(host.asked.filter((q) => q.code === 'config.nodeCount')[0]).toMatchObject({ escapeGoesBack: true });
  });

  it('an edit that does not validate is an error with what to do, and the picker comes back', async () => {
    const host = new ScriptedHost(['edit', 'vnetCidr', '10.99.0.0/16', '(done)', 'create']);
    const r = reviewWith(host, { sources: { nodeSubnetCidr: { kind: 'state', name: 'state' } } });
    const { config } = await r.run();
    expect(r.errors.map((e) => e.code)).toContain('SubnetOutsideVnet');
    expect(r.errors[0].remediation).toMatch(/Choose a nodeSubnetCidr inside 10\.99\.0\.0\/16/);
    expect(host.asked.filter((q) => q.code === 'init.edit')).toHaveLength(2);
    // Done after the refused edit: the last valid configuration, not the refused one.
    expect(config.vnetCidr).toBe('10.42.0.0/16');
  });
});
