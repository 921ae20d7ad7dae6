import { describe, expect, it } from 'vitest';
import { renderRunJson } from '../../src/cli/render/json.js';
import { BufferedOutput } from '../../src/cli/render/output.js';
import { applyCommand, planCostUsd, planSummary, renderPlan, renderPlanChanges, shellQuote, showValue } from '../../src/cli/render/plan.js';
import { stepRows } from '../../src/cli/render/step-rows.js';
import { estimateCost } from '../../src/cli/render/cost-estimate.js';
import { DEFAULTS, EMULATOR_SUBSCRIPTION_ID } from '../../src/config/defaults.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import type { Change } from '../../src/core/step.js';
import type { StepResult } from '../../src/engine/result.js';
import { makeChalk } from '../../src/io/color.js';
import { attachmentChange } from '../../src/steps/desired/subnet-association.js';

const c = makeChalk(false);
const config: ResolvedConfig = {
  ...DEFAULTS,
  subscriptionId: EMULATOR_SUBSCRIPTION_ID,
  resourceGroup: 'rg-x',
  location: 'eastus',
  name: 'aks-x',
};
const RT_ID = `/subscriptions/${EMULATOR_SUBSCRIPTION_ID}/resourceGroups/rg-x/providers/Microsoft.Network/routeTables/rt-aks-x`;
const CLUSTER = 'Microsoft.ContainerService/managedClusters';

const step = (number: number, changes: Change[], status: StepResult['status'] = 'pending'): StepResult => ({
  number,
  id: 'network',
  title: `Step ${number}`,
  status,
  changes,
});
const nodeCount = (from: number, to: number): Change => ({
  action: 'update',
  resourceType: CLUSTER,
  name: 'aks-x',
  diff: [{ property: 'agentPoolProfiles.system.count', current: from, desired: to }],
});
const apply = { state: '.secure-aks/state.json', target: { emulator: true }, values: {} };

function printed(steps: StepResult[], cfg = config): string {
  const out = new BufferedOutput();
  renderPlan(out, { steps }, { chalk: c, config: cfg, apply });
  return out.stdout;
}

