import type { ManagedCluster } from '@azure/arm-containerservice';
import type { FirewallPolicyFilterRuleCollection } from '@azure/arm-network';
import { ADDON_COLLECTIONS, addonEgress } from '../../azure/addon-egress.js';
import { ADDON_KEYS, ADDONS, enabledAddons, type AddonKey } from '../../config/addons.js';
import type { CloudName } from '../../config/regions.js';
import type { ResolvedConfig } from '../../config/types.js';

/**
 * One application rule collection per enabled add-on, in the AKS rule collection group: from the node
 * subnet, HTTPS 443, exactly the add-on's FQDNs. A collection of its own per add-on so that turning one
 * off removes exactly its rules, and `verify` can name the add-on whose rules are missing.
 */
export function addonRuleCollections(
  config: ResolvedConfig,
  cloud: CloudName,
  addons: readonly AddonKey[] = enabledAddons(config),
): FirewallPolicyFilterRuleCollection[] {
  return addons.map((addon) => {
    const egress = addonEgress(addon, cloud, config.location);
    return {
      ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
      name: egress.collection,
      priority: egress.priority,
      action: { type: 'Allow' },
      rules: [
        {
          ruleType: 'ApplicationRule',
          name: addon,
          sourceAddresses: [config.nodeSubnetCidr],
          targetFqdns: egress.fqdns,
          protocols: [{ protocolType: 'Https', port: 443 }],
        },
      ],
    };
  });
}

/** Whether a collection name is one step 4 writes for an add-on (on or off). */
export function isAddonCollection(name: string | undefined): boolean {
  return ADDON_COLLECTIONS.some((c) => c.toLowerCase() === (name ?? '').toLowerCase());
}

/** The collection step 4 writes for an add-on. */
export function addonCollectionName(addon: AddonKey): string {
  return `addon-${addon}`;
}

/**
 * The add-ons the configuration turns off that the cluster still runs: an addonProfiles entry enabled
 * (its key compared case-insensitively, as AKS answers it), or Defender's sensor on. Their agents still
 * need their endpoints until step 5's cluster update removes them.
 */
export function addonsStillRunning(config: ResolvedConfig, cluster: ManagedCluster | undefined): AddonKey[] {
  if (!cluster) return [];
  const profiles = Object.entries(cluster.addonProfiles ?? {});
  const runs = (addon: AddonKey): boolean => {
    const profile = ADDONS[addon].addonProfile;
    if (!profile) return cluster.securityProfile?.defender?.securityMonitoring?.enabled === true;
    return profiles.some(([k, v]) => k.toLowerCase() === profile.toLowerCase() && v?.enabled === true);
  };
  return ADDON_KEYS.filter((k) => config[k] !== true && runs(k));
}
