import { describe, expect, it } from 'vitest';
import type { ApplicationRule, FirewallPolicyFilterRuleCollection } from '@azure/arm-network';
import { addonEgress } from '../../../src/azure/addon-egress.js';
import { ADDON_KEYS } from '../../../src/config/addons.js';
import { CLOUDS } from '../../../src/config/regions.js';
import { desiredRuleGroups, ruleGroupBody, ruleGroupDiff } from '../../../src/steps/desired/rule-groups.js';
import { addonsStillRunning } from '../../../src/steps/desired/addon-rules.js';
import type { ManagedCluster } from '@azure/arm-containerservice';
import { applyInsightsSettings, insightsClusterDiff } from '../../../src/steps/desired/addon-defender.js';
import { applyPolicyKeyVaultAddons, policyKeyVaultAddonDiffs } from '../../../src/steps/desired/cluster-addons-policy-keyvault.js';
import { resourceNames } from '../../../src/config/names.js';
import { testConfig } from '../../helpers/step-context.js';

const ctx = (over = {}) => {
  const config = testConfig(over);
  return { config, names: resourceNames(config) };
};

describe('add-on egress FQDNs per cloud', () => {
  it('public cloud: exactly the names Microsoft lists', () => {
    expect(addonEgress('monitoring', 'AzureCloud', 'westeurope').fqdns).toEqual([
      '*.ods.opinsights.azure.com',
      '*.oms.opinsights.azure.com',
      'dc.services.visualstudio.com',
      '*.monitoring.azure.com',
      'login.microsoftonline.com',
      'global.handler.control.monitor.azure.com',
      'westeurope.handler.control.monitor.azure.com',
      '*.ingest.monitor.azure.com',
      '*.metrics.ingest.monitor.azure.com',
    ]);
    expect(addonEgress('azurePolicy', 'AzureCloud', 'eastus').fqdns).toEqual([
      'data.policy.core.windows.net',
      'store.policy.core.windows.net',
      'dc.services.visualstudio.com',
    ]);
    expect(addonEgress('defender', 'AzureCloud', 'eastus').fqdns).toEqual([
      'login.microsoftonline.com',
      '*.ods.opinsights.azure.com',
      '*.oms.opinsights.azure.com',
      '*.cloud.defender.microsoft.com',
    ]);
    expect(addonEgress('keyVault', 'AzureCloud', 'eastus').fqdns).toEqual(['vault.azure.net']);
  });

  it('sovereign clouds use their own suffixes and the region', () => {
    expect(addonEgress('monitoring', 'AzureChinaCloud', 'chinanorth3').fqdns).toEqual([
      '*.ods.opinsights.azure.cn',
      '*.oms.opinsights.azure.cn',
      'dc.services.visualstudio.com',
      'global.handler.control.monitor.azure.cn',
      'chinanorth3.handler.control.monitor.azure.cn',
      '*.ingest.monitor.azure.cn',
      '*.metrics.ingest.monitor.azure.cn',
    ]);
    expect(addonEgress('azurePolicy', 'AzureUSGovernment', 'usgovvirginia').fqdns).toEqual([
      'data.policy.azure.us',
      'store.policy.azure.us',
    ]);
    expect(addonEgress('defender', 'AzureUSGovernment', 'usgovvirginia').fqdns).toEqual([
      'login.microsoftonline.us',
      '*.ods.opinsights.azure.us',
      '*.oms.opinsights.azure.us',
    ]);
    expect(addonEgress('keyVault', 'AzureChinaCloud', 'chinanorth3').fqdns).toEqual(['vault.azure.cn']);
    // Every vault of the cloud (Learn's Government wildcard) is not opened: the vault has a private endpoint.
    expect(addonEgress('keyVault', 'AzureUSGovernment', 'usgovvirginia').fqdns).toEqual(['vault.usgovcloudapi.net']);
  });

  it('never a wildcard on a bare parent domain, and each probe host is covered by its list', () => {
    for (const cloud of CLOUDS) {
      for (const addon of ADDON_KEYS) {
        const e = addonEgress(addon, cloud, 'eastus');
        for (const f of e.fqdns) expect(f.split('.').length, `${addon} ${cloud} ${f}`).toBeGreaterThanOrEqual(3);
        // The Key Vault add-on is probed at its vault's own name, through the private endpoint.
        if (addon === 'keyVault') {
          expect(e.probeHost).toBeUndefined();
          continue;
        }
        const host = e.probeHost ?? '';
        const covered = e.fqdns.some((f) => f === host || (f.startsWith('*.') && host.endsWith(f.slice(1))));
        expect(covered, `${addon} ${cloud} ${host}`).toBe(true);
      }
    }
  });
});

