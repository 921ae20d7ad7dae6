import type { ManagedCluster } from '@azure/arm-containerservice';
import type { StepOutputs } from '../core/step.js';
import type { Step, StepContext } from '../engine/step.js';
import { aksPendingOperationPolicy, rolePropagationPolicy, RETRY_POLICIES, type RetryPolicy } from '../azure/retry.js';
import { AzureOperationError } from '../core/errors.js';
import { azureCall, getOrUndefined } from '../azure/errors.js';
import { changeFor, diffProperties } from './desired/diff.js';
import { ensureOperatorAccess, operatorAccessChange } from './desired/cluster-access.js';
import { clusterBody, clusterDiff, ownedSettings, type ClusterInputs } from './desired/cluster-desired.js';
import { inPlace, poolDiffs, poolRemovalChange } from './desired/cluster-pools.js';
import { addOrRepairPools, removeUnwantedPool, resumePoolOperation, type PoolWriteInputs } from './desired/pool-writes.js';
import { insightsClusterDiff } from './desired/addon-defender.js';
import { policyKeyVaultAddonDiffs } from './desired/cluster-addons-policy-keyvault.js';
import { armId, subnetId } from '../azure/ids.js';
import { inFlightFor, journaledModernLro, lroOptions } from '../azure/lro.js';
import { waitWhileProvisioning } from '../azure/provisioning.js';
import { tagsDiff, tagsForPut, userTagsOutput } from '../core/tags.js';
import { newestStablePatch } from '../config/kubernetes-version.js';
import { ensureMaintenance, MAINTENANCE_OUTPUT, maintenanceChanges, maintenanceProblems } from './desired/maintenance.js';
import {
  ensureMonitoringAfter,
  ensureMonitoringBefore,
  monitoringProblems,
  monitoringChangesAfter,
  monitoringChangesBefore,
  monitoringOutputs,
} from './desired/addon-monitoring.js';
import { ensurePolicyBaseline, policyBaselineChange } from './policy-baseline.js';
import { removeRetiredAddonRules, retiredAddonRuleProblems, retiredAddonRulesChange } from './desired/addon-rules-retire.js';
import { ADDONS_OUTPUT, addonsTurnedOn, leftOn, leftOnChanges, recordedAddons } from './desired/addon-ownership.js';

const CLUSTER_TYPE = 'Microsoft.ContainerService/managedClusters';

async function readCluster(ctx: StepContext): Promise<ManagedCluster | undefined> {
  const aks = await ctx.azure.containerService();
  return azureCall(`Reading cluster ${ctx.names.cluster}`, () =>
    getOrUndefined(() => aks.managedClusters.get(ctx.config.resourceGroup, ctx.names.cluster)),
  );
}

/** Ids from earlier steps, derived from names when they have not run (plan). */
function inputs(ctx: StepContext): ClusterInputs {
  const identity = ctx.outputs('identity').identityId;
  const node = ctx.outputs('network').nodeSubnetId;
  return {
    identityId:
      typeof identity === 'string' ? identity : armId(ctx, 'Microsoft.ManagedIdentity/userAssignedIdentities', ctx.names.identity),
    nodeSubnetId: typeof node === 'string' ? node : subnetId(ctx, ctx.names.nodeSubnet),
    addonsTurnedOn: recordedAddons(ctx.previousOutputs()),
  };
}

/**
 * Container Insights is off in the configuration but on in the cluster, turned on by someone else: its
 * rule and association stay too, so the agent left on keeps sending (destroy removes them with the rest).
 */
function monitoringLeftOn(ctx: StepContext, cluster: ManagedCluster | undefined): boolean {
  return leftOn(ctx.config, cluster, inputs(ctx).addonsTurnedOn).includes('monitoring');
}

/** What the cluster PUT would change: our settings, and the tags when this deployment created it. */
function diffOf(ctx: StepContext, cluster: ManagedCluster) {
  return [...clusterDiff(ctx, cluster, inputs(ctx)), ...tagsDiff(ctx, cluster)];
}

/** The newest generally available version in the region: the same rule preflight and the pickers use. */
async function newestVersion(ctx: StepContext): Promise<string | undefined> {
  const aks = await ctx.azure.containerService();
  return newestStablePatch(
    await azureCall(`Listing Kubernetes versions in ${ctx.config.location}`, () =>
      aks.managedClusters.listKubernetesVersions(ctx.config.location),
    ),
  );
}

/**
 * What AKS answers that means "not yet" for this step: another operation on the cluster (409
 * OperationNotAllowed, https://aka.ms/aks-pending-operation: wait for it, then send the same PUT), and,
 * right after step 3 granted the cluster identity its roles, a permission refusal while they propagate.
 */
