import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  ApplicationRule,
  FirewallPolicyFilterRuleCollection,
  FirewallPolicyRuleCollectionGroup,
  NetworkRule,
} from '@azure/arm-network';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AzureClients } from '../../src/azure/types.js';
import { endpointFlags, runMain } from '../helpers/cli-main.js';
import { UNATTENDED_JSON } from '../helpers/cli-args.js';
import { startTestEmulator, SUB, type TestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';

/**
 * Every production option on at once, through the CLI in-process against one emulator deployment that the
 * cases below share (each mends what it breaks): init, the firewall policy's add-on rules, the tags on every
 * resource, verify, one add-on's rules removed behind the product's back, and a re-init that restores them.
 */

/**
 * What Microsoft lists per add-on (public cloud, region eastus), copied here by hand from the Learn pages
 * so that a product list that drifts from them fails this test:
 * - Container Insights: "Network firewall requirements for monitoring Kubernetes clusters",
 *   https://learn.microsoft.com/azure/azure-monitor/containers/kubernetes-monitoring-firewall
 * - Azure Policy, Defender, the CSI secrets store: "Outbound network and FQDN rules for AKS clusters",
 *   https://learn.microsoft.com/azure/aks/outbound-rules-control-egress (AKS addons and integrations);
 *   Defender's sensor backend: https://learn.microsoft.com/azure/defender-for-cloud/defender-for-containers-network-access
 */
const MICROSOFT_LISTS: Record<string, string[]> = {
  monitoring: [
    '*.ods.opinsights.azure.com',
    '*.oms.opinsights.azure.com',
    'dc.services.visualstudio.com',
    '*.monitoring.azure.com',
    'login.microsoftonline.com',
    'global.handler.control.monitor.azure.com',
    'eastus.handler.control.monitor.azure.com',
    '*.ingest.monitor.azure.com',
    '*.metrics.ingest.monitor.azure.com',
  ],
  azurePolicy: ['data.policy.core.windows.net', 'store.policy.core.windows.net', 'dc.services.visualstudio.com'],
  defender: ['login.microsoftonline.com', '*.ods.opinsights.azure.com', '*.oms.opinsights.azure.com', '*.cloud.defender.microsoft.com'],
  keyVault: ['vault.azure.net'],
};
const ADDONS = Object.keys(MICROSOFT_LISTS);
const USER_TAGS = { 'cost-center': '1234', owner: 'platform-team' };

interface Check {
  id: string;
  result: string;
  evidence: string;
}

const RG = 'rg-allopts';
const NAME = 'aks-allopts';
const POLICY = `afwp-${NAME}`;
const LRO = { updateIntervalInMs: 20 };

let work: string;
let emu: TestEmulator;
let azure: AzureClients;
const state = () => join(work, 'state.json');

const OPTIONS = [
  '--tier',
  'premium',
  '--zones',
  '1,2,3',
  '--node-min-count',
  '2',
  '--node-max-count',
  '4',
  '--user-pool',
  '--user-pool-vm-size',
  'Standard_D4s_v5',
  '--user-pool-count',
  '2',
  '--user-pool-zones',
  '1,2,3',
  '--user-pool-min-count',
  '1',
  '--user-pool-max-count',
  '5',
  '--tag',
  'cost-center=1234',
  '--tag',
  'owner=platform-team',
  '--monitoring',
  '--azure-policy',
  '--policy-baseline',
  '--defender',
  '--key-vault',
  '--auto-upgrade-window',
  'Sunday 02:00 4h',
  '--node-os-upgrade-window',
  'Saturday 22:00 4h',
];
const deployment = () => [...endpointFlags(emu), '-l', 'eastus', '-g', RG, '-n', NAME, '--state', state(), ...OPTIONS];

const failing = (checks: Check[]) =>
  checks
    .filter((c) => c.result === 'fail')
    .map((c) => c.id)
    .sort();

async function ruleGroups(): Promise<FirewallPolicyRuleCollectionGroup[]> {
  const network = await azure.network();
  const groups: FirewallPolicyRuleCollectionGroup[] = [];
  for await (const g of network.firewallPolicyRuleCollectionGroups.list(RG, POLICY)) groups.push(g);
  return groups;
}

const collections = (g: FirewallPolicyRuleCollectionGroup) => (g.ruleCollections ?? []) as FirewallPolicyFilterRuleCollection[];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'secure-aks-allopts-'));
  emu = await startTestEmulator({ speed: SPEED.instant });
  azure = emu.clients();
}, 30_000);
afterAll(async () => {
  await emu?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('every production option on, end to end', () => {
  it('init with every option: exit 0, the ten steps done', async () => {
    const init = await runMain(['init', ...UNATTENDED_JSON, ...deployment()]);
    expect(init.code, init.stderr).toBe(0);
    const doc = JSON.parse(init.stdout);
    expect(doc.steps.map((s: { number: number; status: string }) => [s.number, s.status])).toEqual(
      Array.from({ length: 10 }, (_, i) => [i + 1, 'done']),
    );
    const aks = await azure.containerService();
    const cluster = await aks.managedClusters.get(RG, NAME);
    expect(cluster.sku?.tier).toBe('Premium');
    expect(cluster.supportPlan).toBe('AKSLongTermSupport');
    const pools = Object.fromEntries(
      (cluster.agentPoolProfiles ?? []).map((p) => [
        p.mode,
        { zones: p.availabilityZones, autoscale: p.enableAutoScaling, min: p.minCount, max: p.maxCount, size: p.vmSize },
      ]),
    );
    expect(pools.System).toMatchObject({ zones: ['1', '2', '3'], autoscale: true, min: 2, max: 4 });
    expect(pools.User).toMatchObject({ zones: ['1', '2', '3'], autoscale: true, min: 1, max: 5, size: 'Standard_D4s_v5' });
    const windows: string[] = [];
    for await (const w of aks.maintenanceConfigurations.listByManagedCluster(RG, NAME)) windows.push(w.name!);
    expect(windows.sort()).toEqual(['aksManagedAutoUpgradeSchedule', 'aksManagedNodeOSUpgradeSchedule']);
  }, 240_000);

  it('each add-on has its own rule collection with exactly Microsoft’s FQDNs, and nothing in the policy is broader', async () => {
    const groups = await ruleGroups();
    const all = groups.flatMap(collections);
    for (const addon of ADDONS) {
      const mine = all.filter((c) => c.name === `addon-${addon}`);
      expect(mine, addon).toHaveLength(1);
      const rules = (mine[0]!.rules ?? []) as ApplicationRule[];
      expect(
        rules.every((r) => r.ruleType === 'ApplicationRule'),
        addon,
      ).toBe(true);
      expect(rules.flatMap((r) => r.targetFqdns ?? []).sort(), addon).toEqual([...MICROSOFT_LISTS[addon]!].sort());
      expect(rules.flatMap((r) => r.protocols ?? []).map((p) => `${p.protocolType}:${p.port}`)).toEqual(rules.map(() => 'Https:443'));
      expect(
        rules.flatMap((r) => r.fqdnTags ?? []),
        addon,
      ).toEqual([]);
    }
    const listed = new Set(Object.values(MICROSOFT_LISTS).flat());
    for (const c of all) {
      for (const rule of c.rules ?? []) {
        if (rule.ruleType === 'NetworkRule') {
          // A network rule opens ports to addresses; no option may add one to "any port".
          expect((rule as NetworkRule).destinationPorts, `${c.name}/${rule.name}`).not.toContain('*');
          continue;
        }
        for (const fqdn of (rule as ApplicationRule).targetFqdns ?? []) {
          expect(fqdn, `${c.name}/${rule.name}`).not.toBe('*');
          // A wildcard is allowed only where Microsoft lists it (an add-on) or AKS's own list has it.
          if (fqdn.startsWith('*.') && c.name?.startsWith('addon-')) expect(listed, `${c.name}: ${fqdn}`).toContain(fqdn);
        }
      }
    }
  });

  it('every resource the deployment wrote carries the user’s tags and ours', async () => {
    const all = await emu.control.resources();
    const group = all.find((r) => r.id.toLowerCase() === `/subscriptions/${SUB}/resourcegroups/${RG}`.toLowerCase());
    // Tags live on tracked (top-level) resources: child resources (subnets, rules, routes, zone groups) and
    // extension resources (role and policy assignments, rule associations) have none in Azure.
    const tracked = all.filter(
      (r) =>
        r.id.toLowerCase().includes(`/resourcegroups/${RG}/`) && r.type.split('/').length === 2 && r.id.split('/providers/').length === 2,
    );
    expect(tracked.map((r) => r.type)).toEqual(
      expect.arrayContaining([
        'Microsoft.ContainerService/managedClusters',
        'Microsoft.Network/azureFirewalls',
        'Microsoft.Network/firewallPolicies',
        'Microsoft.OperationalInsights/workspaces',
        'Microsoft.Insights/dataCollectionRules',
        'Microsoft.KeyVault/vaults',
        'Microsoft.Network/privateEndpoints',
        'Microsoft.Network/privateDnsZones',
        'Microsoft.ManagedIdentity/userAssignedIdentities',
      ]),
    );
    const missing = [...(group ? [group] : []), ...tracked]
      .filter((r) => {
        const t = (r.tags ?? {}) as Record<string, string>;
        return (
          t['cost-center'] !== USER_TAGS['cost-center'] ||
          t.owner !== USER_TAGS.owner ||
          t['managed-by'] !== 'secure-aks' ||
          !t['secure-aks-deployment']
        );
      })
      .map((r) => `${r.type} ${r.name}: ${JSON.stringify(r.tags)}`);
    expect(group).toBeDefined();
    expect(missing).toEqual([]);
  });

  it('verify -o json passes every check, each add-on’s included', async () => {
    const r = await runMain(['verify', '-o', 'json', '--state', state()]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.checks.filter((c: Check) => c.result !== 'pass').map((c: Check) => `${c.id}: ${c.evidence}`)).toEqual([]);
    for (const addon of ADDONS)
      for (const kind of ['egress', 'healthy', 'reachable']) expect(doc.checks.map((c: Check) => c.id)).toContain(`addon.${addon}.${kind}`);
  }, 120_000);

  it('status shows what the options built: tier, pools, add-ons, workspace, rule, Key Vault, assignment, windows', async () => {
    const json = await runMain(['status', '-o', 'json', '--state', state()]);
    expect(json.code, json.stdout + json.stderr).toBe(0);
    const resources = JSON.parse(json.stdout).resources;
    expect(resources).toMatchObject({
      tier: 'premium',
      pools: [
        { name: 'system', mode: 'System', min: 2, max: 4, zones: ['1', '2', '3'] },
        { name: 'user', mode: 'User', vmSize: 'Standard_D4s_v5', count: 2, min: 1, max: 5, zones: ['1', '2', '3'] },
      ],
      addons: [
        'Azure Monitor Container Insights',
        'Azure Policy add-on',
        'Microsoft Defender for Containers',
        'Key Vault secrets provider',
      ],
      logAnalyticsWorkspace: { name: `log-${NAME}`, createdByDeployment: true },
      dataCollectionRule: { name: `MSCI-eastus-${NAME}` },
      keyVault: { name: expect.any(String), privateEndpoint: expect.stringMatching(/^pe-/) },
      policyAssignment: { name: `aks-baseline-${NAME}` },
      maintenanceWindows: [
        { name: 'aksManagedAutoUpgradeSchedule', window: 'Sunday 02:00 4h' },
        { name: 'aksManagedNodeOSUpgradeSchedule', window: 'Saturday 22:00 4h' },
      ],
    });
    const text = await runMain(['status', '--state', state()], { COLUMNS: '200' });
    expect(text.code, text.stderr).toBe(0);
    const row = (label: string) => text.stdout.split('\n').find((l) => l.startsWith(`  ${label.padEnd(16)} `));
    expect(row('Tier')).toMatch(/Premium: .*long-term support/);
    expect(row('Node pools')).toMatch(/system \(System\), Standard_\w+, autoscaler 2-4 nodes, zones 1,2,3/);
    expect(text.stdout).toMatch(/user \(User\), Standard_D4s_v5, autoscaler 1-5 nodes, zones 1,2,3/);
    expect(row('Log Analytics')).toContain(`log-${NAME}`);
    expect(row('Data collection')).toContain(`MSCI-eastus-${NAME}`);
    expect(row('Key Vault')).toMatch(/private endpoint pe-/);
    expect(row('Policy')).toContain(`aks-baseline-${NAME}`);
    expect(row('Maintenance')).toContain('aksManagedAutoUpgradeSchedule: Sundays 02:00-06:00 UTC');
    expect(text.stdout).toContain('aksManagedNodeOSUpgradeSchedule: Saturdays 22:00-02:00 UTC');
  }, 60_000);

  it('one add-on’s FQDNs removed through the SDK: verify fails naming that add-on only; re-init restores them and plan shows no change', async () => {
    const network = await azure.network();
    const group = (await ruleGroups()).find((g) => collections(g).some((c) => c.name === 'addon-azurePolicy'))!;
    await network.firewallPolicyRuleCollectionGroups
      .beginCreateOrUpdate(
        RG,
        POLICY,
        group.name!,
        { ...group, ruleCollections: collections(group).filter((c) => c.name !== 'addon-azurePolicy') },
        LRO,
      )
      .then((p) => p.pollUntilDone());

    const broken = await runMain(['verify', '-o', 'json', '--state', state()]);
    expect(broken.code, broken.stderr).toBe(1);
    const failed = failing(JSON.parse(broken.stdout).checks);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.filter((id) => id.startsWith('addon.')).every((id) => id.startsWith('addon.azurePolicy.'))).toBe(true);
    expect(failed).toContain('addon.azurePolicy.egress');
    const checks: Check[] = JSON.parse(broken.stdout).checks;
    for (const other of ADDONS.filter((a) => a !== 'azurePolicy'))
      expect(checks.filter((c) => c.id.startsWith(`addon.${other}.`)).map((c) => c.result)).toEqual(['pass', 'pass', 'pass']);

    const init = await runMain(['init', ...UNATTENDED_JSON, ...deployment()]);
    expect(init.code, init.stderr).toBe(0);
    const plan = await runMain(['plan', '--non-interactive', '-o', 'json', ...deployment()]);
    expect(plan.code, plan.stderr).toBe(0);
    const changes = JSON.parse(plan.stdout).steps.flatMap(
      (s: { changes?: Array<{ action: string; resourceType: string; name: string }> }) =>
        (s.changes ?? []).filter((c) => c.action !== 'none' && c.action !== 'read').map((c) => `${c.action} ${c.resourceType} ${c.name}`),
    );
    expect(changes).toEqual([]);
    expect(JSON.parse(plan.stdout).summary).toMatchObject({ add: 0, change: 0, destroy: 0, hasChanges: false });
    const again = await runMain(['verify', '-o', 'json', '--state', state()]);
    expect(again.code, again.stdout).toBe(0);
  }, 240_000);
});

describe('every add-on and window turned off again on that deployment', () => {
  it('init with them off exits 0, verify passes, and status shows none of them', async () => {
    // Only the switches: the state supplies the rest, the user pool's size and zones and the baseline included
    // (turning the Azure Policy add-on off takes the baseline that needs it along).
    const off = [
      '--no-monitoring',
      '--no-azure-policy',
      '--no-defender',
      '--no-key-vault',
      '--no-user-pool',
      '--auto-upgrade-window',
      'none',
      '--node-os-upgrade-window',
      'none',
    ];
    const rerun = [...endpointFlags(emu), '--state', state(), ...off];
    const planned = await runMain(['plan', '--non-interactive', '-o', 'json', ...rerun]);
    expect(planned.code, planned.stdout + planned.stderr).toBe(0);
    expect(JSON.parse(planned.stdout).summary).toMatchObject({ add: 0, hasChanges: true });
    const init = await runMain(['init', ...UNATTENDED_JSON, ...rerun]);
    expect(init.code, init.stdout + init.stderr).toBe(0);
    const plan = await runMain(['plan', '--non-interactive', '-o', 'json', ...rerun]);
    expect(JSON.parse(plan.stdout).summary).toMatchObject({ hasChanges: false });

    const verify = await runMain(['verify', '-o', 'json', '--state', state()]);
    expect(verify.code, verify.stdout).toBe(0);
    const status = await runMain(['status', '-o', 'json', '--state', state()]);
    expect(status.code, status.stdout).toBe(0);
    const r = JSON.parse(status.stdout).resources;
    expect(r.tier).toBe('premium');
    expect(r.pools).toEqual([expect.objectContaining({ name: 'system', min: 2, max: 4, zones: ['1', '2', '3'] })]);
    for (const key of ['addons', 'dataCollectionRule', 'keyVault', 'policyAssignment', 'maintenanceWindows', 'logAnalyticsWorkspace'])
      expect(r, key).not.toHaveProperty(key);
  }, 240_000);
});

describe('destroy of a deployment with every option on', () => {
  it('exit 0: nothing tagged with the deployment is left, the user pool and add-on resources included', async () => {
    const name = 'aks-allgone';
    const file = join(work, 'gone.json');
    const flags = [...endpointFlags(emu), '-l', 'eastus', '-g', `rg-${name}`, '-n', name, '--state', file, ...OPTIONS];
    const init = await runMain(['init', ...UNATTENDED_JSON, ...flags]);
    expect(init.code, init.stderr).toBe(0);
    const id = JSON.parse(init.stdout).deploymentId as string;
    const destroy = await runMain(['destroy', '--state', file, '--yes', '-o', 'json']);
    expect(destroy.code, destroy.stdout + destroy.stderr).toBe(0);
    const doc = JSON.parse(destroy.stdout);
    expect(doc.kept).toEqual([]);
    const left = (await emu.control.resources())
      .filter((r) => (r.tags as Record<string, string> | undefined)?.['secure-aks-deployment'] === id)
      .map((r) => `${r.type} ${r.name}`);
    expect(left).toEqual([]);
    expect((await emu.control.resources()).filter((r) => new RegExp(`rg-${name}`, 'i').test(r.id)).map((r) => r.id)).toEqual([]);
  }, 240_000);
});
