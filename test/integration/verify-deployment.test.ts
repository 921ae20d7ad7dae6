import type { FirewallPolicyRuleCollectionGroup } from '@azure/arm-network';
import { beforeAll, describe, expect, it } from 'vitest';
import { STEPS } from '../../src/steps/index.js';
import { runVerify, type VerifyReport } from '../../src/verify/index.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { createStepHarness, type StepHarness } from '../helpers/step-context.js';
import { SPEED } from '../helpers/speeds.js';

/**
 * A deployment built by the ten steps on the emulator, audited by verify; then one thing at a time is
 * broken through the ARM API with the real SDK clients (as a colleague in the portal would) and exactly
 * the matching check must fail, named. Each break is undone before the next.
 */
const failing = (r: VerifyReport) =>
  r.checks
    .filter((c) => c.result === 'fail')
    .map((c) => c.id)
    .sort();

describe('verify on a wizard-built deployment', () => {
  const emu = useTestEmulator({ speed: SPEED.instant, resetBeforeEach: false });
  let h: StepHarness;
  let rg: string;
  const verify = (inCluster = false) =>
    runVerify({ azure: h.azure, resourceGroup: rg, clusterName: h.names.cluster, names: h.names, inCluster });

  beforeAll(async () => {
    h = createStepHarness(emu, { config: { resourceGroup: 'rg-verify', name: 'aks-verify' } });
    rg = h.config.resourceGroup;
    await h.applyAll(STEPS);
  }, 120_000);

  it('passes every check, in cluster too, and fails none', async () => {
    const report = await verify(true);
    // No add-on is on: its checks do not apply (verify-addons.test.ts covers them).
    const notPass = report.checks
      .filter((c) => c.result !== 'pass' && !(c.id.startsWith('addon.') && c.result === 'not-applicable'))
      .map((c) => `${c.id}: ${c.result}: ${c.evidence}`);
    expect(notPass).toEqual([]);
    expect(report.status).toBe('pass');
    expect(report.readErrors).toEqual([]);
  });

  it('verify only reads (the probe pods aside, nothing is written through ARM)', async () => {
    h.resetCounters();
    await verify(false);
    expect(h.writes()).toEqual([]);
  });

  it('removing mcr.microsoft.com (its explicit rule and the FQDN tag that covers it) fails the FQDN check and the allowed probe', async () => {
    const network = await h.azure.network();
    const original = await network.firewallPolicyRuleCollectionGroups.get(rg, h.names.firewallPolicy, h.names.aksRuleCollectionGroup);
    const broken: FirewallPolicyRuleCollectionGroup = structuredClone(original);
    // As an operator would: drop the name from every rule and the AzureKubernetesService tag rule, which
    // also covers mcr.microsoft.com (in Azure as in the emulator).
    for (const c of broken.ruleCollections ?? []) {
      const collection = c as { rules?: Array<{ targetFqdns?: string[]; fqdnTags?: string[] }> };
      collection.rules = (collection.rules ?? []).filter((r) => !r.fqdnTags?.some((t) => t.toLowerCase() === 'azurekubernetesservice'));
      for (const r of collection.rules) if (r.targetFqdns) r.targetFqdns = r.targetFqdns.filter((f) => f !== 'mcr.microsoft.com');
    }
    await network.firewallPolicyRuleCollectionGroups.beginCreateOrUpdateAndWait(
      rg,
      h.names.firewallPolicy,
      h.names.aksRuleCollectionGroup,
      broken,
      { updateIntervalInMs: 20 },
    );
    const report = await verify(true);
    expect(failing(report)).toEqual(['egress.required-fqdns', 'in-cluster.egress-allowed']);
    expect(report.checks.find((c) => c.id === 'egress.required-fqdns')!.evidence).toContain('mcr.microsoft.com');
    // The probe image itself comes from MCR: the pod cannot even start, so nothing is proven either way.
    expect(report.checks.find((c) => c.id === 'in-cluster.egress-denied')!.result).toBe('warn');
    await network.firewallPolicyRuleCollectionGroups.beginCreateOrUpdateAndWait(
      rg,
      h.names.firewallPolicy,
      h.names.aksRuleCollectionGroup,
      original,
      { updateIntervalInMs: 20 },
    );
    expect(failing(await verify(true))).toEqual([]);
  });

  it('an added `*` application rule fails egress.no-wildcard-app-rule, and the denied probe gets through', async () => {
    const network = await h.azure.network();
    await network.firewallPolicyRuleCollectionGroups.beginCreateOrUpdateAndWait(
      rg,
      h.names.firewallPolicy,
      'rcg-allow-all',
      {
        priority: 150,
        ruleCollections: [
          {
            ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
            name: 'allow-all',
            priority: 100,
            action: { type: 'Allow' },
            rules: [
              {
                ruleType: 'ApplicationRule',
                name: 'everything',
                sourceAddresses: ['*'],
                protocols: [{ protocolType: 'Https', port: 443 }],
                targetFqdns: ['*'],
              },
            ],
          },
        ],
      },
      { updateIntervalInMs: 20 },
    );
    const report = await verify(true);
    expect(failing(report)).toEqual(['egress.no-wildcard-app-rule', 'in-cluster.egress-denied']);
    expect(report.checks.find((c) => c.id === 'egress.no-wildcard-app-rule')!.evidence).toContain('rcg-allow-all/allow-all/everything');
    await network.firewallPolicyRuleCollectionGroups.beginDeleteAndWait(rg, h.names.firewallPolicy, 'rcg-allow-all', {
      updateIntervalInMs: 20,
    });
    expect(failing(await verify())).toEqual([]);
  });

  it('a default route pointing elsewhere fails egress.default-route, and the allowed probe no longer gets out', async () => {
    const network = await h.azure.network();
    const routes = [];
    for await (const r of network.routes.list(rg, h.names.routeTable)) routes.push(r);
    const route = routes.find((r) => r.addressPrefix === '0.0.0.0/0')!;
    await network.routes.beginCreateOrUpdateAndWait(
      rg,
      h.names.routeTable,
      route.name!,
      { ...route, nextHopIpAddress: '10.42.0.99' },
      { updateIntervalInMs: 20 },
    );
    const report = await verify(true);
    expect(failing(report)).toEqual(['egress.default-route', 'in-cluster.egress-allowed']);
    expect(report.checks.find((c) => c.id === 'egress.default-route')!.evidence).toContain('10.42.0.99');
    await network.routes.beginCreateOrUpdateAndWait(rg, h.names.routeTable, route.name!, route, { updateIntervalInMs: 20 });
    expect(failing(await verify())).toEqual([]);
  });

  it('an Internet-inbound NSG rule fails network.node-nsg-no-internet-inbound, naming the rule', async () => {
    const network = await h.azure.network();
    await network.securityRules.beginCreateOrUpdateAndWait(
      rg,
      h.names.nodeNsg,
      'allow-internet-https',
      {
        priority: 3000,
        direction: 'Inbound',
        access: 'Allow',
        protocol: 'Tcp',
        sourceAddressPrefix: 'Internet',
        sourcePortRange: '*',
        destinationAddressPrefix: '*',
        destinationPortRange: '443',
      },
      { updateIntervalInMs: 20 },
    );
    const report = await verify();
    expect(failing(report)).toEqual(['network.node-nsg-no-internet-inbound']);
    expect(report.checks.find((c) => c.id === 'network.node-nsg-no-internet-inbound')!.evidence).toContain('allow-internet-https');
    await network.securityRules.beginDeleteAndWait(rg, h.names.nodeNsg, 'allow-internet-https', { updateIntervalInMs: 20 });
    expect(failing(await verify())).toEqual([]);
  });

  it('enabling local accounts fails cluster.local-accounts-disabled', async () => {
    const aks = await h.azure.containerService();
    const cluster = await aks.managedClusters.get(rg, h.names.cluster);
    await aks.managedClusters
      .createOrUpdate(rg, h.names.cluster, { ...cluster, disableLocalAccounts: false }, { updateIntervalInMs: 20 })
      .pollUntilDone();
    expect(failing(await verify())).toEqual(['cluster.local-accounts-disabled']);
    await aks.managedClusters
      .createOrUpdate(rg, h.names.cluster, { ...cluster, disableLocalAccounts: true }, { updateIntervalInMs: 20 })
      .pollUntilDone();
    expect(failing(await verify())).toEqual([]);
  });

  it('dropping the API server A record fails api-server.private-dns', async () => {
    const cluster = await (await h.azure.containerService()).managedClusters.get(rg, h.names.cluster);
    const [label, ...zone] = cluster.privateFqdn!.split('.');
    const zoneId = `/subscriptions/${h.azure.subscriptionId}/resourceGroups/${cluster.nodeResourceGroup}/providers/Microsoft.Network/privateDnsZones/${zone.join('.')}`;
    await (await h.azure.resources()).resources.beginDeleteByIdAndWait(`${zoneId}/A/${label}`, '2024-06-01', { updateIntervalInMs: 20 });
    const report = await verify();
    expect(failing(report)).toEqual(['api-server.private-dns']);
    expect(report.checks.find((c) => c.id === 'api-server.private-dns')!.evidence).toContain(`no A record ${label}`);
  });
});
