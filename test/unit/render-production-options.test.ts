import { describe, expect, it } from 'vitest';
import { renderConfigChanges, configChanges } from '../../src/cli/render/config-changes.js';
import { estimateCost, formatCost, totalCost } from '../../src/cli/render/cost-estimate.js';
import { renderDeploymentSummary } from '../../src/cli/render/deployment-summary.js';
import { BufferedOutput } from '../../src/cli/render/output.js';
import { optionRows, windowWords } from '../../src/cli/render/production-options.js';
import { planCostUsd } from '../../src/cli/render/plan.js';
import { resourceNames } from '../../src/config/names.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { makeChalk } from '../../src/io/color.js';
import { testConfig } from '../helpers/step-context.js';

const c = makeChalk(false);
const emulator = { kind: 'emulator' as const, cloud: 'AzureCloud' as const, armEndpoint: 'https://127.0.0.1:1' };

function summary(config: ResolvedConfig): string {
  const out = new BufferedOutput(200);
  renderDeploymentSummary(out, c, config, resourceNames(config), emulator);
  return out.stderr;
}

const everything = testConfig({
  tier: 'premium',
  zones: ['1', '2', '3'],
  nodeMinCount: 2,
  nodeMaxCount: 5,
  userPool: true,
  userPoolVmSize: 'Standard_D8ds_v5',
  userPoolCount: 2,
  userPoolZones: ['1', '2'],
  userPoolMinCount: 1,
  userPoolMaxCount: 4,
  tags: ['env=prod', 'team=platform'],
  monitoring: true,
  azurePolicy: true,
  policyBaseline: true,
  defender: true,
  keyVault: true,
  autoUpgradeWindow: 'Sunday 02:00 4h',
  nodeOsUpgradeWindow: 'Saturday 22:00 6h +01:00',
});

describe('summary lines of the production options', () => {
  it('options off: only the pricing tier, no pool, tag, add-on or window line', () => {
    const rows = optionRows(testConfig(), resourceNames(testConfig()));
    expect(rows).toEqual([['pricing tier', expect.stringMatching(/^Standard: financially backed uptime SLA/)]]);
    const text = summary(testConfig());
    expect(text).not.toMatch(/user pool|tags|Container Insights|Defender|Key Vault|Azure Policy|window/);
  });

  it('each option that is on has its line, add-ons with what they add to the firewall', () => {
    const text = summary(everything);
    expect(text).toMatch(/pricing tier +Premium: the Standard SLA plus long-term support/);
    expect(text).toMatch(/system pool +zones 1, 2, 3; autoscaler 2-5 nodes; system pods only \(taint CriticalAddonsOnly=true:NoSchedule\)/);
    expect(text).toMatch(/user pool +user, 2 x Standard_D8ds_v5, for workloads; zones 1, 2; autoscaler 1-4 nodes/);
    expect(text).toMatch(/tags +env=prod, team=platform \(on every resource\)/);
    expect(text).toMatch(/Container Insights +Azure Monitor: logs and metrics to Log Analytics workspace log-aks-test \(new\)/);
    expect(text).toContain('eastus.handler.control.monitor.azure.com');
    // Exactly the names Microsoft lists (the AzureMonitor service tag would open far more).
    expect(text).toContain('eastus.handler.control.monitor.azure.com');
    expect(text).not.toContain('service tag');
    expect(text).toMatch(
      /Azure Policy +Azure Policy add-on: audits and enforces policy in the cluster; pod security baseline initiative assigned/,
    );
    expect(text).toContain('data.policy.core.windows.net, store.policy.core.windows.net, dc.services.visualstudio.com');
    expect(text).toContain('*.cloud.defender.microsoft.com');
    expect(text).toMatch(/Key Vault CSI +Key Vault secrets provider \(CSI driver\); private Key Vault \S+ behind private endpoint pe-/);
    expect(text).toMatch(/upgrade window +Kubernetes upgrades Sundays 02:00-06:00 UTC\n/);
    expect(text).toMatch(/node OS window +node image updates Saturdays 22:00-04:00 UTC\+01:00/);
  });

  it('an existing workspace is named as yours, not created', () => {
    const id = '/subscriptions/s/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/log-central';
    const rows = optionRows({ ...everything, logAnalyticsWorkspace: id }, resourceNames(everything));
    expect(rows.find(([l]) => l === 'Container Insights')![1]).toContain('your Log Analytics workspace log-central');
  });

  it('a week-long window keeps its length', () => {
    expect(windowWords('Monday 00:00 168h')).toBe('Mondays 00:00-00:00 (168h) UTC');
  });
});

