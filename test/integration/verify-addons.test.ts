import type { FirewallPolicyFilterRuleCollection, FirewallPolicyRuleCollectionGroup } from '@azure/arm-network';
import { beforeAll, describe, expect, it } from 'vitest';
import { STEPS } from '../../src/steps/index.js';
import { step as rules } from '../../src/steps/04-firewall-rules.js';
import { step as cluster } from '../../src/steps/05-cluster.js';
import type { Change } from '../../src/core/step.js';
import { step as health } from '../../src/steps/09-health.js';
import { runVerify, type VerifyReport } from '../../src/verify/index.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { createStepHarness, type StepHarness } from '../helpers/step-context.js';
import { SPEED } from '../helpers/speeds.js';

/**
 * A deployment with every add-on on, built by the ten steps: step 4 gives each add-on its own rule
 * collection, the add-on pods run, verify passes each add-on's checks. Then one add-on's collection is
 * removed through the ARM API: exactly that add-on's checks fail. Finally an add-on is turned off in the
 * config: plan shows its collection removed and init removes it.
 */
const failing = (r: VerifyReport) =>
  r.checks
    .filter((c) => c.result === 'fail')
    .map((c) => c.id)
    .sort();

const ALL_ON = { monitoring: true, azurePolicy: true, defender: true, keyVault: true };
const BASE = { resourceGroup: 'rg-addons', name: 'aks-addons' };

