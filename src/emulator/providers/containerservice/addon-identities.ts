/**
 * Add-on profiles as AKS answers them. An add-on that runs as its own identity gets a user-assigned
 * identity that AKS creates in the node resource group, named `<add-on>-<cluster>`, and reads back under
 * `addonProfiles.<name>.identity` as `{ resourceId, clientId, objectId }` (recorded Azure CLI traffic:
 * Azure/azure-cli src/azure-cli/azure/cli/command_modules/acs/tests/latest/recordings/
 * test_aks_create_with_azurekeyvaultsecretsprovider_addon.yaml; the Azure Policy add-on's identity is
 * `azurepolicy-<cluster>`, https://learn.microsoft.com/azure/aks/use-managed-identity#summary-of-managed-identities-used-by-aks).
 * A disabled add-on reads back `{ enabled: false, config: null }` and its identity is removed.
 */
import type { ArmResource, EmulatorContext, StoreEffect } from '../../core/contract.js';
import { resourceGroupId, TENANT_ID } from '../../core/ids.js';

const IDENTITY_TYPE = 'Microsoft.ManagedIdentity/userAssignedIdentities';

interface AddonRule {
  /** Prefix of the identity AKS creates, e.g. `azurekeyvaultsecretsprovider` for `azurekeyvaultsecretsprovider-<cluster>`. */
  identity: string;
  /** Config keys AKS fills in when the request leaves them out. */
  defaults: Record<string, string>;
}

/** Keyed by the lower-cased profile name (AKS matches add-on names case-insensitively). */
const RULES: Record<string, AddonRule> = {
  // Container Insights: test_aks_create_default_service_with_monitoring_addon_msi.yaml reads back omsagent-<cluster>.
  omsagent: { identity: 'omsagent', defaults: {} },
  azurepolicy: { identity: 'azurepolicy', defaults: { version: 'v2' } },
  azurekeyvaultsecretsprovider: {
    identity: 'azurekeyvaultsecretsprovider',
    defaults: { enableSecretRotation: 'false', rotationPollInterval: '2m' },
  },
};

function identityId(subscriptionId: string, nodeResourceGroup: string, rule: AddonRule, cluster: string): string {
  return `${resourceGroupId(subscriptionId, nodeResourceGroup)}/providers/${IDENTITY_TYPE}/${rule.identity}-${cluster}`;
}

/** The add-on profiles of a cluster PUT as AKS stores them; identities keep their ids across updates. */
export function addonProfiles(
  ctx: Pick<EmulatorContext, 'newGuid'>,
  input: Record<string, any> | undefined,
  at: { subscriptionId: string; nodeResourceGroup: string; cluster: string },
  previous: Record<string, any> | undefined,
): Record<string, any> | undefined {
  if (!input) return previous;
  const out: Record<string, any> = {};
  for (const [name, profile] of Object.entries(input)) {
    const rule = RULES[name.toLowerCase()];
    if (!rule || !profile || typeof profile !== 'object') {
      out[name] = profile;
      continue;
    }
    if (profile.enabled !== true) {
      out[name] = { enabled: false, config: null };
      continue;
    }
    const before = Object.entries(previous ?? {}).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1]?.identity;
    out[name] = {
      enabled: true,
      config: { ...rule.defaults, ...(profile.config ?? {}) },
      identity: {
        resourceId: identityId(at.subscriptionId, at.nodeResourceGroup, rule, at.cluster),
        clientId: before?.clientId ?? ctx.newGuid(),
        objectId: before?.objectId ?? ctx.newGuid(),
      },
    };
  }
  return out;
}

/**
 * Store writes that land with the cluster operation: each enabled add-on's identity resource (so the
 * directory knows its principal and a role can be assigned to it), and removal of a disabled one's.
 */
export function addonIdentityEffects(cluster: ArmResource, tags: Record<string, string>): StoreEffect[] {
  const effects: StoreEffect[] = [];
  const sub = cluster.id.split('/')[2]!;
  const nodeRg: string = cluster.properties!.nodeResourceGroup;
  for (const [name, profile] of Object.entries<any>(cluster.properties!.addonProfiles ?? {})) {
    const rule = RULES[name.toLowerCase()];
    if (!rule) continue;
    const id = identityId(sub, nodeRg, rule, cluster.name);
    if (profile?.enabled !== true || !profile.identity) {
      effects.push({ delete: id });
      continue;
    }
    effects.push({
      put: {
        id,
        name: id.split('/').pop()!,
        type: IDENTITY_TYPE,
        location: cluster.location,
        tags,
        properties: {
          tenantId: TENANT_ID,
          principalId: profile.identity.objectId,
          clientId: profile.identity.clientId,
          isolationScope: 'None',
        },
      },
    });
  }
  return effects;
}
