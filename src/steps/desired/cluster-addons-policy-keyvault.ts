import type { ManagedCluster, ManagedClusterAddonProfile } from '@azure/arm-containerservice';
import type { PropertyDiff } from '../../core/step.js';
import type { ResolvedConfig } from '../../config/types.js';
import { ADDONS, type AddonKey } from '../../config/addons.js';
import { sameValue } from './diff.js';

/**
 * The cluster's add-on profiles for the Azure Policy add-on and the Key Vault secrets provider.
 * - azurepolicy: `config.version: v2` (Gatekeeper v3; https://learn.microsoft.com/azure/governance/policy/concepts/policy-for-kubernetes);
 * - azureKeyvaultSecretsProvider: secret rotation on, polled every 2 minutes (the documented default
 *   interval: https://learn.microsoft.com/azure/aks/csi-secrets-store-configuration-options#enable-and-disable-auto-rotation).
 * AKS reads config values back as strings, so they are sent as strings.
 */
const WANTED: Record<'azurePolicy' | 'keyVault', Record<string, string>> = {
  azurePolicy: { version: 'v2' },
  keyVault: { enableSecretRotation: 'true', rotationPollInterval: '2m' },
};

type Keys = keyof typeof WANTED;
const KEYS = Object.keys(WANTED) as Keys[];

function profileName(key: AddonKey): string {
  return ADDONS[key].addonProfile!;
}

/** The profile as the cluster has it; AKS matches add-on names case-insensitively. */
export function currentProfile(cluster: ManagedCluster | undefined, key: AddonKey): ManagedClusterAddonProfile | undefined {
  const name = profileName(key).toLowerCase();
  return Object.entries(cluster?.addonProfiles ?? {}).find(([k]) => k.toLowerCase() === name)?.[1];
}

/**
 * What differs. An add-on that is off compares equal to one the cluster never had: a cluster created
 * before these options existed plans no change while they stay off. One on that this deployment did not
 * turn on (not in `ours`) is left on (addon-ownership.ts), so it compares equal too.
 */
export function policyKeyVaultAddonDiffs(
  config: Pick<ResolvedConfig, Keys>,
  current: ManagedCluster,
  ours: readonly AddonKey[],
): PropertyDiff[] {
  const diffs: PropertyDiff[] = [];
  for (const key of KEYS) {
    const have = currentProfile(current, key);
    const path = `addonProfiles.${profileName(key)}`;
    const enabled = have?.enabled === true && (config[key] || ours.includes(key));
    if (enabled !== config[key]) {
      diffs.push({ property: `${path}.enabled`, current: enabled, desired: config[key] });
      continue;
    }
    if (!config[key]) continue;
    for (const [k, v] of Object.entries(WANTED[key])) {
      if (!sameValue(have?.config?.[k], v)) diffs.push({ property: `${path}.config.${k}`, current: have?.config?.[k], desired: v });
    }
  }
  return diffs;
}

/**
 * Sets the two profiles on a cluster body built over what exists: on is sent with its config; off is
 * sent as `enabled: false` only when the cluster has the add-on on and this deployment turned it on
 * (never a profile Azure never had, never one someone else turned on).
 */
export function applyPolicyKeyVaultAddons(
  body: { addonProfiles?: Record<string, ManagedClusterAddonProfile> },
  config: Pick<ResolvedConfig, Keys>,
  ours: readonly AddonKey[],
): void {
  const profiles = { ...(body.addonProfiles ?? {}) };
  for (const key of KEYS) {
    const name = profileName(key);
    const existingKey = Object.keys(profiles).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
    const have = profiles[existingKey];
    if (config[key]) profiles[existingKey] = { enabled: true, config: { ...(have?.config ?? {}), ...WANTED[key] } };
    else if (have?.enabled === true && ours.includes(key)) profiles[existingKey] = { enabled: false };
  }
  if (Object.keys(profiles).length) body.addonProfiles = profiles;
}

/** The add-on's identity AKS created (its object id receives roles), once the cluster has it. */
export function addonIdentity(cluster: ManagedCluster | undefined, key: AddonKey): { resourceId?: string; objectId?: string } | undefined {
  const p = currentProfile(cluster, key);
  return p?.enabled ? p.identity : undefined;
}
