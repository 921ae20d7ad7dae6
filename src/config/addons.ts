/**
 * The add-ons a deployment may turn on. Each is off by default; turning one on adds what it needs in
 * Azure (step 5 and 6), exactly its egress rules (step 4) and a `verify` check that it is healthy.
 * Keyed by the config key that turns it on.
 */
export const ADDON_KEYS = ['monitoring', 'azurePolicy', 'defender', 'keyVault'] as const;
export type AddonKey = (typeof ADDON_KEYS)[number];

export interface AddonInfo {
  key: AddonKey;
  /** As Microsoft names it, for summaries, plans and verify checks. */
  title: string;
  /** The cluster's addonProfiles entry that turns it on; Defender is a securityProfile setting instead. */
  addonProfile?: 'omsagent' | 'azurepolicy' | 'azureKeyvaultSecretsProvider';
}

export const ADDONS: Readonly<Record<AddonKey, AddonInfo>> = {
  monitoring: { key: 'monitoring', title: 'Azure Monitor Container Insights', addonProfile: 'omsagent' },
  azurePolicy: { key: 'azurePolicy', title: 'Azure Policy add-on', addonProfile: 'azurepolicy' },
  defender: { key: 'defender', title: 'Microsoft Defender for Containers' },
  keyVault: { key: 'keyVault', title: 'Key Vault secrets provider', addonProfile: 'azureKeyvaultSecretsProvider' },
};

/** The add-ons a configuration turns on, in the order above. */
export function enabledAddons(config: Partial<Record<AddonKey, boolean>>): AddonKey[] {
  return ADDON_KEYS.filter((k) => config[k] === true);
}
