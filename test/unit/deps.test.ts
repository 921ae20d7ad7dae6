/**
 * The real steps' declarations: what they read is what they declare, and the graph lets the long
 * operations overlap (README, "Reliability and speed, measured"; checked as scheduling rules, never as timings).
 * Azure refuses rule group writes to a policy and subnet writes in a VNet while the firewall provisions, so
 * those happen before the firewall PUT.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mayStart, validateGraph, type FinalState } from '../../src/engine/schedule.js';
import type { StepId } from '../../src/core/step.js';
import type { Step } from '../../src/engine/step.js';
import { STEPS } from '../../src/steps/index.js';

const STEPS_DIR = join(import.meta.dirname, '..', '..', 'src', 'steps');
const byId = new Map(STEPS.map((s) => [s.id, s]));
const get = (id: StepId): Step => byId.get(id)!;
const sourceOf = (step: Step) => {
  const file = readdirSync(STEPS_DIR).find((f) => f.startsWith(`${String(step.number).padStart(2, '0')}-`))!;
  return readFileSync(join(STEPS_DIR, file), 'utf8');
};

/** May `id` start when the given steps are in these states and have published these outputs? */
function startsWhen(id: StepId, states: Partial<Record<StepId, FinalState>>, published: Partial<Record<StepId, string[]>> = {}): boolean {
  return mayStart(
    get(id),
    (d) => states[d] ?? 'pending',
    (d) => published[d] ?? [],
  );
}

/** Every step finished except these (which are running or waiting). */
function allDoneBut(...running: StepId[]): Partial<Record<StepId, FinalState>> {
  return Object.fromEntries(STEPS.map((s) => [s.id, running.includes(s.id) ? 'pending' : 'done']));
}

function transitiveDeps(id: StepId, seen = new Set<StepId>()): Set<StepId> {
  for (const d of get(id).dependsOn) if (!seen.has(d)) transitiveDeps(d, seen.add(d));
  return seen;
}

describe('step declarations match what the steps read', () => {
  it('form a valid graph', () => {
    expect(() => validateGraph(STEPS)).not.toThrow();
  });

  it('read outputs only of steps in dependsOn, and of a step in needs only the listed keys (source scan)', () => {
    for (const step of STEPS) {
      const src = sourceOf(step);
      for (const m of src.matchAll(/outputs\('([a-z-]+)'\)(?:\.(\w+))?/g)) {
        const [, dep, key] = m as unknown as [string, StepId, string | undefined];
        expect(step.dependsOn, `${step.id} reads outputs of ${dep}`).toContain(dep);
        const keys = step.needs?.[dep];
        // Reading a needs-dependency as a whole object hides which keys are used: only `.key` reads are allowed.
        if (keys && !src.includes(`waitFor('${dep}')`)) expect(keys, `${step.id} reads ${dep}.${key ?? '(whole object)'}`).toContain(key);
      }
      for (const m of src.matchAll(/waitFor\('([a-z-]+)'\)/g)) expect(step.dependsOn, `${step.id} waits for ${m[1]}`).toContain(m[1]);
    }
  });

  it('helpers under steps/ never read step outputs (only a step file, next to its declaration, may)', () => {
    const helperDirs = readdirSync(STEPS_DIR, { withFileTypes: true }).filter((e) => e.isDirectory());
    expect(helperDirs.map((d) => d.name)).toContain('desired');
    for (const dir of helperDirs) {
      for (const file of readdirSync(join(STEPS_DIR, dir.name))) {
        expect(readFileSync(join(STEPS_DIR, dir.name, file), 'utf8'), file).not.toMatch(/\.outputs\(/);
      }
    }
  });

  it('every output a step needs is published early by the step that owns it', () => {
    for (const step of STEPS) {
      for (const [dep, keys] of Object.entries(step.needs ?? {}) as Array<[StepId, string[]]>) {
        const src = sourceOf(get(dep));
        for (const key of keys) expect(src, `${dep} publishes ${key} for ${step.id}`).toMatch(new RegExp(`publish\\(\\{[^}]*\\b${key}\\b`));
      }
    }
  });
});

describe('the scheduling rules that let the long operations overlap', () => {
  it('the network starts once the resource group exists, before the identity step ends', () => {
    expect(startsWhen('network', {}, { identity: ['resourceGroupId'] })).toBe(true);
    expect(startsWhen('network', {})).toBe(false);
  });

  it('firewall rules go on the policy before the firewall exists: they need only the resource group', () => {
    expect(startsWhen('firewall-rules', {}, { identity: ['resourceGroupId'] })).toBe(true);
    expect(transitiveDeps('firewall-rules').has('egress-route')).toBe(false);
  });

  it('step 3 starts at once, but writes subnets only after the NSG step and the firewall only after the rules', () => {
    expect(startsWhen('egress-route', allDoneBut('egress-route', 'nsg', 'firewall-rules'))).toBe(true);
    const src = sourceOf(get('egress-route'));
    expect(src).toMatch(/waitFor\('nsg'\)[\s\S]*attachToSubnet[\s\S]*waitFor\('firewall-rules'\)[\s\S]*ensureFirewall\(ctx/);
    // No subnet association after the firewall PUT is sent (Azure refuses subnet writes while it provisions).
    const afterFirewall = src.slice(src.indexOf('ensureFirewall(ctx'), src.indexOf('async verify('));
    expect(afterFirewall).not.toMatch(/attachToSubnet/);
  });

  it('the NSG step waits for nothing but the network, so its associations come before the firewall', () => {
    expect(get('nsg').dependsOn).toEqual(['network']);
  });

  it('the cluster starts only when the firewall (with its route table and role assignments), all rules and the NSGs are done', () => {
    const everything = { identity: ['resourceGroupId'] };
    expect(startsWhen('cluster', allDoneBut('egress-route', 'cluster'), everything)).toBe(false);
    expect(startsWhen('cluster', allDoneBut('firewall-rules', 'cluster'), everything)).toBe(false);
    expect(startsWhen('cluster', allDoneBut('nsg', 'cluster'), everything)).toBe(false);
    expect(startsWhen('cluster', allDoneBut('cluster', 'bastion', 'private-endpoint', 'health', 'test-deployment'))).toBe(true);
  });

  it('Bastion and jumphost wait neither for the firewall nor for the cluster to start', () => {
    expect(startsWhen('bastion', allDoneBut('egress-route', 'firewall-rules', 'cluster', 'bastion'))).toBe(true);
    expect(transitiveDeps('bastion').has('cluster')).toBe(false);
    // The jumphost's first boot downloads through the firewall: inside the step it waits for both.
    expect(sourceOf(get('bastion'))).toMatch(/waitFor\('egress-route'\)[\s\S]*waitFor\('firewall-rules'\)[\s\S]*applyJumphost/);
  });

  it('health follows the cluster, the test deployment follows health', () => {
    expect(get('health').dependsOn).toContain('cluster');
    expect(get('test-deployment').dependsOn).toContain('health');
    expect(get('health').needs?.cluster).toBeUndefined();
  });
});
