import { describe, expect, it } from 'vitest';
import type { ApplicationRule, FirewallPolicyFilterRuleCollection } from '@azure/arm-network';
import { desiredRuleGroups, ruleGroupBody, ruleGroupDiff } from '../../../src/steps/desired/rule-groups.js';
import { clusterBody, versionSatisfies } from '../../../src/steps/desired/cluster-desired.js';
import { desiredRoutes } from '../../../src/steps/desired/egress-desired.js';
import { resourceNames } from '../../../src/config/names.js';
import { testConfig } from '../../helpers/step-context.js';

const ctx = (over = {}) => {
  const config = testConfig(over);
  return { config, names: resourceNames(config) };
};

describe('rule groups', () => {
  it('add-on FQDNs appear only for enabled add-ons, as their own collection', () => {
    const plain = JSON.stringify(desiredRuleGroups(ctx()));
    expect(plain).not.toContain('opinsights');
    const monitored = desiredRuleGroups(ctx({ monitoring: true }));
    expect(monitored[0]!.ruleCollections.map((c) => c.name)).toEqual(['aks-network', 'aks-application', 'addon-monitoring']);
    const json = JSON.stringify(monitored);
    expect(json).toContain('*.ods.opinsights.azure.com');
    expect(json).toContain('eastus.handler.control.monitor.azure.com');
    // FQDN rules, not the far broader AzureMonitor service tag.
    expect(json).not.toContain('AzureMonitor');
  });
  it('no jumphost group without a jumphost', () => {
    expect(desiredRuleGroups(ctx({ jumphost: false })).map((g) => g.name)).toEqual(['rcg-aks-egress']);
  });
  it('ignores order and case when comparing; keeps user collections on write', () => {
    const [want] = desiredRuleGroups(ctx());
    const shuffled = want!.ruleCollections.map((c) => ({
      ...c,
      rules: [...(c.rules ?? [])].reverse().map((r) => ({ ...r, name: r.name?.toUpperCase() })),
    }));
    expect(ruleGroupDiff({ priority: want!.priority, ruleCollections: shuffled }, want!)).toEqual([]);
    const user: FirewallPolicyFilterRuleCollection = {
      ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
      name: 'mine',
      priority: 999,
      rules: [],
    };
    const body = ruleGroupBody(want!, { priority: 1, ruleCollections: [user] });
    expect(body.ruleCollections?.map((c) => c.name)).toEqual(['aks-network', 'aks-application', 'mine']);
    const tag = (want!.ruleCollections[1]!.rules as ApplicationRule[])[0]!;
    expect(tag.fqdnTags).toEqual(['AzureKubernetesService']);
  });
});

describe('cluster and routes', () => {
  it('version pinning: minor matches any patch, open never forces an upgrade', () => {
    expect(versionSatisfies('1.32.7', '1.32')).toBe(true);
    expect(versionSatisfies('1.32.7', '1.33')).toBe(false);
    expect(versionSatisfies('1.31.1', undefined)).toBe(true);
  });
  it('cluster body keeps user pools and sets the SDK model names', () => {
    const c = ctx();
    const body = clusterBody(
      c,
      {},
      { identityId: '/id', nodeSubnetId: '/subnet', addonsTurnedOn: [] },
      {
        location: 'eastus',
        agentPoolProfiles: [
          { name: 'system', mode: 'System', count: 2 },
          { name: 'user1', mode: 'User', count: 1 },
        ],
      },
    );
    expect(body.agentPoolProfiles?.map((p) => p.name)).toEqual(['system', 'user1']);
    expect(body.agentPoolProfiles?.[1]).toEqual({ name: 'user1', mode: 'User', count: 1 });
    expect(body.aadProfile?.enableAzureRbac).toBe(true);
    expect(body.apiServerAccessProfile?.enablePrivateClusterPublicFqdn).toBe(false);
    expect(body.identity).toEqual({ type: 'UserAssigned', userAssignedIdentities: { '/id': {} } });
  });
  it('routes: default to the firewall private IP, firewall public IP direct to Internet', () => {
    expect(desiredRoutes('10.42.0.4', '20.1.2.3')).toEqual([
      { name: 'default-via-firewall', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.42.0.4' },
      { name: 'firewall-public-ip-direct', addressPrefix: '20.1.2.3/32', nextHopType: 'Internet' },
    ]);
  });
});