describe('plan renderer', () => {
  it('shows an update as old -> new, on the resource line for one property and a line each for several', () => {
    const text = printed([
      step(5, [nodeCount(2, 3)]),
      step(3, [
        {
          action: 'update',
          resourceType: 'Microsoft.Network/routeTables/routes',
          name: 'rt-aks-x/default-via-firewall',
          diff: [
            { property: 'nextHopType', current: 'Internet', desired: 'VirtualAppliance' },
            { property: 'nextHopIpAddress', current: undefined, desired: '10.42.0.4' },
          ],
        },
      ]),
    ]);
    expect(text).toMatch(/^ +~ +managedClusters aks-x {2}agentPoolProfiles\.system\.count: 2 -> 3$/m);
    expect(text).toMatch(
      /^ +~ +routes rt-aks-x\/default-via-firewall\n +nextHopType: Internet -> VirtualAppliance\n +nextHopIpAddress: \(none\) -> 10\.42\.0\.4$/m,
    );
  });

  it('names ARM ids by their last segment and cuts long values', () => {
    expect(showValue(RT_ID)).toBe('rt-aks-x');
    expect(showValue(undefined)).toBe('(none)');
    expect(showValue(['a', RT_ID])).toBe('[a, rt-aks-x]');
    const long = showValue({ rules: 'x'.repeat(200) });
    expect(long.length).toBe(60);
    expect(long.endsWith('...')).toBe(true);
  });

  it('a route table association is an update of the subnet, also before the network step creates it', () => {
    const change = attachmentChange('vnet-x', 'snet-aks-nodes', undefined, 'routeTable', RT_ID);
    expect(change).toMatchObject({ action: 'update', name: 'vnet-x/snet-aks-nodes' });
    const out = new BufferedOutput();
    renderPlanChanges(out, c, { steps: [step(3, [change])] });
    expect(out.stdout).toMatch(/^ +~ +subnets vnet-x\/snet-aks-nodes {2}routeTable\.id: \(none\) -> rt-aks-x$/m);
    expect(out.stdout).not.toMatch(/\+ +subnets/);
    // The change list alone: no totals, no hint (init and resume print it before their confirmation).
    expect(out.stdout).not.toMatch(/Plan:|Apply it with/);
  });

  it('totals in terraform words; read-only checks are shown with <= and counted in none of them', () => {
    const steps = [
      step(2, [
        { action: 'create', resourceType: 'Microsoft.Network/virtualNetworks', name: 'vnet-x' },
        { action: 'none', resourceType: 'Microsoft.Network/virtualNetworks/subnets', name: 'vnet-x/a', id: '/a' },
      ]),
      step(9, [{ action: 'read', resourceType: `${CLUSTER}/commandResults`, name: 'aks-x: kubectl get nodes' }]),
      step(5, [nodeCount(2, 3)]),
    ];
    expect(planSummary(steps)).toEqual({ add: 1, change: 1, destroy: 0, checks: 1, hasChanges: true });
    const text = printed(steps);
    expect(text).toMatch(/^ +<= commandResults aks-x: kubectl get nodes$/m);
    expect(text).toContain('Plan: 1 to add, 1 to change, 0 to destroy. 1 read-only check (<=) run with init, counted in none of these.');
    expect(planSummary([step(9, [{ action: 'read', resourceType: 'T', name: 'r' }])]).hasChanges).toBe(false);
  });

  it('a step row with only read-only checks is marked = like an unchanged step, not ~ like one that writes', () => {
    const reads = stepRows([step(9, [{ action: 'read', resourceType: 'T', name: 'kubectl get nodes' }])], c, 'plan');
    expect(reads[0]).toMatch(/^= +9\. Step 9 +1 to read$/);
    const writes = stepRows([step(5, [nodeCount(2, 3)])], c, 'plan');
    expect(writes[0]).toMatch(/^~ +5\. Step 5 +1 to update$/);
  });

  it('no changes: says so, with neither cost nor apply hint', () => {
    const text = printed([step(1, [{ action: 'none', resourceType: 'T', name: 'x' }], 'done')]);
    expect(text).toContain('No changes. Azure matches the configuration: nothing to do.');
    expect(text).not.toMatch(/Cost:|Apply it with/);
  });

  it('prices what the plan adds: everything on an empty subscription, one node for a node count 2 -> 3', () => {
    const all = estimateCost(config).reduce((a, l) => a + l.usdPerMonth, 0);
    const creates = [
      'Microsoft.Network/azureFirewalls',
      CLUSTER,
      'Microsoft.Network/bastionHosts',
      'Microsoft.Compute/virtualMachines',
    ].map((resourceType): Change => ({ action: 'create', resourceType, name: 'n' }));
    expect(planCostUsd([step(1, creates)], config)).toBeCloseTo(all);
    const nodes = estimateCost(config).find((l) => l.part === 'nodes')!.usdPerMonth;
    expect(planCostUsd([step(5, [nodeCount(2, 3)])], config)).toBeCloseTo(nodes / config.nodeCount);
    expect(printed([step(5, [nodeCount(2, 3)])])).toMatch(/^Cost: this plan adds ~\d+ USD per month/m);
    expect(printed([step(5, [nodeCount(3, 2)])])).toMatch(/^Cost: this plan saves ~\d+ USD per month/m);
  });

  it('the apply hint repeats target, config, state (when not the default) and typed values, shell-quoted', () => {
    expect(applyCommand(apply)).toBe('secure-aks init --emulator');
    expect(
      applyCommand({
        state: 'my deployments/it.json',
        target: { emulator: false, armEndpoint: 'https://127.0.0.1:8443', armCa: '/tmp/ca.pem' },
        config: "Bob's.yaml",
        values: { name: 'aks-x', nodeCount: '3', bastion: false, adopt: ['vnet-a', 'rt b'] },
      }),
    ).toBe(
      "secure-aks init --arm-endpoint https://127.0.0.1:8443 --arm-ca /tmp/ca.pem --config 'Bob'\\''s.yaml' " +
        "--state 'my deployments/it.json' --name aks-x --node-count 3 --no-bastion --adopt vnet-a --adopt 'rt b'",
    );
    // Every typed flag comes back: an off flag of an option that defaults to false, a repeated list, a comma list.
    expect(
      applyCommand({
        ...apply,
        values: { tier: 'standard', monitoring: false, keyVault: false, userPool: true, zones: ['1,2,3'], tags: ['a=1', 'b=2'] },
      }),
    ).toBe('secure-aks init --emulator --tier standard --zones 1,2,3 --user-pool --tag a=1 --tag b=2 --no-monitoring --no-key-vault');
    expect(applyCommand({ ...apply, target: { emulator: false, cloud: 'AzureUSGovernment' } })).toBe(
      'secure-aks init --cloud AzureUSGovernment',
    );
    expect(shellQuote('$(rm -rf /)')).toBe("'$(rm -rf /)'");
    expect(printed([step(5, [nodeCount(2, 3)])])).toMatch(/^Apply it with: secure-aks init --emulator$/m);
  });

  it('plan -o json: a summary object and from/to on each diff, beside the contract fields', () => {
    const out = new BufferedOutput();
    const steps = [step(5, [nodeCount(2, 3)])];
    renderRunJson(out, 'plan', { status: 'done', steps, durationMs: 1 }, { summary: planSummary(steps) });
    const doc = JSON.parse(out.stdout);
    expect(doc.status).toBe('done');
    expect(doc.summary).toEqual({ add: 0, change: 1, destroy: 0, checks: 0, hasChanges: true });
    expect(doc.steps[0].changes[0].diff[0]).toEqual({
      property: 'agentPoolProfiles.system.count',
      current: 2,
      desired: 3,
      from: 2,
      to: 3,
    });
  });
});

