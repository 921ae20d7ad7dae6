import type { ManagedCluster } from '@azure/arm-containerservice';
import { describe, expect, it } from 'vitest';
import { applyInsightsSettings, insightsClusterDiff } from '../../../src/steps/desired/addon-defender.js';
import { resourceNames } from '../../../src/config/names.js';
import { testConfig } from '../../helpers/step-context.js';

function ctx(over: Parameters<typeof testConfig>[0] = {}) {
  const config = testConfig(over);
  return { config, names: resourceNames(config) };
}

const WS =
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-steps-test/providers/Microsoft.OperationalInsights/workspaces/log-aks-test';

describe('the cluster side of Container Insights and Defender', () => {
  it('absent and off compare equal: a cluster that never had them differs in nothing and is sent nothing', () => {
    const c = ctx();
    const cluster: ManagedCluster = { location: 'eastus', securityProfile: { workloadIdentity: { enabled: true } } };
    expect(insightsClusterDiff(c, cluster, [])).toEqual([]);
    const body: ManagedCluster = { location: 'eastus', securityProfile: { workloadIdentity: { enabled: true } } };
    applyInsightsSettings(c, body, cluster, []);
    expect(body).toEqual({ location: 'eastus', securityProfile: { workloadIdentity: { enabled: true } } });
  });

  it('a disabled profile as AKS reads it back is off', () => {
    const cluster: ManagedCluster = { location: 'eastus', addonProfiles: { omsagent: { enabled: false, config: null as never } } };
    expect(insightsClusterDiff(ctx(), cluster, [])).toEqual([]);
  });

  it('on: the omsagent profile with managed identity auth and the Defender profile, both naming the workspace', () => {
    const c = ctx({ monitoring: true, defender: true });
    const body: ManagedCluster = { location: 'eastus', securityProfile: { workloadIdentity: { enabled: true } } };
    applyInsightsSettings(c, body, undefined, []);
    expect(body.addonProfiles).toEqual({
      omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: WS, useAADAuth: 'true' } },
    });
    expect(body.securityProfile).toEqual({
      workloadIdentity: { enabled: true },
      defender: { logAnalyticsWorkspaceResourceId: WS, securityMonitoring: { enabled: true } },
    });
    expect(insightsClusterDiff(c, body, [])).toEqual([]);
  });

  it('config keys compare case-insensitively, as AKS may answer logAnalyticsWorkspaceResourceId', () => {
    const c = ctx({ monitoring: true });
    const cluster: ManagedCluster = {
      location: 'eastus',
      addonProfiles: { omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceId: WS.toLowerCase(), useAADAuth: 'true' } } },
    };
    expect(insightsClusterDiff(c, cluster, [])).toEqual([]);
  });

  const running: ManagedCluster = {
    location: 'eastus',
    addonProfiles: { omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: WS } } },
    securityProfile: { defender: { logAnalyticsWorkspaceResourceId: WS, securityMonitoring: { enabled: true } } },
  };

  it('turned off on a cluster where this deployment turned them on: sent disabled, and planned as such', () => {
    const c = ctx();
    expect(insightsClusterDiff(c, running, ['monitoring', 'defender']).map((d) => d.property)).toEqual([
      'addonProfiles.omsagent.enabled',
      'securityProfile.defender.securityMonitoring.enabled',
    ]);
    const body: ManagedCluster = { ...running };
    applyInsightsSettings(c, body, running, ['monitoring', 'defender']);
    expect(body.addonProfiles?.omsagent).toEqual({ enabled: false });
    expect(body.securityProfile?.defender).toEqual({ securityMonitoring: { enabled: false } });
  });

  it('on by someone else (by hand, by a DeployIfNotExists policy) and off in the configuration: left on, nothing planned', () => {
    const c = ctx();
    expect(insightsClusterDiff(c, running, [])).toEqual([]);
    const body: ManagedCluster = structuredClone(running);
    applyInsightsSettings(c, body, running, []);
    expect(body).toEqual(running);
  });
});