function clusterRetryPolicies(ctx: StepContext): RetryPolicy[] {
  const aks = () => ctx.azure.containerService();
  const rg = ctx.config.resourceGroup;
  const name = ctx.names.cluster;
  const settle = async () => {
    const client = await aks();
    const current = await readCluster(ctx);
    if (current)
      await waitWhileProvisioning(
        ctx,
        `cluster ${name}`,
        current,
        () => client.managedClusters.get(rg, name),
        ctx.azure.waits.busyBudgetMs,
      );
  };
  const policies = [aksPendingOperationPolicy(ctx.azure.waits, settle)];
  const grantedAt = Date.parse(String(ctx.outputs('egress-route').rolesGrantedAt ?? ''));
  if (Number.isFinite(grantedAt) && Date.now() - grantedAt < ctx.azure.waits.rolePropagationMs) {
    policies.push(
      rolePropagationPolicy(ctx.azure.waits, {
        exhausted: (error, waitedMs) =>
          new AzureOperationError(
            'RoleAssignmentNotPropagated',
            `AKS still refuses cluster ${name} after waiting ${Math.round(waitedMs / 60_000)} min for the cluster identity's new role assignments to take effect: ${(error as Error).message}`,
            undefined,
            `Role assignments can take longer in some tenants (AKS documents up to 60 minutes for its identity). Check that ${ctx.names.identity} has Network Contributor on ${ctx.names.vnet} and ${ctx.names.routeTable}, then run \`secure-aks status --resume\`, or set SECURE_AKS_ROLE_PROPAGATION_TIMEOUT (minutes) to wait longer.`,
          ),
      }),
    );
  }
  return policies;
}