describe('add-on rule collections', () => {
  const addonCollections = (groups: ReturnType<typeof desiredRuleGroups>) =>
    groups[0]!.ruleCollections.filter((c) => c.name!.startsWith('addon-'));

  it('one collection per enabled add-on: node subnet, HTTPS 443, its FQDNs', () => {
    const groups = desiredRuleGroups(ctx({ monitoring: true, azurePolicy: true, defender: true, keyVault: true }), 'AzureCloud');
    const mine = addonCollections(groups);
    expect(mine.map((c) => `${c.name}:${c.priority}`)).toEqual([
      'addon-monitoring:310',
      'addon-azurePolicy:320',
      'addon-defender:330',
      'addon-keyVault:340',
    ]);
    for (const c of mine) {
      const [rule] = c.rules as ApplicationRule[];
      expect(rule!.sourceAddresses).toEqual(['10.42.1.0/24']);
      expect(rule!.protocols).toEqual([{ protocolType: 'Https', port: 443 }]);
      expect(c.action?.type).toBe('Allow');
    }
    expect(JSON.stringify(desiredRuleGroups(ctx({ azurePolicy: true }), 'AzureChinaCloud'))).toContain('data.policy.azure.cn');
  });

  it('turning an add-on off shows its collection removed and drops it from the body, user collections stay', () => {
    const on = desiredRuleGroups(ctx({ monitoring: true, defender: true }))[0]!;
    const off = desiredRuleGroups(ctx({ defender: true }))[0]!;
    const user: FirewallPolicyFilterRuleCollection = {
      ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
      name: 'mine',
      priority: 999,
      rules: [],
    };
    const current = { priority: on.priority, ruleCollections: [...on.ruleCollections, user] };
    expect(ruleGroupDiff(current, on)).toEqual([]);
    expect(ruleGroupDiff(current, off)).toEqual([
      { property: 'ruleCollections.addon-monitoring', current: '1 rule: monitoring', desired: undefined },
    ]);
    expect(ruleGroupBody(off, current).ruleCollections?.map((c) => c.name)).toEqual([
      'aks-network',
      'aks-application',
      'addon-defender',
      'mine',
    ]);
  });
});

describe('add-on entries of the cluster', () => {
  const cluster = (over: Record<string, unknown> = {}): ManagedCluster => ({ location: 'eastus', ...over });
  // The cluster body's add-on parts: Container Insights and Defender, then Azure Policy and the Key Vault provider.
  // As if this deployment had turned every add-on on (addon-ownership.ts).
  const addonDiff = (c: ReturnType<typeof ctx>, current: ManagedCluster) => [
    ...insightsClusterDiff(c, current, ADDON_KEYS),
    ...policyKeyVaultAddonDiffs(c.config, current, ADDON_KEYS),
  ];
  const applyAddons = (c: ReturnType<typeof ctx>, body: ManagedCluster, existing: ManagedCluster) => {
    applyInsightsSettings(c, body, existing, ADDON_KEYS);
    applyPolicyKeyVaultAddons(body, c.config, ADDON_KEYS);
  };

  it('absent and off are equal: a cluster without add-ons and a config without them differ in nothing', () => {
    expect(addonDiff(ctx(), cluster())).toEqual([]);
    expect(addonDiff(ctx(), cluster({ addonProfiles: { azurepolicy: { enabled: false } } }))).toEqual([]);
    const body = cluster();
    applyAddons(ctx(), body, cluster());
    expect(body).not.toHaveProperty('addonProfiles');
    expect(body).not.toHaveProperty('securityProfile');
  });

  it('turning add-ons on and off shows each, whatever the casing Azure kept', () => {
    const running = cluster({
      addonProfiles: { AzurePolicy: { enabled: true } },
      securityProfile: { defender: { securityMonitoring: { enabled: true } } },
    });
    expect(addonDiff(ctx({ monitoring: true }), running)).toEqual([
      { property: 'addonProfiles.omsagent.enabled', current: false, desired: true },
      { property: 'securityProfile.defender.securityMonitoring.enabled', current: true, desired: false },
      { property: 'addonProfiles.azurepolicy.enabled', current: true, desired: false },
    ]);
    const body = structuredClone(running);
    applyAddons(ctx({ monitoring: true }), body, running);
    expect(Object.keys(body.addonProfiles!)).toEqual(['AzurePolicy', 'omsagent']);
    expect(body.addonProfiles!.AzurePolicy).toEqual({ enabled: false });
    expect(body.addonProfiles!.omsagent!.config!.logAnalyticsWorkspaceResourceID).toMatch(/\/workspaces\/log-/);
    expect(body.securityProfile!.defender).toEqual({ securityMonitoring: { enabled: false } });
  });
});

describe('an add-on turned off keeps its rules while the cluster runs it', () => {
  it('names the add-ons off in the configuration that the cluster still runs (profile keys in any case, Defender by its sensor)', () => {
    const running: ManagedCluster = {
      location: 'eastus',
      addonProfiles: { AzurePolicy: { enabled: true }, omsagent: { enabled: false }, azureKeyvaultSecretsProvider: { enabled: true } },
      securityProfile: { defender: { securityMonitoring: { enabled: true } } },
    };
    expect(addonsStillRunning(testConfig(), running)).toEqual(['azurePolicy', 'defender', 'keyVault']);
    expect(addonsStillRunning(testConfig({ keyVault: true, defender: true }), running)).toEqual(['azurePolicy']);
    expect(addonsStillRunning(testConfig(), undefined)).toEqual([]);
  });

  it('the AKS group keeps a kept add-on collection, and only while asked', () => {
    const names = (kept: Parameters<typeof desiredRuleGroups>[2]) =>
      desiredRuleGroups(ctx(), 'AzureCloud', kept)[0]!.ruleCollections.map((c) => c.name);
    expect(names(['azurePolicy'])).toContain('addon-azurePolicy');
    expect(names([])).not.toContain('addon-azurePolicy');
  });
});
