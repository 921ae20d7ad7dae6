import type { FirewallPolicyFilterRuleCollection } from '@azure/arm-network';
import { ADDON_COLLECTIONS, addonEgress } from '../../azure/addon-egress.js';
import { enabledAddons } from '../../config/addons.js';
import type { CloudName } from '../../config/regions.js';
import type { ResolvedConfig } from '../../config/types.js';

/**
 * One application rule collection per enabled add-on, in the AKS rule collection group: from the node
 * subnet, HTTPS 443, exactly the add-on's FQDNs. A collection of its own per add-on so that turning one
 * off removes exactly its rules, and `verify` can name the add-on whose rules are missing.
 */
export function addonRuleCollections(config: ResolvedConfig, cloud: CloudName): FirewallPolicyFilterRuleCollection[] {
  return enabledAddons(config).map((addon) => {
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