export const step: Step = {
  number: 5,
  id: 'cluster',
  title: 'Private AKS cluster',
  // nsg: AKS validates the node subnet on create; its NSG association (a subnet write) must be done first.
  dependsOn: ['firewall-rules', 'egress-route', 'network', 'identity', 'nsg'],

  async check(ctx) {
    const cluster = await readCluster(ctx);
    const clusterId = armId(ctx, CLUSTER_TYPE, ctx.names.cluster);
    const baseline = await policyBaselineChange(ctx, clusterId, !!cluster);
    const poolRemoval = cluster ? poolRemovalChange(ctx.config, cluster, ctx.deploymentId, cluster.id ?? clusterId) : undefined;
    const retiredRules = await retiredAddonRulesChange(ctx, cluster);
    const keepMonitoring = monitoringLeftOn(ctx, cluster);
    return [
      ...(await monitoringChangesBefore(ctx, cluster)).filter((c) => !(keepMonitoring && c.action === 'delete')),
      changeFor(CLUSTER_TYPE, ctx.names.cluster, cluster, cluster ? diffOf(ctx, cluster) : []),
      ...(poolRemoval ? [poolRemoval] : []),
      ...(retiredRules ? [retiredRules] : []),
      ...leftOnChanges(ctx.config, cluster, inputs(ctx).addonsTurnedOn, ctx.names.cluster),
      ...(keepMonitoring ? [] : await monitoringChangesAfter(ctx, clusterId, cluster)),
      await operatorAccessChange(ctx, clusterId, !!cluster),
      ...(baseline ? [baseline] : []),
      ...(await maintenanceChanges(ctx, !!cluster)),
    ];
  },

  async apply(ctx) {
    const aks = await ctx.azure.containerService();
    const rg = ctx.config.resourceGroup;
    const name = ctx.names.cluster;
    const clusterId = armId(ctx, CLUSTER_TYPE, name);
    let cluster = await readCluster(ctx);
    const before = cluster;
    const resuming = !!inFlightFor(ctx, clusterId);
    const poolWrites = (current: ManagedCluster | undefined): PoolWriteInputs => ({
      clusterId,
      nodeSubnetId: inputs(ctx).nodeSubnetId,
      tags: tagsForPut(ctx, current),
      policies: clusterRetryPolicies(ctx),
    });
    // A pool operation the last run was waiting on when it died: seen to its end before anything is compared.
    if (cluster && !resuming && (await resumePoolOperation(ctx, poolWrites(cluster)))) cluster = (await readCluster(ctx)) ?? cluster;
    if (cluster && !resuming) {
      cluster = await waitWhileProvisioning(
        ctx,
        `cluster ${name}`,
        cluster,
        () => aks.managedClusters.get(rg, name),
        RETRY_POLICIES.provisioningPoll.clusterBudgetMs,
      );
    }
    const pools = poolWrites(cluster);
    // A new pool exists before the System pool is tainted for it (and goes only once the taint is gone, below).
    if (cluster && !resuming && (await addOrRepairPools(ctx, cluster, pools))) cluster = (await readCluster(ctx)) ?? cluster;
    // The add-on profiles name the workspace (and Monitor's rule must exist before AKS deploys its agent).
    await ensureMonitoringBefore(ctx);
    if (resuming || !cluster || diffOf(ctx, cluster).filter(inPlace).length > 0) {
      // Loaded here, not at the top: `status` and `--help` import the steps and must not load the SDK.
      const { restorePoller } = await import('@azure/arm-containerservice');
      const want: ClusterInputs = {
        ...inputs(ctx),
        kubernetesVersion: ctx.config.kubernetesVersion ?? (cluster ? undefined : await newestVersion(ctx)),
      };
      const body = clusterBody(ctx, tagsForPut(ctx, cluster), want, cluster);
      // Who turned an add-on on is known only to the journal (AKS records nothing): what this PUT turns on is
      // journaled as ours before it is sent, so a run killed after it still turns the add-on off when asked.
      const ours = inputs(ctx).addonsTurnedOn;
      await ctx.remember({ [ADDONS_OUTPUT]: [...new Set([...ours, ...addonsTurnedOn(ctx.config, cluster, ours)])] });
      cluster = await journaledModernLro(ctx, {
        resourceId: clusterId,
        operation: cluster ? 'update' : 'create',
        label: `cluster ${name}`,
        policies: clusterRetryPolicies(ctx),
        start: () => aks.managedClusters.createOrUpdate(rg, name, body, lroOptions(ctx)),
        restore: (serialized) => restorePoller(aks, serialized, aks.managedClusters.createOrUpdate, lroOptions(ctx)),
      });
    }
    if ((await addOrRepairPools(ctx, cluster, pools)) || (await removeUnwantedPool(ctx, cluster, pools))) {
      cluster = (await readCluster(ctx)) ?? cluster;
    }
    // Part of the cluster's access configuration: with Azure RBAC and no local accounts, kubectl (steps 9
    // and 10, verify) is refused to anyone without a Kubernetes data-plane role.
    await ensureOperatorAccess(ctx, clusterId);
    if (!monitoringLeftOn(ctx, before)) await ensureMonitoringAfter(ctx, clusterId, before);
    // The add-ons this update turned off no longer run: their egress rules can go now (step 4 kept them).
    await removeRetiredAddonRules(ctx, cluster);
    // Assigned to the cluster's scope, so only once the cluster exists.
    const policyBaselineAssignmentId = await ensurePolicyBaseline(ctx, cluster.id ?? clusterId);
    // Children of the cluster: written once it exists (the patch and NodeImage channels they schedule are set above).
    return {
      ...outputsOf(cluster),
      ...monitoringOutputs(ctx),
      ...(policyBaselineAssignmentId ? { policyBaselineAssignmentId } : {}),
      [MAINTENANCE_OUTPUT]: await ensureMaintenance(ctx),
      [ADDONS_OUTPUT]: addonsTurnedOn(ctx.config, before, inputs(ctx).addonsTurnedOn),
      ...userTagsOutput(ctx),
    };
  },

  async verify(ctx) {
    const cluster = await readCluster(ctx);
    const problems = cluster
      ? [...diffProperties(cluster, ownedSettings(ctx)), ...insightsClusterDiff(ctx, cluster, inputs(ctx).addonsTurnedOn)].map(
          (d) => `${d.property} is ${JSON.stringify(d.current)}`,
        )
      : ['it does not exist'];
    // The pools as configured: zones, autoscaler bounds, the System pool's taint, the User pool there or gone.
    if (cluster) {
      problems.push(
        ...poolDiffs(ctx.config, cluster, inputs(ctx).nodeSubnetId).map((d) => `${d.property} is ${JSON.stringify(d.current)}`),
      );
      const removal = poolRemovalChange(ctx.config, cluster, ctx.deploymentId, cluster.id ?? armId(ctx, CLUSTER_TYPE, ctx.names.cluster));
      if (removal) problems.push(`node pool ${removal.name} is still there although userPool is off`);
    }
    if (cluster && cluster.provisioningState !== 'Succeeded') problems.push(`provisioning state is ${cluster.provisioningState}`);
    if (cluster && !cluster.privateFqdn) problems.push('it has no private FQDN');
    if (cluster) problems.push(...(await maintenanceProblems(ctx)), ...(await retiredAddonRuleProblems(ctx, cluster)));
    if (cluster)
      problems.push(
        ...policyKeyVaultAddonDiffs(ctx.config, cluster, inputs(ctx).addonsTurnedOn).map(
          (d) => `${d.property} is ${JSON.stringify(d.current)}`,
        ),
      );
    // Container Insights collects only through its data collection rule and the cluster's association with it.
    if (cluster) problems.push(...(await monitoringProblems(ctx, cluster.id ?? armId(ctx, CLUSTER_TYPE, ctx.names.cluster))));
    const baseline = cluster ? await policyBaselineChange(ctx, cluster.id ?? armId(ctx, CLUSTER_TYPE, ctx.names.cluster), true) : undefined;
    if (baseline && baseline.action !== 'none')
      problems.push(`policy assignment ${baseline.name} is not in place (${baseline.action} pending)`);
    if (problems.length) {
      throw new AzureOperationError(
        'ClusterNotSecure',
        `Cluster ${ctx.names.cluster}: ${problems.join('; ')}.`,
        undefined,
        'Run `secure-aks init` again.',
      );
    }
  },
};

function outputsOf(cluster: ManagedCluster): StepOutputs {
  return {
    clusterId: cluster.id,
    nodeResourceGroup: cluster.nodeResourceGroup,
    privateFqdn: cluster.privateFqdn,
    kubernetesVersion: cluster.currentKubernetesVersion ?? cluster.kubernetesVersion,
  };
}
