import { describe, expect, it } from 'vitest';
import { planSteps } from '../../src/engine/plan.js';
import { runSteps } from '../../src/engine/runner.js';
import { mayStart, validateGraph, type FinalState } from '../../src/engine/schedule.js';
import type { StepId, StepOutputs } from '../../src/core/step.js';
import type { Step, StepContext } from '../../src/engine/step.js';
import { runOptions, Timeline } from './engine-fakes.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Fake {
  number: number;
  id: StepId;
  dependsOn?: StepId[];
  needs?: Step['needs'];
  /** The body of apply: publish, wait, read outputs... */
  body?: (ctx: StepContext) => Promise<StepOutputs | void>;
  check?: (ctx: StepContext) => void;
}

/** A step made of timers that records when its apply starts and ends. */
function step(f: Fake, t: Timeline): Step {
  return {
    number: f.number,
    id: f.id,
    title: `Step ${f.id}`,
    dependsOn: f.dependsOn ?? [],
    ...(f.needs ? { needs: f.needs } : {}),
    async check(ctx) {
      f.check?.(ctx);
      return [];
    },
    async apply(ctx) {
      t.entries.push(`start ${f.id}`);
      try {
        return (await f.body?.(ctx)) ?? {};
      } finally {
        t.entries.push(`end ${f.id}`);
      }
    },
    async verify() {},
  };
}

const at = (t: Timeline, e: string) => t.entries.indexOf(e);

/** Step 3 as the publishing tests need it: publishes the firewall policy id at once, then works `ms` longer and returns `outputs`. */
function publishingEgressRoute(t: Timeline, ms: number, outputs: StepOutputs): Step {
  return step(
    {
      number: 3,
      id: 'egress-route',
      body: async (ctx) => {
        ctx.publish({ firewallPolicyId: '/policy' });
        await sleep(ms);
        return outputs;
      },
    },
    t,
  );
}

/** A step after step 3 that needs only the policy id step 3 publishes. */
function policyReader(f: Omit<Fake, 'dependsOn' | 'needs'>, t: Timeline): Step {
  return step({ ...f, dependsOn: ['egress-route'], needs: { 'egress-route': ['firewallPolicyId'] } }, t);
}

describe('mayStart: the rule the scheduler applies', () => {
  const cluster = {
    id: 'cluster' as const,
    dependsOn: ['egress-route', 'firewall-rules'] as StepId[],
    needs: { 'firewall-rules': ['ids'] },
  };
  const states = (s: Partial<Record<StepId, FinalState>>) => (id: StepId) => s[id];

  it('waits for a whole dependency unless it is named in needs', () => {
    const published = () => ['ids', 'firewallPolicyId'];
    expect(mayStart(cluster, states({ 'egress-route': 'pending', 'firewall-rules': 'pending' }), published)).toBe(false);
    expect(mayStart(cluster, states({ 'egress-route': 'done', 'firewall-rules': 'pending' }), published)).toBe(true);
    expect(mayStart(cluster, states({ 'egress-route': 'done', 'firewall-rules': 'pending' }), () => [])).toBe(false);
    expect(mayStart(cluster, states({ 'egress-route': 'skipped', 'firewall-rules': 'done' }), () => [])).toBe(true);
  });

  it('an empty needs list means: do not wait for that step to start', () => {
    const bastion = { id: 'bastion' as const, dependsOn: ['firewall-rules'] as StepId[], needs: { 'firewall-rules': [] } };
    expect(mayStart(bastion, states({ 'firewall-rules': 'pending' }), () => [])).toBe(true);
  });

  it('refuses needs on a step that is not in dependsOn', () => {
    expect(() =>
      validateGraph([
        { id: 'identity', dependsOn: [] },
        { id: 'network', dependsOn: [], needs: { identity: ['resourceGroupId'] } },
      ]),
    ).toThrow(expect.objectContaining({ code: 'StepGraphInvalid' }));
  });
});

