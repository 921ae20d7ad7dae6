import { describe, expect, it } from 'vitest';
import { chooseAddons, OPTION_PROMPTS, tierPicker, yesNoPrompt } from '../../src/cli/interactive/option-prompts.js';
import { textPrompt } from '../../src/cli/interactive/pickers.js';
import { review } from '../../src/cli/interactive/review.js';
import { resolveConfig, type PromptFn } from '../../src/config/resolve.js';
import { toConfigValues } from '../../src/config/validate.js';
import type { IoAnswer, IoHost, IoRequest } from '../../src/io/host.js';
import { NonInteractiveIoHost } from '../../src/io/non-interactive.js';
import { testConfig } from '../helpers/step-context.js';

type Answer = string | boolean | string[];

/** A terminal answering by question code; it remembers every question asked, in order. */
class ScriptedHost implements IoHost {
  readonly interactive = true;
  readonly asked: IoRequest[] = [];
  constructor(private readonly answers: Record<string, Answer>) {}
  notify(): void {}
  async requestResponse<R extends IoRequest>(request: R): Promise<IoAnswer<R>> {
    this.asked.push(request);
    if (!(request.code in this.answers)) throw new Error(`unexpected question ${request.code}: ${request.message}`);
    return this.answers[request.code] as IoAnswer<R>;
  }
  close(): void {}
  codes(): string[] {
    return this.asked.map((r) => r.code);
  }
}

/** The dispatch of the interactive pickers for these options (the Azure-filled ones are not needed here). */
function promptOf(io: IoHost): PromptFn {
  return (option, dflt, _known, options = {}) => {
    if (option.type === 'boolean') return yesNoPrompt(io, option, dflt, options);
    if (option.key === 'tier') return tierPicker(io, option, dflt, options);
    return textPrompt(io, option, dflt, options);
  };
}

const required = { name: 'aks-demo', resourceGroup: 'rg-demo', location: 'westeurope' };

function resolveWith(io: ScriptedHost, over: { flags?: Record<string, unknown>; recorded?: boolean } = {}) {
  return resolveConfig({
    flags: { ...required, ...over.flags },
    env: {},
    interactive: true,
    prompt: promptOf(io),
    promptFor: OPTION_PROMPTS,
    choose: chooseAddons(io),
    ...(over.recorded ? { recorded: { values: toConfigValues(testConfig()), name: 'state.json' } } : {}),
  });
}

