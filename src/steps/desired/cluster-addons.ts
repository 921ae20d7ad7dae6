import type { ManagedCluster } from '@azure/arm-containerservice';
import type { StepContext } from '../../engine/step.js';

/**
 * The add-on entries of the cluster body: each enabled add-on with the settings Azure needs to run it
 * (Container Insights and Defender send to a Log Analytics workspace: the one configured, or the one this
 * deployment names). An add-on the cluster never had is not sent at all, so a cluster built before the
 * add-ons existed shows no change; one turned off on a cluster that had it is sent as disabled.
 */
export function applyAddons(ctx: Pick<StepContext, 'config' | 'names'>, body: ManagedCluster, existing?: ManagedCluster): void {
  const { config, names } = ctx;
  const workspace =
    config.logAnalyticsWorkspace ||
    `/subscriptions/${config.subscriptionId}/resourceGroups/${config.resourceGroup}/providers/Microsoft.OperationalInsights/workspaces/${names.logAnalyticsWorkspace}`;
  const had = (name: string) => existing?.addonProfiles?.[name]?.enabled === true;
  const profiles: NonNullable<ManagedCluster['addonProfiles']> = { ...existing?.addonProfiles };
  const set = (name: string, on: boolean, config?: Record<string, string>) => {
    if (on) profiles[name] = { enabled: true, ...(config ? { config } : {}) };
    else if (had(name)) profiles[name] = { enabled: false };
  };
  set('omsagent', config.monitoring, { logAnalyticsWorkspaceResourceID: workspace, useAADAuth: 'true' });
  set('azurepolicy', config.azurePolicy);
  set('azureKeyvaultSecretsProvider', config.keyVault, { enableSecretRotation: 'true' });
  if (Object.keys(profiles).length) body.addonProfiles = profiles;
  const defenderWas = existing?.securityProfile?.defender?.securityMonitoring?.enabled === true;
  if (config.defender || defenderWas) {
    body.securityProfile = {
      ...body.securityProfile,
      defender: config.defender
        ? { logAnalyticsWorkspaceResourceId: workspace, securityMonitoring: { enabled: true } }
        : { securityMonitoring: { enabled: false } },
    };
  }
}
