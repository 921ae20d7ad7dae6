/**
 * The cluster's addonProfiles as AKS reads them back. An enabled add-on that runs with its own identity
 * gets one AKS creates in the node resource group, `<addon>-<cluster>`, named in the profile's `identity`
 * {resourceId, clientId, objectId} and kept across updates (recorded Azure CLI traffic:
 * Azure/azure-cli src/azure-cli/azure/cli/command_modules/acs/tests/latest/recordings/
 * test_aks_create_default_service_with_monitoring_addon_msi.yaml). A disabled add-on reads back
 * `{ enabled: false, config: null }`: AKS keeps the key once it was sent.
 * The identities themselves appear in the node resource group when the operation ends (addonIdentities),
 * so a role assignment to one finds its principal.
 */
import type { ArmResource, EmulatorContext } from '../../core/contract.js';
import { TENANT_ID } from '../../core/ids.js';

/** Add-ons that run with an identity of their own (the profile names AKS uses). */
const WITH_IDENTITY = ['omsagent', 'azurepolicy', 'azurekeyvaultsecretsprovider', 'ingressapplicationgateway'];

export function addonProfiles(
  ctx: EmulatorContext,
  input: Record<string, any> | undefined,
  existing: ArmResource | undefined,
  nodeResourceGroupId: string,
  clusterName: string,
): Record<string, any> | undefined {
  if (!input || typeof input !== 'object') return existing?.properties?.addonProfiles;
  const before: Record<string, any> = existing?.properties?.addonProfiles ?? {};
  const out: Record<string, any> = {};
  for (const [name, profile] of Object.entries(input)) {
    if (profile?.enabled !== true) {
      out[name] = { enabled: false, config: null };
      continue;
    }
    const kept = before[name]?.identity;
    out[name] = {
      enabled: true,
      config: profile.config ?? null,
      ...(WITH_IDENTITY.includes(name.toLowerCase())
        ? {
            identity: {
              resourceId: `${nodeResourceGroupId}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name.toLowerCase()}-${clusterName}`,
              clientId: kept?.clientId ?? ctx.newGuid(),
              objectId: kept?.objectId ?? ctx.newGuid(),
            },
          }
        : {}),
    };
  }
  return out;
}

/** The identities of the enabled add-ons, as AKS creates them in the node resource group. */
export function addonIdentities(cluster: ArmResource, tags: Record<string, string>): ArmResource[] {
  const profiles: Record<string, any> = cluster.properties?.addonProfiles ?? {};
  return Object.values(profiles)
    .filter((p) => p?.enabled === true && p.identity?.resourceId)
    .map((p) => ({
      id: p.identity.resourceId,
      name: String(p.identity.resourceId).split('/').pop()!,
      type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
      location: cluster.location,
      tags,
      properties: { principalId: p.identity.objectId, clientId: p.identity.clientId, tenantId: TENANT_ID },
    }));
}
