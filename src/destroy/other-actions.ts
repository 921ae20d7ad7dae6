/** Teardown of compute, the cluster, role assignments, the identity and resource groups. */
import { createdByDeployment } from '../core/tags.js';
import { deleting, isDeleting, pollOptions, readOrUndefined } from './attempt.js';
import { lroOptions } from '../azure/lro.js';
import { resourceGroupOfId, scopeParam } from '../azure/ids.js';
import type { OwnedResource, TeardownAction, TeardownEnv } from './types.js';

export function deleteVm(r: OwnedResource): TeardownAction {
  return {
    resource: r,
    run: async (env) => {
      const compute = await env.azure.compute();
      // The jumphost's OS disk and NIC are created with deleteOption Delete: they usually go with it.
      return deleting(env, `virtual machine ${r.name}`, () =>
        compute.virtualMachines.delete(resourceGroupOfId(r.id), r.name, lroOptions(env)).pollUntilDone(pollOptions(env)),
      );
    },
  };
}

export function deleteDisk(r: OwnedResource): TeardownAction {
  return {
    resource: r,
    run: async (env) => {
      const compute = await env.azure.compute();
      const rg = resourceGroupOfId(r.id);
      const disk = await readOrUndefined(`disk ${r.name}`, () => compute.disks.get(rg, r.name));
      if (!disk) return { kind: 'gone' };
      if (disk.managedBy) return { kind: 'kept', reason: `still attached to ${disk.managedBy}, which this deployment did not create` };
      return deleting(env, `disk ${r.name}`, () => compute.disks.delete(rg, r.name, lroOptions(env)).pollUntilDone(pollOptions(env)));
    },
  };
}

/** Deleting the cluster deletes its node resource group (VM scale sets, API server private endpoint, DNS zone). */
export function deleteCluster(r: OwnedResource): TeardownAction {
  return {
    resource: r,
    run: async (env) => {
      const aks = await env.azure.containerService();
      return deleting(env, `cluster ${r.name}`, () =>
        aks.managedClusters.delete(resourceGroupOfId(r.id), r.name, lroOptions(env)).pollUntilDone(pollOptions(env)),
      );
    },
  };
}

export function deleteRoleAssignment(r: OwnedResource, scope: string, label: string): TeardownAction {
  return {
    resource: r,
    run: async (env) => {
      const auth = await env.azure.authorization();
      return deleting(env, `role assignment ${label}`, () => auth.roleAssignments.delete(scopeParam(scope), r.name));
    },
  };
}

export function deleteIdentity(r: OwnedResource): TeardownAction {
  return {
    resource: r,
    run: async (env) => {
      const msi = await env.azure.msi();
      return deleting(env, `identity ${r.name}`, () => msi.userAssignedIdentities.delete(resourceGroupOfId(r.id), r.name));
    },
  };
}

type ResourcesClient = Awaited<ReturnType<TeardownEnv['azure']['resources']>>;
type Group = Awaited<ReturnType<ResourcesClient['resourceGroups']['get']>>;

/**
 * A resource group deleted only after a re-read right before: gone is done; `keepReason` says why it
 * must stay (undefined: delete it).
 */
function deleteGroupUnless(
  r: OwnedResource,
  what: string,
  keepReason: (env: TeardownEnv, group: Group, rm: ResourcesClient) => Promise<string | undefined>,
): TeardownAction {
  return {
    resource: r,
    run: async (env) => {
      const rm = await env.azure.resources();
      const group = await readOrUndefined(`resource group ${r.name}`, () => rm.resourceGroups.get(r.name));
      if (!group) return { kind: 'gone' };
      const reason = await keepReason(env, group, rm);
      if (reason) return { kind: 'kept', reason };
      return deleting(env, `${what} ${r.name}`, () => rm.resourceGroups.beginDeleteAndWait(r.name, lroOptions(env)));
    },
  };
}

/**
 * A node resource group whose cluster is already gone (AKS normally removes it with the cluster). Deleted
 * only while it still carries AKS's tags for our cluster and our deployment tag, re-checked right before.
 */
export function deleteOrphanNodeGroup(r: OwnedResource): TeardownAction {
  return deleteGroupUnless(r, 'node resource group', async (env, group) =>
    isOurNodeGroup(group.tags, env.config.resourceGroup, env.names.cluster, env.deploymentId)
      ? undefined
      : `it does not carry the AKS tags of cluster ${env.names.cluster} and this deployment's tag`,
  );
}

export function isOurNodeGroup(
  tags: Record<string, string> | undefined,
  resourceGroup: string,
  cluster: string,
  deploymentId: string,
): boolean {
  return (
    createdByDeployment(tags, deploymentId) &&
    tags?.['aks-managed-cluster-name']?.toLowerCase() === cluster.toLowerCase() &&
    tags?.['aks-managed-cluster-rg']?.toLowerCase() === resourceGroup.toLowerCase()
  );
}

/** Our resource group, last, and only when nothing is left in it (whatever remains belongs to the user). */
export function deleteResourceGroup(r: OwnedResource): TeardownAction {
  return deleteGroupUnless(r, 'resource group', async (_env, group, rm) => {
    if (isDeleting(group.properties)) return undefined;
    const left: string[] = [];
    for await (const res of rm.resources.listByResourceGroup(r.name)) left.push(`${res.type} ${res.name}`);
    return left.length ? `it is not empty; it still holds ${left.join(', ')}` : undefined;
  });
}