describe('add-ons: firewall rules, pods and verify', () => {
  const emu = useTestEmulator({ speed: SPEED.instant, resetBeforeEach: false });
  let h: StepHarness;
  const verify = (harness: StepHarness = h) =>
    runVerify({
      azure: harness.azure,
      resourceGroup: harness.config.resourceGroup,
      clusterName: harness.names.cluster,
      names: harness.names,
      inCluster: true,
    });
  const aksGroup = async () => {
    const network = await h.azure.network();
    return network.firewallPolicyRuleCollectionGroups.get(h.config.resourceGroup, h.names.firewallPolicy, h.names.aksRuleCollectionGroup);
  };
  const putAksGroup = async (group: FirewallPolicyRuleCollectionGroup) => {
    const network = await h.azure.network();
    await network.firewallPolicyRuleCollectionGroups.beginCreateOrUpdateAndWait(
      h.config.resourceGroup,
      h.names.firewallPolicy,
      h.names.aksRuleCollectionGroup,
      group,
      { updateIntervalInMs: 20 },
    );
  };

  beforeAll(async () => {
    h = createStepHarness(emu, { config: { ...BASE, ...ALL_ON } });
    await h.applyAll(STEPS);
  }, 120_000);

  it('step 4 holds one collection per add-on; every check passes, the add-on checks included', async () => {
    const names = (await aksGroup()).ruleCollections?.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['addon-monitoring', 'addon-azurePolicy', 'addon-defender', 'addon-keyVault']));
    const report = await verify();
    const notPass = report.checks.filter((c) => c.result !== 'pass').map((c) => `${c.id}: ${c.result}: ${c.evidence}`);
    expect(notPass).toEqual([]);
    const addonChecks = report.checks.filter((c) => c.id.startsWith('addon.'));
    expect(addonChecks).toHaveLength(12);
    expect(report.checks.find((c) => c.id === 'addon.azurePolicy.healthy')!.evidence).toMatch(/Azure Policy add-on: \d+ pod\(s\) Running/);
  });

  it("removing one add-on's FQDNs fails that add-on's checks, naming it, and no other add-on's", async () => {
    const original = await aksGroup();
    const broken = structuredClone(original);
    broken.ruleCollections = broken.ruleCollections?.filter((c) => c.name !== 'addon-azurePolicy');
    await putAksGroup(broken);
    try {
      const report = await verify();
      // The crash-looping azure-policy pod is a kube-system pod too: the system pod check counts it.
      expect(failing(report)).toEqual([
        'addon.azurePolicy.egress',
        'addon.azurePolicy.healthy',
        'addon.azurePolicy.reachable',
        'in-cluster.system-pods',
      ]);
      for (const id of failing(report).filter((i) => i.startsWith('addon.')))
        expect(report.checks.find((c) => c.id === id)!.evidence).toContain('Azure Policy add-on');
      expect(report.checks.find((c) => c.id === 'addon.azurePolicy.egress')!.evidence).toContain('data.policy.core.windows.net');
      expect(report.checks.find((c) => c.id === 'addon.azurePolicy.healthy')!.evidence).toContain('CrashLoopBackOff');
      expect(report.checks.find((c) => c.id === 'in-cluster.system-pods')!.evidence).toMatch(/azure-policy-\S+ \(CrashLoopBackOff/);
      // Step 9 counts the add-on pods too: the health step fails naming the crash-looping agent.
      await expect(health.apply(h.context(health), [])).rejects.toMatchObject({
        code: 'ClusterNotHealthy',
        message: expect.stringMatching(/kube-system\/azure-policy-\S+ \(CrashLoopBackOff/),
      });
    } finally {
      await putAksGroup(original);
    }
    expect(failing(await verify())).toEqual([]);
    await health.apply(h.context(health), []);
  });

  it("the Key Vault probe asks the vault's own name from a pod: it must resolve to the private endpoint", async () => {
    const ok = (await verify()).checks.find((c) => c.id === 'addon.keyVault.reachable')!;
    expect(ok.result).toBe('pass');
    expect(ok.evidence).toContain(`${h.names.keyVault.toLowerCase()}.vault.azure.net resolves from a pod to its private endpoint 10.`);
    const dns = await h.azure.privateDns();
    const zone = 'privatelink.vaultcore.azure.net';
    const label = h.names.keyVault.toLowerCase();
    const record = await dns.recordSets.get(h.config.resourceGroup, zone, 'A', label);
    await dns.recordSets.delete(h.config.resourceGroup, zone, 'A', label);
    try {
      const report = await verify();
      expect(failing(report)).toEqual(['addon.keyVault.reachable']);
      expect(report.checks.find((c) => c.id === 'addon.keyVault.reachable')!.evidence).toMatch(
        new RegExp(`^Key Vault secrets provider: ${label}\\.vault\\.azure\\.net did not resolve from a pod`),
      );
    } finally {
      await dns.recordSets.createOrUpdate(h.config.resourceGroup, zone, 'A', label, { ttl: record.ttl, aRecords: record.aRecords });
    }
    expect(failing(await verify())).toEqual([]);
  });

  it("a wildcard on a parent domain of an add-on's names fails its egress check", async () => {
    const original = await aksGroup();
    const widened = structuredClone(original);
    const monitoring = widened.ruleCollections!.find((c) => c.name === 'addon-monitoring') as FirewallPolicyFilterRuleCollection;
    (monitoring.rules![0] as { targetFqdns: string[] }).targetFqdns.push('*.azure.com');
    await putAksGroup(widened);
    try {
      const report = await verify();
      // Both add-ons send to *.ods/oms.opinsights.azure.com, which *.azure.com covers.
      expect(failing(report)).toEqual(['addon.defender.egress', 'addon.monitoring.egress']);
      expect(report.checks.find((c) => c.id === 'addon.monitoring.egress')!.evidence).toContain(
        'addon-monitoring/monitoring (*.azure.com)',
      );
    } finally {
      await putAksGroup(original);
    }
  });

  it('turning an add-on off: step 4 keeps its collection while the cluster runs it, step 5 removes it after turning it off; user collections stay', async () => {
    const withUser = structuredClone(await aksGroup());
    withUser.ruleCollections!.push({
      ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
      name: 'team-extra',
      priority: 900,
      action: { type: 'Allow' },
      rules: [],
    } as FirewallPolicyFilterRuleCollection);
    await putAksGroup(withUser);
    const off = createStepHarness(emu, { config: { ...BASE, ...ALL_ON, monitoring: false }, deploymentId: h.deploymentId });
    for (const [id, out] of h.outputs) off.outputs.set(id, out);
    const groupChange = (changes: Change[]) => changes.find((c) => c.name.endsWith(`/${off.names.aksRuleCollectionGroup}`));
    // The cluster still runs Container Insights: its agents keep their endpoints through step 4.
    expect(groupChange(await off.check(rules))?.action).toBe('none');
    expect(groupChange(await off.check(cluster))).toMatchObject({
      action: 'update',
      note: 'once the cluster no longer runs the add-on',
      diff: [{ property: 'ruleCollections.addon-monitoring', current: '1 rule: monitoring', desired: undefined }],
    });
    await off.apply(rules);
    await rules.verify!(off.context(rules));
    expect((await aksGroup()).ruleCollections?.map((c) => c.name)).toContain('addon-monitoring');
    // Step 5 turns the add-on off, then removes its collection.
    await off.apply(cluster);
    const names = (await aksGroup()).ruleCollections?.map((c) => c.name);
    expect(names).not.toContain('addon-monitoring');
    expect(names).toEqual(expect.arrayContaining(['addon-azurePolicy', 'addon-defender', 'addon-keyVault', 'team-extra']));
    await cluster.verify!(off.context(cluster));
    expect((await off.check(rules)).every((c) => c.action === 'none')).toBe(true);
    expect(groupChange(await off.check(cluster))).toBeUndefined();
    // Turned back on, the collection returns.
    const on = createStepHarness(emu, { config: { ...BASE, ...ALL_ON } });
    expect((await on.check(rules)).find((c) => c.name.endsWith(`/${on.names.aksRuleCollectionGroup}`))!.action).toBe('update');
    await on.apply(rules);
    expect((await aksGroup()).ruleCollections?.map((c) => c.name)).toContain('addon-monitoring');
  });
});
