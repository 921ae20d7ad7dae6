import type { ManagedCluster } from '@azure/arm-containerservice';
import { ADDON_KEYS, ADDONS } from '../../config/addons.js';
import type { PropertyDiff } from '../../core/step.js';
import type { StepContext } from '../../engine/step.js';

/**
 * The add-on entries of the cluster body: each enabled add-on with the settings Azure needs to run it
 * (Container Insights and Defender send to a Log Analytics workspace: the one configured, or the one this
 * deployment names). An add-on the cluster never had is not sent at all, so a cluster built before the
 * add-ons existed shows no change; one turned off on a cluster that had it is sent as disabled.
 */
export function applyAddons(ctx: Pick<StepContext, 'config' | 'names'>, body: ManagedCluster, existing?: ManagedCluster): void {
  const { config } = ctx;
  const profiles: NonNullable<ManagedCluster['addonProfiles']> = { ...existing?.addonProfiles };
  // Azure keeps the key's casing as first sent: update that entry rather than add a second one.
  const keyOf = (name: string) => Object.keys(profiles).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
  const set = (name: string, on: boolean, config?: Record<string, string>) => {
    if (on) profiles[keyOf(name)] = { enabled: true, ...(config ? { config } : {}) };
    else if (existing && running(existing, name)) profiles[keyOf(name)] = { enabled: false };
  };
  set('azurepolicy', config.azurePolicy);
  set('azureKeyvaultSecretsProvider', config.keyVault, { enableSecretRotation: 'true' });
  if (Object.keys(profiles).length) body.addonProfiles = profiles;
}

/** Whether the cluster runs an add-on: its addonProfiles entry (keys compared case-insensitively) or Defender's setting. */
function running(cluster: ManagedCluster, profile: string | undefined): boolean {
  if (!profile) return cluster.securityProfile?.defender?.securityMonitoring?.enabled === true;
  const entry = Object.entries(cluster.addonProfiles ?? {}).find(([k]) => k.toLowerCase() === profile.toLowerCase());
  return entry?.[1]?.enabled === true;
}

/** Each add-on the cluster runs and the config turns off, or the other way round ("absent" and "off" are equal). */
export function addonDiff(ctx: Pick<StepContext, 'config'>, current: ManagedCluster): PropertyDiff[] {
  // Container Insights and Defender are addon-defender.ts's.
  return ADDON_KEYS.filter((k) => k === 'azurePolicy' || k === 'keyVault').flatMap((key) => {
    const profile = ADDONS[key].addonProfile;
    const have = running(current, profile);
    const want = ctx.config[key] === true;
    if (have === want) return [];
    return [
      {
        property: profile ? `addonProfiles.${profile}.enabled` : 'securityProfile.defender.securityMonitoring.enabled',
        current: have,
        desired: want,
      },
    ];
  });
}