describe('plan in a 60-column terminal', () => {
  const titled = (number: number, title: string, changes: Change[], status: StepResult['status'] = 'pending'): StepResult => ({
    ...step(number, changes, status),
    title,
  });
  const steps: StepResult[] = [
    titled(3, 'Egress through Azure Firewall: firewall, route table, permissions', [
      { action: 'create', resourceType: 'Microsoft.Network/azureFirewalls', name: 'afw-aks-x' },
      attachmentChange('vnet-aks-x', 'snet-aks-nodes', undefined, 'routeTable', RT_ID),
      {
        action: 'create',
        resourceType: 'Microsoft.Authorization/roleAssignments',
        name: 'Network Contributor for id-aks-x on vnet-aks-x',
        note: 'needs Owner or User Access Administrator',
      },
    ]),
    titled(5, 'Private AKS cluster', [nodeCount(2, 3)]),
    titled(9, 'Cluster health (kubectl through runCommand)', [
      { action: 'read', resourceType: `${CLUSTER}/commandResults`, name: 'aks-x: kubectl get nodes && kubectl get all --all-namespaces' },
    ]),
  ];
  const wideApply = {
    state: 'deployments/production-cluster.json',
    target: { emulator: false, armEndpoint: 'https://127.0.0.1:8443', armCa: './emu/ca.pem' },
    values: { name: 'aks-x', resourceGroup: 'rg-x', location: 'eastus', nodeCount: '3' },
  };
  const render = (width?: number) => {
    const out = new BufferedOutput(width);
    renderPlan(out, { steps }, { chalk: c, config: { ...config, testDeployment: false }, apply: wideApply });
    return out.stdout;
  };
  // A step row's title may end in … (the rows share one title column); every other word is kept whole.
  const words = (text: string) =>
    text
      .split('\n')
      .filter((l) => !/^\S+ +\d+\. /.test(l))
      .join(' ')
      .split(/\s+/)
      .filter((w) => w && w !== '\\');

  it('no line passes 60 columns, no word is cut, changes keep mark, type and name on their first line', () => {
    const wide = render();
    const narrow = render(60);
    expect(wide.split('\n').some((l) => l.length > 60)).toBe(true);
    for (const line of narrow.split('\n')) expect(line.length, line).toBeLessThanOrEqual(60);
    expect(words(narrow)).toEqual(words(wide));
    // The old -> new values wrap under the resource, not the resource under its values.
    expect(narrow).toMatch(/^ +~ +subnets +vnet-aks-x\/snet-aks-nodes\n +routeTable\.id: \(none\) -> rt-aks-x$/m);
    expect(narrow).toMatch(/^ +~ +managedClusters +aks-x\n +agentPoolProfiles\.system\.count: 2 -> 3$/m);
    expect(narrow).toMatch(/^ +\+ +roleAssignments +Network Contributor for/m);
    // The apply command still pastes as one command.
    expect(narrow).toMatch(/^Apply it with:\n {2}secure-aks init .* \\\n {6}\S/m);
  });

  it('the diff init shows before its question fits the stream it goes to', () => {
    const out = new BufferedOutput(60);
    renderPlanChanges(out, c, { steps }, 'err');
    expect(out.stdout).toBe('');
    for (const line of out.stderr.split('\n')) expect(line.length, line).toBeLessThanOrEqual(60);
    expect(out.stderr).toMatch(/^ +~ +subnets +vnet-aks-x\/snet-aks-nodes\n +routeTable\.id: \(none\) -> rt-aks-x$/m);
  });
});
