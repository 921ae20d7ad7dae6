/**
 * Teardown of what the Azure Policy and Key Vault options create: the baseline policy assignment on the
 * cluster (ours by its metadata: assignments carry no tags), the Key Vault's private endpoint, the vault
 * (soft-deleted: Azure keeps it, and its name, for its retention period; with purge protection it cannot be
 * purged, and a later `init` of the same deployment recovers it), the role assignments this deployment made
 * on the vault, and the private DNS zone with our VNet links.
 */
import { DEPLOYMENT_TAG, MANAGED_BY_TAG, MANAGED_BY_VALUE, createdByDeployment } from '../core/tags.js';
import { lroOptions } from '../azure/lro.js';
import { resourceGroupOfId, sameId, scopeParam } from '../azure/ids.js';
import { KEY_VAULT_PRIVATE_DNS_ZONE } from '../azure/private-link-zones.js';
import { ROLE_ASSIGNMENT_TYPE } from '../azure/role-assignments.js';
import { deleting, pollOptions, readOrUndefined } from './attempt.js';
import { deleteRoleAssignment } from './other-actions.js';
import type { OwnedResource, TeardownAction, TeardownEnv } from './types.js';

export const POLICY_ASSIGNMENT_TYPE = 'Microsoft.Authorization/policyAssignments';

/** Our baseline assignment on the cluster, if it is there. */
export async function ourPolicyAssignment(
  env: Pick<TeardownEnv, 'azure' | 'names' | 'deploymentId'>,
  clusterId: string,
): Promise<OwnedResource | undefined> {
  const policy = await env.azure.policy();
  const name = env.names.policyBaselineAssignment;
  const found = await readOrUndefined(`policy assignment ${name}`, () => policy.policyAssignments.get(scopeParam(clusterId), name));
  const m = (found?.metadata ?? {}) as Record<string, unknown>;
  if (!found?.id || m[MANAGED_BY_TAG] !== MANAGED_BY_VALUE || m[DEPLOYMENT_TAG] !== env.deploymentId) return undefined;
  return { id: found.id, type: POLICY_ASSIGNMENT_TYPE, name, step: 'cluster' };
}

export function deletePolicyAssignment(r: OwnedResource): TeardownAction {
  return {
    resource: r,
    run: async (env) => {
      const policy = await env.azure.policy();
      const scope = r.id.slice(0, r.id.toLowerCase().lastIndexOf('/providers/microsoft.authorization/'));
      return deleting(env, `policy assignment ${r.name}`, () => policy.policyAssignments.delete(scopeParam(scope), r.name));
    },
  };
}

export function deleteKeyVault(r: OwnedResource): TeardownAction {
  return {
    resource: r,
    run: async (env) => {
      const kv = await env.azure.keyVault();
      return deleting(env, `key vault ${r.name} (soft delete)`, () => kv.vaults.delete(resourceGroupOfId(r.id), r.name));
    },
  };
}

export function deletePrivateEndpoint(r: OwnedResource): TeardownAction {
  return {
    resource: r,
    run: async (env) => {
      const net = await env.azure.network();
      return deleting(env, `private endpoint ${r.name}`, () =>
        net.privateEndpoints.beginDeleteAndWait(resourceGroupOfId(r.id), r.name, { ...lroOptions(env), ...pollOptions(env) }),
      );
    },
  };
}

/** The zone goes after its links; a link someone else added keeps it (and says so). */
export function deletePrivateDnsZone(r: OwnedResource): TeardownAction {
  return {
    resource: r,
    run: async (env) => {
      const dns = await env.azure.privateDns();
      const rg = resourceGroupOfId(r.id);
      const foreign: string[] = [];
      for await (const link of dns.virtualNetworkLinks.list(rg, r.name)) {
        if (!createdByDeployment(link.tags, env.deploymentId)) {
          foreign.push(link.name ?? '');
          continue;
        }
        await deleting(env, `link ${link.name} of private DNS zone ${r.name}`, () =>
          dns.virtualNetworkLinks.beginDeleteAndWait(rg, r.name, link.name ?? '', lroOptions(env)),
        );
      }
      if (foreign.length) return { kind: 'kept', reason: `it is still linked to other virtual networks (${foreign.join(', ')})` };
      return deleting(env, `private DNS zone ${r.name}`, () => dns.privateZones.beginDeleteAndWait(rg, r.name, lroOptions(env)));
    },
  };
}

export const DNS_LINK_TYPE = 'Microsoft.Network/privateDnsZones/virtualNetworkLinks';

/**
 * Our links in a Key Vault zone that is not ours (a zone the user brought, reused by step 6): the zone
 * stays, the links this deployment added go.
 */
export async function ourLinksInForeignZone(
  env: Pick<TeardownEnv, 'azure' | 'config' | 'deploymentId'>,
  zoneIsOurs: boolean,
): Promise<OwnedResource[]> {
  if (zoneIsOurs) return [];
  const dns = await env.azure.privateDns();
  const zone = KEY_VAULT_PRIVATE_DNS_ZONE[env.azure.target.cloud];
  if (!(await readOrUndefined(`private DNS zone ${zone}`, () => dns.privateZones.get(env.config.resourceGroup, zone)))) return [];
  const out: OwnedResource[] = [];
  for await (const link of dns.virtualNetworkLinks.list(env.config.resourceGroup, zone)) {
    if (createdByDeployment(link.tags, env.deploymentId))
      out.push({ id: link.id ?? '', type: DNS_LINK_TYPE, name: link.name ?? '', step: 'private-endpoint' });
  }
  return out;
}

export function deletePrivateDnsLink(r: OwnedResource): TeardownAction {
  return {
    resource: r,
    run: async (env) => {
      const dns = await env.azure.privateDns();
      const zone = r.id.split('/').slice(-3, -2)[0] ?? '';
      return deleting(env, `link ${r.name} of private DNS zone ${zone}`, () =>
        dns.virtualNetworkLinks.beginDeleteAndWait(resourceGroupOfId(r.id), zone, r.name, lroOptions(env)),
      );
    },
  };
}

/**
 * The role assignments this deployment made on a vault of ours (the add-on identity's Key Vault Secrets
 * User): at the vault's scope, with the description every assignment of this deployment carries. Azure
 * does not delete a resource's role assignments with it, so they go before the vault.
 */
export async function ourVaultRoleAssignments(
  env: Pick<TeardownEnv, 'azure' | 'deploymentId'>,
  vaults: readonly OwnedResource[],
): Promise<OwnedResource[]> {
  const out: OwnedResource[] = [];
  if (!vaults.length) return out;
  const auth = await env.azure.authorization();
  for (const vault of vaults) {
    const listing = await readOrUndefined(`role assignments on key vault ${vault.name}`, async () => {
      const found = [];
      for await (const ra of auth.roleAssignments.listForScope(scopeParam(vault.id), { filter: 'atScope()' })) found.push(ra);
      return found;
    });
    for (const ra of listing ?? []) {
      if (sameId(ra.scope, vault.id) && ra.description === `secure-aks ${env.deploymentId}`)
        out.push({ id: ra.id ?? '', type: ROLE_ASSIGNMENT_TYPE, name: ra.name ?? '', step: 'private-endpoint' });
    }
  }
  return out;
}

export function deleteVaultRoleAssignment(r: OwnedResource): TeardownAction {
  const scope = r.id.slice(0, r.id.toLowerCase().lastIndexOf('/providers/microsoft.authorization/'));
  return deleteRoleAssignment(r, scope, `${r.name} on key vault ${scope.split('/').pop()}`);
}