describe('runner with published outputs', () => {
  it('starts a step that needs only published outputs before the publisher ends; others wait for the end', async () => {
    const t = new Timeline();
    const seen: unknown[] = [];
    const steps = [
      publishingEgressRoute(t, 80, { firewallId: '/fw' }),
      policyReader(
        {
          number: 4,
          id: 'firewall-rules',
          body: async (ctx) => {
            seen.push(ctx.outputs('egress-route').firewallPolicyId);
          },
        },
        t,
      ),
      step({ number: 5, id: 'cluster', dependsOn: ['egress-route', 'firewall-rules'] }, t),
    ];
    const opts = runOptions(steps);
    const result = await runSteps(opts);
    expect(result.status).toBe('done');
    expect(seen).toEqual(['/policy']);
    expect(at(t, 'end firewall-rules')).toBeLessThan(at(t, 'end egress-route'));
    expect(at(t, 'start cluster')).toBeGreaterThan(at(t, 'end egress-route'));
    // Published and returned outputs both reach the journal, and the results stay in article order.
    expect(opts.journal.get('egress-route')?.outputs).toEqual({ firewallPolicyId: '/policy', firewallId: '/fw' });
    expect(result.steps.map((s) => s.id)).toEqual(['egress-route', 'firewall-rules', 'cluster']);
  });

  it('a dependency that ends without publishing still releases its dependents', async () => {
    const t = new Timeline();
    const steps = [
      step({ number: 1, id: 'identity', body: async () => ({ identityId: '/id' }) }, t),
      step({ number: 2, id: 'network', dependsOn: ['identity'], needs: { identity: ['resourceGroupId'] } }, t),
    ];
    const result = await runSteps(runOptions(steps));
    expect(result.steps.map((s) => s.status)).toEqual(['done', 'done']);
    expect(at(t, 'start network')).toBeGreaterThan(at(t, 'end identity'));
  });

  it('throws for an output read that needs does not list, until waitFor', async () => {
    const t = new Timeline();
    const reads: unknown[] = [];
    const steps = [
      publishingEgressRoute(t, 30, { routeTableId: '/rt' }),
      policyReader(
        {
          number: 7,
          id: 'nsg',
          body: async (ctx) => {
            expect(() => ctx.outputs('egress-route').routeTableId).toThrow(expect.objectContaining({ code: 'UndeclaredDependency' }));
            expect(Object.keys(ctx.outputs('egress-route'))).toEqual(['firewallPolicyId']);
            await ctx.waitFor('egress-route');
            reads.push(ctx.outputs('egress-route').routeTableId);
          },
        },
        t,
      ),
      step(
        {
          number: 8,
          id: 'bastion',
          dependsOn: ['egress-route'],
          body: async (ctx) => {
            await ctx.waitFor('nsg');
          },
        },
        t,
      ),
    ];
    const result = await runSteps(runOptions(steps));
    expect(reads).toEqual(['/rt']);
    const bastion = result.steps.find((s) => s.id === 'bastion');
    expect(bastion?.error?.code).toBe('UndeclaredDependency');
  });

  it('runs a step with an empty needs list alongside its dependency and lets it wait inside apply', async () => {
    const t = new Timeline();
    const steps = [
      step({ number: 4, id: 'firewall-rules', body: async () => void (await sleep(60)) }, t),
      step(
        {
          number: 8,
          id: 'bastion',
          dependsOn: ['firewall-rules'],
          needs: { 'firewall-rules': [] },
          body: async (ctx) => {
            t.entries.push('bastion host built');
            await ctx.waitFor('firewall-rules');
            t.entries.push('jumphost built');
          },
        },
        t,
      ),
    ];
    const result = await runSteps(runOptions(steps));
    expect(result.status).toBe('done');
    expect(at(t, 'bastion host built')).toBeLessThan(at(t, 'end firewall-rules'));
    expect(at(t, 'jumphost built')).toBeGreaterThan(at(t, 'end firewall-rules'));
  });

  it('a step waiting for a failed dependency fails instead of hanging, and so does one waiting for a step that never starts', async () => {
    const t = new Timeline();
    const steps = [
      step(
        {
          number: 3,
          id: 'egress-route',
          body: async () => {
            await sleep(20);
            throw new Error('firewall failed');
          },
        },
        t,
      ),
      policyReader({ number: 4, id: 'firewall-rules' }, t),
      step(
        {
          number: 7,
          id: 'nsg',
          dependsOn: ['egress-route'],
          needs: { 'egress-route': [] },
          body: async (ctx) => ctx.waitFor('egress-route'),
        },
        t,
      ),
      step(
        {
          number: 8,
          id: 'bastion',
          dependsOn: ['firewall-rules'],
          needs: { 'firewall-rules': [] },
          body: async (ctx) => ctx.waitFor('firewall-rules'),
        },
        t,
      ),
    ];
    const result = await runSteps(runOptions(steps));
    expect(result.steps.map((s) => [s.id, s.status, s.error?.code])).toEqual([
      ['egress-route', 'failed', 'InternalError'],
      ['firewall-rules', 'pending', undefined],
      ['nsg', 'failed', 'DependencyNotDone'],
      ['bastion', 'failed', 'DependencyNotDone'],
    ]);
    expect(result.error?.message).toMatch(/firewall failed/);
  });

  it('plan never publishes: a check that tries is a bug', async () => {
    const t = new Timeline();
    const steps = [step({ number: 1, id: 'identity', check: (ctx) => ctx.publish({ resourceGroupId: '/rg' }) }, t)];
    const result = await planSteps(runOptions(steps));
    expect(result.steps[0]?.error?.code).toBe('CheckWrote');
  });
});
