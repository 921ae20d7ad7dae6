import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpointFlags, runMain } from '../helpers/cli-main.js';
import { UNATTENDED_JSON } from '../helpers/cli-args.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';

/**
 * Add-ons through the CLI: a deployment made with an add-on on plans nothing more when re-planned; planning
 * it off shows its firewall rule collection going; a deployment made before, with every add-on off, plans
 * no change at all (no add-on collection appears, none is removed).
 */
const emu = useTestEmulator({ speed: SPEED.instant });
let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'secure-aks-addons-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface PlanChange {
  action: string;
  name: string;
  diff?: Array<{ property: string; current?: unknown; desired?: unknown }>;
}
const changesOf = (stdout: string, step: string): PlanChange[] =>
  (JSON.parse(stdout).steps.find((s: { id: string }) => s.id === step)?.changes ?? []).filter((c: PlanChange) => c.action !== 'none');

async function deployed(name: string, flags: string[]): Promise<string> {
  const cwd = join(work, name);
  mkdirSync(cwd);
  const args = ['init', ...endpointFlags(emu), ...UNATTENDED_JSON, '-g', `rg-${name}`, '-n', name, '-l', 'uksouth'];
  const first = await runMain([...args, '--no-test-deployment', ...flags], {}, { cwd });
  expect(first.code, first.stderr).toBe(0);
  return cwd;
}

describe('add-on egress through plan', () => {
  it('an add-on turned off shows its rule collection removed; left on, nothing changes', async () => {
    const cwd = await deployed('aks-pol', ['--azure-policy']);
    const same = await runMain(['plan', '--non-interactive', '-o', 'json'], {}, { cwd });
    expect(same.code, same.stderr).toBe(0);
    expect(changesOf(same.stdout, 'firewall-rules')).toEqual([]);

    // Step 4 keeps the collection while the cluster runs the add-on; step 5 turns it off, then removes it.
    const off = await runMain(['plan', '--non-interactive', '-o', 'json', '--no-azure-policy'], {}, { cwd });
    expect(off.code, off.stderr).toBe(0);
    expect(changesOf(off.stdout, 'firewall-rules')).toEqual([]);
    expect(changesOf(off.stdout, 'cluster')).toEqual([
      expect.objectContaining({
        action: 'update',
        diff: [expect.objectContaining({ property: 'addonProfiles.azurepolicy.enabled', current: true, desired: false })],
      }),
      expect.objectContaining({
        action: 'update',
        name: expect.stringMatching(/\/rcg-/),
        note: 'once the cluster no longer runs the add-on',
        diff: [expect.objectContaining({ property: 'ruleCollections.addon-azurePolicy', current: '1 rule: azurePolicy' })],
      }),
    ]);
    const text = await runMain(['plan', '--non-interactive', '--no-azure-policy'], {}, { cwd });
    expect(text.stdout).toMatch(/ruleCollections\.addon-azurePolicy: 1 rule: azurePolicy -> \(none\)/);

    // One init applies it: the add-on is off on the cluster, its rules are gone after that, the cluster is healthy.
    const init = await runMain(['init', '--non-interactive', '--yes', '--no-azure-policy'], {}, { cwd });
    expect(init.code, init.stderr).toBe(0);
    const progress = init.stderr.split('\n');
    const addonOff = progress.findIndex((l) => /cluster aks-pol.*(updat|waiting)/i.test(l));
    const rulesGone = progress.findIndex((l) => l.includes('removing the rules of add-ons turned off'));
    expect(rulesGone, init.stderr).toBeGreaterThan(addonOff);
    expect(addonOff, init.stderr).toBeGreaterThanOrEqual(0);
    const after = await runMain(['plan', '--non-interactive', '-o', 'json'], {}, { cwd });
    expect(after.stdout).not.toContain('addon-azurePolicy');
    expect(changesOf(after.stdout, 'firewall-rules')).toEqual([]);
    expect(changesOf(after.stdout, 'cluster')).toEqual([]);
    const verify = JSON.parse((await runMain(['verify', '-o', 'json'], {}, { cwd })).stdout);
    expect(verify.status).toBe('pass');
    expect(
      verify.checks.filter((c: { id: string }) => c.id.startsWith('addon.azurePolicy.')).map((c: { result: string }) => c.result),
    ).toEqual(['not-applicable', 'not-applicable', 'not-applicable']);
  });

  it('a deployment with every add-on off plans no firewall change', async () => {
    const cwd = await deployed('aks-none', []);
    const plan = await runMain(['plan', '--non-interactive', '-o', 'json'], {}, { cwd });
    expect(plan.code, plan.stderr).toBe(0);
    expect(changesOf(plan.stdout, 'firewall-rules')).toEqual([]);
    expect(plan.stdout).not.toContain('addon-');
  });
});
