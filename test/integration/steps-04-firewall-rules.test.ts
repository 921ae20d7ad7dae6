import { describe, expect, it } from 'vitest';
import type { ApplicationRule, FirewallPolicyFilterRuleCollection, NetworkRule } from '@azure/arm-network';
import { useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';
import { createStepHarness, type StepHarness } from '../helpers/step-context.js';
import { step as identity } from '../../src/steps/01-identity.js';
import { step as network } from '../../src/steps/02-network.js';
import { step as egress } from '../../src/steps/03-egress-route.js';
import { step as rules } from '../../src/steps/04-firewall-rules.js';
import { step as nsg } from '../../src/steps/07-nsg.js';

const emu = useTestEmulator({ speed: SPEED.fast });

const RG = 'rg-steps-test';
const POLICY = 'afwp-aks-test';

/** The rules need only the resource group: they go on the policy before the firewall exists. */
async function egressReady(h: StepHarness) {
  await h.applyAll([identity, network]);
}

const collections = (g: { ruleCollections?: unknown[] }) => (g.ruleCollections ?? []) as FirewallPolicyFilterRuleCollection[];

describe('step 4 firewall-rules', () => {
  it('allows the AKS FQDN tag and explicit FQDNs from the node subnet, the jumphost list from its subnet', async () => {
    const h = createStepHarness(emu);
    await egressReady(h);
    expect((await h.check(rules)).map((c) => `${c.action} ${c.name}`)).toEqual([
      'create afwp-aks-test',
      'create afwp-aks-test/rcg-aks-egress',
      'create afwp-aks-test/rcg-jumphost-egress',
    ]);
    const { outputs } = await h.apply(rules);
    expect(outputs.ruleCollectionGroupIds).toHaveLength(2);

    const net = await emu.clients().network();
    const aks = await net.firewallPolicyRuleCollectionGroups.get(RG, POLICY, 'rcg-aks-egress');
    const appRules = collections(aks)
      .flatMap((c) => c.rules ?? [])
      .filter((r) => r.ruleType === 'ApplicationRule') as ApplicationRule[];
    expect(appRules.find((r) => r.fqdnTags?.includes('AzureKubernetesService'))?.sourceAddresses).toEqual(['10.42.1.0/24']);
    const https = appRules
      .filter((r) => r.protocols?.some((p) => p.protocolType === 'Https' && p.port === 443))
      .flatMap((r) => r.targetFqdns ?? []);
    for (const fqdn of [
      'mcr.microsoft.com',
      '*.data.mcr.microsoft.com',
      'mcr-0001.mcr-msedge.net',
      'management.azure.com',
      'login.microsoftonline.com',
      'packages.microsoft.com',
      'acs-mirror.azureedge.net',
      'packages.aks.azure.com',
      'snapshot.ubuntu.com',
    ]) {
      expect(https).toContain(fqdn);
    }
    const http = appRules
      .filter((r) => r.protocols?.some((p) => p.protocolType === 'Http' && p.port === 80))
      .flatMap((r) => r.targetFqdns ?? []);
    expect(http).toEqual(expect.arrayContaining(['security.ubuntu.com', 'azure.archive.ubuntu.com', 'changelogs.ubuntu.com']));
    expect(appRules.every((r) => r.sourceAddresses?.join() === '10.42.1.0/24')).toBe(true);
    // A private cluster needs neither the public API server FQDN nor the tunnel ports.
    expect(JSON.stringify(aks)).not.toContain('azmk8s.io');
    const netRules = collections(aks)
      .flatMap((c) => c.rules ?? [])
      .filter((r) => r.ruleType === 'NetworkRule') as NetworkRule[];
    expect(netRules.flatMap((r) => r.destinationPorts ?? [])).not.toEqual(expect.arrayContaining(['1194']));
    expect(netRules.flatMap((r) => r.destinationPorts ?? [])).not.toContain('9000');

    const jump = await net.firewallPolicyRuleCollectionGroups.get(RG, POLICY, 'rcg-jumphost-egress');
    const jumpRules = collections(jump).flatMap((c) => c.rules ?? []) as ApplicationRule[];
    expect(jumpRules.every((r) => r.sourceAddresses?.join() === '10.42.0.128/28')).toBe(true);
    expect(jumpRules.flatMap((r) => r.targetFqdns ?? [])).toEqual(
      expect.arrayContaining(['packages.microsoft.com', 'dl.k8s.io', 'github.com', 'login.microsoftonline.com']),
    );

    h.resetCounters();
    expect((await h.check(rules)).every((c) => c.action === 'none')).toBe(true);
    expect((await h.apply(rules)).outputs).toEqual(outputs);
    expect(h.writeCount()).toBe(0);
    await rules.verify!(h.context(rules));
  });

  it("never touches other groups and keeps a user's collection inside ours", async () => {
    const h = createStepHarness(emu, { config: { jumphost: false, bastion: false } });
    await egressReady(h);
    await h.apply(rules);
    const net = await emu.clients().network();
    const opts = { updateIntervalInMs: 20 };
    const userCollection: FirewallPolicyFilterRuleCollection = {
      ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
      name: 'user-extra',
      priority: 900,
      action: { type: 'Allow' },
      rules: [
        {
          ruleType: 'ApplicationRule',
          name: 'corp',
          sourceAddresses: ['10.42.1.0/24'],
          targetFqdns: ['corp.example.com'],
          protocols: [{ protocolType: 'Https', port: 443 }],
        },
      ],
    };
    await net.firewallPolicyRuleCollectionGroups.beginCreateOrUpdateAndWait(
      RG,
      POLICY,
      'rcg-user',
      { priority: 1000, ruleCollections: [userCollection] },
      opts,
    );
    const ours = await net.firewallPolicyRuleCollectionGroups.get(RG, POLICY, 'rcg-aks-egress');
    // The user adds a collection to our group and removes one of our rules from another of our collections.
    const trimmed = collections(ours).map((c) => (c.name === 'aks-application' ? { ...c, rules: (c.rules ?? []).slice(1) } : c));
    await net.firewallPolicyRuleCollectionGroups.beginCreateOrUpdateAndWait(
      RG,
      POLICY,
      'rcg-aks-egress',
      { priority: ours.priority, ruleCollections: [...trimmed, userCollection] },
      opts,
    );

    const planned = (await h.check(rules)).filter((c) => c.action !== 'none');
    expect(planned).toEqual([
      expect.objectContaining({ action: 'update', diff: [expect.objectContaining({ property: 'ruleCollections.aks-application' })] }),
    ]);
    await h.apply(rules);

    const after = await net.firewallPolicyRuleCollectionGroups.get(RG, POLICY, 'rcg-aks-egress');
    expect(
      collections(after)
        .map((c) => c.name)
        .sort(),
    ).toEqual(['aks-application', 'aks-network', 'user-extra']);
    expect(
      collections(after)
        .find((c) => c.name === 'aks-application')
        ?.rules?.some((r) => r.name === 'aks-fqdn-tag'),
    ).toBe(true);
    expect((await net.firewallPolicyRuleCollectionGroups.get(RG, POLICY, 'rcg-user')).priority).toBe(1000);
    expect((await h.check(rules)).every((c) => c.action === 'none')).toBe(true);
  });

  it('writes the policy and its groups before any firewall exists', async () => {
    const h = createStepHarness(emu, { config: { resourceGroup: 'rg-rules-first', jumphost: false, bastion: false } });
    await egressReady(h);
    const { outputs } = await h.apply(rules);
    expect(String(outputs.firewallPolicyId).toLowerCase()).toContain('/firewallpolicies/afwp-aks-test');
    const firewallWrites = (await emu.control.requests()).filter(
      (r) => r.method === 'PUT' && /rg-rules-first\/.*azureFirewalls/i.test(r.path),
    );
    expect(firewallWrites).toEqual([]);
  });

  it('waits for a firewall that is provisioning before writing a group to its policy', async () => {
    const h = createStepHarness(emu, { config: { resourceGroup: 'rg-rules-busy', jumphost: false, bastion: false } });
    await h.applyAll([identity, network, nsg, rules, egress]);
    const net = await emu.clients().network();
    const fw = await net.azureFirewalls.get('rg-rules-busy', 'afw-aks-test');
    // One of our groups was removed; then someone else starts a firewall update.
    await net.firewallPolicyRuleCollectionGroups.beginDeleteAndWait('rg-rules-busy', POLICY, 'rcg-aks-egress', { updateIntervalInMs: 20 });
    const poller = await net.azureFirewalls.beginCreateOrUpdate(
      'rg-rules-busy',
      'afw-aks-test',
      { ...fw, tags: { ...fw.tags, touched: 'yes' } },
      { updateIntervalInMs: 20 },
    );
    await h.apply(rules);
    // Waited instead of being refused: Azure answered no group write with 409.
    expect(
      (await emu.control.requests()).filter((r) => r.method === 'PUT' && /ruleCollectionGroups/i.test(r.path) && r.status === 409),
    ).toEqual([]);
    expect(h.progress.some((p) => p.includes('waiting for firewall afw-aks-test to provision (Updating)'))).toBe(true);
    await poller.pollUntilDone();
    await rules.verify!(h.context(rules));
  });
});
