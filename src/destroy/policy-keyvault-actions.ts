/**
 * Teardown of what the Azure Policy and Key Vault options create: the baseline policy assignment on the
 * cluster (ours by its metadata: assignments carry no tags), the Key Vault's private endpoint, the vault
 * (soft-deleted: Azure keeps it, and its name, for its retention period; with purge protection it cannot be
 * purged, and a later `init` of the same deployment recovers it) and the private DNS zone with our VNet links.
 */
import { DEPLOYMENT_TAG, MANAGED_BY_TAG, MANAGED_BY_VALUE, createdByDeployment } from '../core/tags.js';
import { lroOptions } from '../azure/lro.js';
import { resourceGroupOfId, scopeParam } from '../azure/ids.js';
import { deleting, pollOptions, readOrUndefined } from './attempt.js';
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