describe('the production option prompts', () => {
  it('asks the tier (each with SLA, support and price), a user pool, then the add-ons in one list', async () => {
    const io = new ScriptedHost({ 'config.tier': 'premium', 'config.userPool': false, 'config.addons': ['monitoring', 'defender'] });
    const { config, sources } = await resolveWith(io);
    expect(io.codes()).toEqual(['config.tier', 'config.userPool', 'config.addons']);
    const tier = io.asked[0] as Extract<IoRequest, { kind: 'select' }>;
    expect(tier.default).toBe('standard');
    expect(tier.choices.map((c) => c.name)).toEqual([
      'Free      no SLA; no charge',
      'Standard  uptime SLA; ~0.10 USD per cluster-hour',
      'Premium   uptime SLA + long-term support; ~0.60 USD per cluster-hour',
    ]);
    expect(tier.choices.map((c) => c.description)).toEqual([
      expect.stringMatching(/^Free: no SLA, best effort/),
      expect.stringMatching(/^Standard: financially backed uptime SLA/),
      expect.stringMatching(/^Premium: the Standard SLA plus long-term support/),
    ]);
    const addons = io.asked[2] as Extract<IoRequest, { kind: 'checkbox' }>;
    expect(addons.default).toEqual([]);
    expect(addons.choices.map((c) => c.value)).toEqual(['monitoring', 'azurePolicy', 'defender', 'keyVault']);
    expect(addons.choices[0]!.name).toBe('Azure Monitor Container Insights');
    expect(addons.choices[0]!.description).toMatch(/^node and container logs/);
    expect(addons.choices[0]!.description).toContain('westeurope.handler.control.monitor.azure.com');
    expect(config).toMatchObject({
      tier: 'premium',
      userPool: false,
      monitoring: true,
      azurePolicy: false,
      defender: true,
      keyVault: false,
    });
    expect(config.policyBaseline).toBe(false);
    expect(sources.monitoring).toEqual({ kind: 'prompt', name: 'prompt' });
  });

  it('a user pool asks its size (offering the node size) and count; Azure Policy asks the baseline', async () => {
    const io = new ScriptedHost({
      'config.tier': 'standard',
      'config.userPool': true,
      'config.userPoolVmSize': 'Standard_D8ds_v5',
      'config.userPoolCount': '3',
      'config.addons': ['azurePolicy'],
      'config.policyBaseline': true,
    });
    const { config } = await resolveWith(io);
    expect(io.codes()).toEqual([
      'config.tier',
      'config.userPool',
      'config.userPoolVmSize',
      'config.userPoolCount',
      'config.addons',
      'config.policyBaseline',
    ]);
    expect(io.asked[1]!.message).toBe('Add a user node pool for your workloads? (the system pool then keeps to system pods)');
    expect((io.asked[3] as { default?: string }).default).toBe('2');
    expect(config).toMatchObject({
      userPool: true,
      userPoolVmSize: 'Standard_D8ds_v5',
      userPoolCount: 3,
      azurePolicy: true,
      policyBaseline: true,
    });
  });

  it('a value supplied is not asked; the list holds only the add-ons nobody supplied', async () => {
    const io = new ScriptedHost({ 'config.addons': ['keyVault'] });
    const { config } = await resolveWith(io, { flags: { tier: 'free', userPool: false, monitoring: true, defender: false } });
    expect(io.codes()).toEqual(['config.addons']);
    expect((io.asked[0] as Extract<IoRequest, { kind: 'checkbox' }>).choices.map((c) => c.value)).toEqual(['azurePolicy', 'keyVault']);
    expect(config).toMatchObject({ tier: 'free', monitoring: true, defender: false, keyVault: true, azurePolicy: false });
  });

  it('a recorded deployment is asked nothing', async () => {
    const io = new ScriptedHost({});
    await resolveWith(io, { recorded: true });
    expect(io.asked).toEqual([]);
  });

  it('without a terminal a list is never asked: its default applies, and is said', async () => {
    const seen: unknown[] = [];
    const io = new NonInteractiveIoHost((e) => void seen.push(e));
    const answer = await io.requestResponse({
      kind: 'checkbox',
      code: 'config.addons',
      message: 'Add-ons',
      default: [],
      choices: [{ value: 'monitoring' }],
      source: { key: 'addons', flag: '--monitoring', env: 'SECURE_AKS_MONITORING', configKey: 'monitoring' },
    });
    expect(answer).toEqual([]);
    expect(seen).toEqual([expect.objectContaining({ code: 'prompt.auto', answer: 'none' })]);
  });
});

/** A terminal answering each question code from its own queue, in order. */
class QueuedHost implements IoHost {
  readonly interactive = true;
  readonly asked: IoRequest[] = [];
  constructor(private readonly answers: Record<string, Answer[]>) {}
  notify(): void {}
  async requestResponse<R extends IoRequest>(request: R): Promise<IoAnswer<R>> {
    this.asked.push(request);
    const queue = this.answers[request.code];
    if (!queue?.length) throw new Error(`unexpected question ${request.code}: ${request.message}`);
    return queue.shift() as IoAnswer<R>;
  }
  close(): void {}
}

describe("the summary's edit picker and the production options", () => {
  it('changes the tier with the tier list and an add-on with a yes/no question, under the picker labels', async () => {
    const io = new QueuedHost({
      'init.review': ['edit', 'edit', 'create'],
      'init.edit': ['tier', 'monitoring'],
      'config.tier': ['premium'],
      'config.monitoring': [true],
    });
    const { config } = await review({
      io,
      config: testConfig(),
      sources: {},
      prompt: promptOf(io),
      yes: false,
      check: async () => ({ problems: [], notes: [] }),
      show: () => undefined,
      error: () => undefined,
    });
    expect(config).toMatchObject({ tier: 'premium', monitoring: true });
    const picker = io.asked.find((r) => r.code === 'init.edit') as Extract<IoRequest, { kind: 'select' }>;
    const labels = picker.choices.map((c) => c.name ?? '');
    expect(labels.find((l) => l.startsWith('Pricing tier'))).toMatch(/^Pricing tier +standard$/);
    expect(labels.find((l) => l.startsWith('Container Insights'))).toMatch(/^Container Insights +no$/);
    expect(io.asked.find((r) => r.code === 'config.monitoring')!.message).toBe(
      'Turn on Azure Monitor Container Insights? (node and container logs and metrics to Log Analytics, billed per GB ingested)',
    );
  });
});
