/** Teardown of compute, the cluster, role assignments, the identity and resource groups. */
import { createdByDeployment } from '../steps/lib/tags.js';
import { deleting, isDeleting, lroOptions, pollOptions, readOrUndefined } from './attempt.js';
import { resourceGroupOfId } from './azure-ids.js';
import type { OwnedResource, TeardownAction } from './types.js';

export function deleteVm(r: OwnedResource): TeardownAction {
  return {
    resource: r,
    run: async (env) => {
      const compute = await env.azure.compute();
      // The jumphost's OS disk and NIC are created with deleteOption Delete: they usually go with it.
      return deleting(env, `virtual machine ${r.name}`, () => compute.virtualMachines.delete(resourceGroupOfId(r.id), r.name, lroOptions(env)).pollUntilDone(pollOptions(env)));
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
      return deleting(env, `cluster ${r.name}`, () => aks.managedClusters.delete(resourceGroupOfId(r.id), r.name, lroOptions(env)).pollUntilDone(pollOptions(env)));
    },
  };
}

export function deleteRoleAssignment(r: OwnedResource, scope: string, label: string): TeardownAction {
  return {
    resource: r,
    run: async (env) => {
      const auth = await env.azure.authorization();
      return deleting(env, `role assignment ${label}`, () => auth.roleAssignments.delete(scope, r.name));
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

/**
 * A node resource group whose cluster is already gone (AKS normally removes it with the cluster). Deleted
 * only while it still carries AKS's tags for our cluster and our deployment tag, re-checked right before.
 */
export function deleteOrphanNodeGroup(r: OwnedResource): TeardownAction {
  return {
    resource: r,
    run: async (env) => {
      const rm = await env.azure.resources();
      const group = await readOrUndefined(`resource group ${r.name}`, () => rm.resourceGroups.get(r.name));
      if (!group) return { kind: 'gone' };
      if (!isOurNodeGroup(group.tags, env.config.resourceGroup, env.names.cluster, env.deploymentId)) {
        return { kind: 'kept', reason: `it does not carry the AKS tags of cluster ${env.names.cluster} and this deployment's tag` };
      }
      return deleting(env, `node resource group ${r.name}`, () => rm.resourceGroups.beginDeleteAndWait(r.name, lroOptions(env)));
    },
  };
}

export function isOurNodeGroup(tags: Record<string, string> | undefined, resourceGroup: string, cluster: string, deploymentId: string): boolean {
  return (
    createdByDeployment(tags, deploymentId) &&
    tags?.['aks-managed-cluster-name']?.toLowerCase() === cluster.toLowerCase() &&
    tags?.['aks-managed-cluster-rg']?.toLowerCase() === resourceGroup.toLowerCase()
  );
}

/** Our resource group, last, and only when nothing is left in it (whatever remains belongs to the user). */
export function deleteResourceGroup(r: OwnedResource): TeardownAction {
  return {
    resource: r,
    run: async (env) => {
      const rm = await env.azure.resources();
      const group = await readOrUndefined(`resource group ${r.name}`, () => rm.resourceGroups.get(r.name));
      if (!group) return { kind: 'gone' };
      if (!isDeleting(group.properties)) {
        const left: string[] = [];
        for await (const res of rm.resources.listByResourceGroup(r.name)) left.push(`${res.type} ${res.name}`);
        if (left.length) return { kind: 'kept', reason: `it is not empty; it still holds ${left.join(', ')}` };
      }
      return deleting(env, `resource group ${r.name}`, () => rm.resourceGroups.beginDeleteAndWait(r.name, lroOptions(env)));
    },
  };
}