describe('cost lines of the production options', () => {
  const line = (config: ResolvedConfig, part: string) => estimateCost(config).find((l) => l.part === part);

  it('tier: Free 0, Standard ~0.10 and Premium ~0.60 USD per cluster-hour', () => {
    expect(line(testConfig({ tier: 'free' }), 'tier')!.usdPerMonth).toBe(0);
    expect(line(testConfig({ tier: 'standard' }), 'tier')!.usdPerMonth).toBeCloseTo(73);
    expect(line(testConfig({ tier: 'premium' }), 'tier')!.usdPerMonth).toBeCloseTo(438);
  });

  it('options off: no line for them, and the total is the base', () => {
    const parts = estimateCost(testConfig()).map((l) => l.part);
    expect(parts).toEqual(['firewall', 'tier', 'nodes', 'bastion', 'jumphost']);
  });

  it('autoscaled pools are ranges up to their maximum; the total is a range too', () => {
    const nodes = line(everything, 'nodes')!;
    expect(nodes.item).toBe('2-5 x Standard_D4ds_v5 nodes (autoscaler)');
    expect(nodes.upToUsdPerMonth! / nodes.usdPerMonth).toBeCloseTo(2.5);
    const user = line(everything, 'userPool')!;
    expect(user.usdPerMonth).toBeCloseTo(2 * 0.452 * 730);
    expect(user.upToUsdPerMonth).toBeCloseTo(4 * 0.452 * 730);
    expect(formatCost(user)).toBe('~660-1320 USD');
    expect(totalCost(estimateCost(everything)).upToUsdPerMonth).toBeGreaterThan(totalCost(estimateCost(everything)).usdPerMonth);
  });

  it('add-ons: Log Analytics per GB (no amount), Defender per vCore, Key Vault endpoint, Policy free', () => {
    const logs = line(everything, 'monitoring')!;
    expect(logs.perUse).toBe('~2.30 USD per GB ingested, depends on volume');
    expect(logs.usdPerMonth).toBe(0);
    // 2 system nodes of 4 vCPUs: 8 vCores; with 2-5 of them and 2-4 user nodes of 8: 24 expected, 52 at most.
    const defender = line(testConfig({ defender: true }), 'defender')!;
    expect(defender.item).toBe('Defender for Containers (8 vCores)');
    expect(defender.usdPerMonth).toBeCloseTo(8 * 0.0095 * 730);
    expect(line(everything, 'defender')!.item).toBe('Defender for Containers (24-52 vCores)');
    expect(line(everything, 'keyVault')!.usdPerMonth).toBeCloseTo(7.3);
    expect(line(everything, 'azurePolicy')!.usdPerMonth).toBe(0);
  });

  it('the summary shows the per-use line without an amount and says the total leaves it out', () => {
    const text = summary(everything);
    expect(text).toMatch(/\$\? +Container Insights logs \(Log Analytics\) +~2\.30 USD per GB ingested, depends on volume/);
    expect(text).toMatch(/\$+ +total, before per-use +~\d+-\d+ USD per month/);
  });

  it('a plan prices an option added to an existing cluster, and a tier change by the difference', () => {
    const created = (resourceType: string) => [{ changes: [{ action: 'create' as const, resourceType, name: 'x' }] }];
    const keyVault = testConfig({ keyVault: true });
    expect(planCostUsd(created('Microsoft.Network/privateEndpoints'), keyVault)).toBeCloseTo(7.3);
    const tier = [
      {
        changes: [
          {
            action: 'update' as const,
            resourceType: 'Microsoft.ContainerService/managedClusters',
            name: 'aks-test',
            diff: [{ property: 'sku.tier', current: 'Standard', desired: 'Premium' }],
          },
        ],
      },
    ];
    expect(planCostUsd(tier, testConfig({ tier: 'premium' }))).toBeCloseTo(365);
  });
});

describe('recorded configuration changes of the production options, in words', () => {
  const render = (recorded: Partial<ResolvedConfig>, requested: Partial<ResolvedConfig>) => {
    const out = new BufferedOutput(400);
    renderConfigChanges(out, c, configChanges(recorded, requested), 'err', 'eastus');
    return out.stderr;
  };

  it('a deployment from before the options, run with them off, shows no change', () => {
    const before = testConfig() as Partial<ResolvedConfig>;
    for (const key of ['monitoring', 'azurePolicy', 'defender', 'keyVault', 'userPool', 'tags', 'zones', 'userPoolZones'] as const)
      delete before[key];
    expect(configChanges(before, testConfig())).toEqual([]);
  });

  it('tier, add-ons, user pool, baseline, tags and windows each say what they change', () => {
    expect(render(testConfig(), testConfig({ tier: 'premium' }))).toContain(
      '~ tier: standard -> premium (pricing tier becomes Premium: the Standard SLA plus long-term support',
    );
    expect(render(testConfig(), testConfig({ monitoring: true }))).toMatch(
      /~ monitoring: false -> true \(Azure Monitor Container Insights turned on: .*; the firewall allows \*\.ods\.opinsights\.azure\.com,.*eastus\.handler\.control\.monitor\.azure\.com/,
    );
    expect(render(testConfig({ defender: true }), testConfig())).toContain(
      '~ defender: true -> false (Microsoft Defender for Containers turned off in the cluster; its firewall rules are removed)',
    );
    expect(render(testConfig(), testConfig({ userPool: true }))).toContain('a user pool for workloads is added');
    expect(render(testConfig(), testConfig({ azurePolicy: true, policyBaseline: true }))).toContain(
      '~ policyBaseline: false -> true (pod security baseline initiative assigned to the cluster)',
    );
    expect(render(testConfig(), testConfig({ tags: ['env=prod'] }))).toContain('(tags change on every resource of the deployment)');
    expect(render(testConfig(), testConfig({ autoUpgradeWindow: 'Sunday 02:00 4h' }))).toContain(
      '(Kubernetes upgrades only Sundays 02:00-06:00 UTC)',
    );
    expect(render(testConfig({ nodeOsUpgradeWindow: 'Sunday 02:00 4h' }), testConfig())).toContain('(node image updates at any time)');
  });

  it('other keys keep their plain old -> new line', () => {
    expect(render(testConfig(), testConfig({ testDeployment: false }))).toBe(
      'What changes in the recorded configuration (the state file):\n  ~ testDeployment: true -> false\n',
    );
  });
});
