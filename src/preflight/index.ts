/**
 * Preflight: everything Azure would refuse that can be known before the first write, checked in one
 * parallel round of reads after the configuration is settled and before the summary. init and plan run
 * it; a failure lists every problem at once and nothing is created.
 */
import type { Permission } from '@azure/arm-authorization';
import type { AzureClients } from '../azure/types.js';
import { translateAzureError, getOrUndefined } from '../azure/errors.js';
import { resourceNames } from '../config/names.js';
import type { ResolvedConfig } from '../config/types.js';
import { deploymentTags } from '../core/tags.js';
import { withoutResume } from '../engine/resume-advice.js';
import type { AzureContext } from '../azure/context.js';
import { requiredProviders } from '../steps/01-identity.js';
import { dataCollectionRuleProblems, insightsFindings } from './insights.js';
import { callerPermissions } from '../azure/caller-permissions.js';
import { listKubernetesVersions, listQuota, listVmSizes } from './catalog.js';
import { quotaNote, quotaProblems, sizeProblems } from './compute.js';
import { immutableProblems, locationProblems, type RecordedDeployment } from './existing.js';
import { poolChangeProblems, userPoolOwnershipProblems, userPoolSizeProblems, zoneProblems } from './pools.js';
import { ownershipFindings } from './ownership.js';
import { keyVaultNameProblems } from './key-vault-name.js';
import type { AdoptedResource } from '../state/schema.js';
import { nameProblems, permissionProblems, providerFindings, versionFindings } from './platform.js';
import { PreflightError, type PreflightNote, type PreflightProblem, type PreflightReport } from './problems.js';

export { PreflightError, type PreflightProblem, type PreflightReport } from './problems.js';
export type { RecordedDeployment } from './existing.js';

export interface PreflightInput {
  azure: AzureClients;
  config: ResolvedConfig;
  deploymentId: string;
  /** What the state file records, so a re-run cannot silently retarget another region. */
  recorded?: RecordedDeployment;
  /** What earlier runs of this deployment adopted (the state file's record). */
  adopted?: readonly AdoptedResource[];
  signal?: AbortSignal;
}

/** callerPermissions is step 1's helper; it reads only config, azure and signal from its context. */
function permissionContext(input: PreflightInput): AzureContext {
  const never = () => {
    throw new Error('preflight context has no journal');
  };
  return {
    config: input.config,
    names: resourceNames(input.config),
    deploymentId: input.deploymentId,
    tags: deploymentTags(input.deploymentId),
    azure: input.azure,
    signal: input.signal ?? new AbortController().signal,
    progress: () => {},
    recordOperation: never,
    inFlight: () => undefined,
  };
}

/**
 * The caller's permissions on the subscription itself. A principal with roles only on the resource group
 * may be refused this read (403): then it holds nothing there, which is what this check is about.
 */
async function subscriptionPermissions(input: PreflightInput): Promise<{ scope: string; permissions: Permission[] } | undefined> {
  try {
    return await callerPermissions(permissionContext(input), false);
  } catch (err) {
    const e = translateAzureError(err);
    if (e.code === 'PermissionsUnreadable') return { scope: `/subscriptions/${input.config.subscriptionId}`, permissions: [] };
    if (e.code === 'Interrupted') throw e;
    return undefined;
  }
}

/** A read that fails is reported as a note (the check is skipped), unless it is a permission failure. */
async function attempt<T>(what: string, notes: PreflightNote[], read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    const e = translateAzureError(err);
    if (e.code === 'Interrupted') throw e;
    notes.push({ code: 'PreflightCheckSkipped', message: `could not check ${what}: ${e.code}: ${e.message}` });
    return undefined;
  }
}

export async function runPreflight(input: PreflightInput): Promise<PreflightReport> {
  const { azure, config } = input;
  const names = resourceNames(config);
  const notes: PreflightNote[] = [];
  const problems: PreflightProblem[] = [];
  const rm = await azure.resources();

  // A GET (not HEAD): an existing group's location decides where everything in it lives.
  const group = await attempt('the resource group', notes, () => getOrUndefined(() => rm.resourceGroups.get(config.resourceGroup)));
  const rgExists = !!group;
  const readPermissions = (groupScope: boolean) =>
    callerPermissions(permissionContext(input), groupScope).then(
      (r) => r,
      (err) => {
        const e = translateAzureError(err);
        if (e.code === 'PermissionsApiFailed') {
          // Preflight runs before the first write, so this much is certain.
          problems.push({
            code: e.code,
            fields: [],
            kind: 'azure',
            message: e.message,
            remediation: `Nothing was changed. ${e.remediation ?? ''}`.trim(),
          });
        } else {
          problems.push({
            code: e.code,
            fields: ['permissions'],
            kind: 'auth',
            message: e.message,
            remediation: withoutResume(e.remediation ?? ''),
          });
        }
        return undefined;
      },
    );
  const [perms, subscriptionPerms, providers, sizes, usages, versions, cluster, jumphost, ownership, insights] = await Promise.all([
    readPermissions(rgExists),
    // The node resource group and provider registration depend on the subscription's grants alone.
    rgExists ? subscriptionPermissions(input) : undefined,
    attempt('resource providers', notes, () =>
      Promise.all(
        requiredProviders(config).map(async (ns) => ({
          namespace: ns,
          registrationState: (await rm.providers.get(ns)).registrationState ?? 'NotRegistered',
        })),
      ),
    ),
    attempt(`VM sizes in ${config.location}`, notes, () => listVmSizes(azure, config.location)),
    attempt(`vCPU quota in ${config.location}`, notes, () => listQuota(azure, config.location)),
    attempt(`Kubernetes versions in ${config.location}`, notes, () => listKubernetesVersions(azure, config.location)),
    rgExists
      ? attempt(`cluster ${names.cluster}`, notes, async () =>
          getOrUndefined(async () => (await azure.containerService()).managedClusters.get(config.resourceGroup, names.cluster)),
        )
      : undefined,
    rgExists && config.jumphost
      ? attempt(`VM ${names.jumphostVm}`, notes, async () =>
          getOrUndefined(async () => (await azure.compute()).virtualMachines.get(config.resourceGroup, names.jumphostVm)),
        )
      : undefined,
    // A new resource group holds nothing of anyone's yet.
    rgExists
      ? attempt('who owns the existing network resources', notes, async () =>
          ownershipFindings({ net: await azure.network(), rm, config, names, deploymentId: input.deploymentId, recorded: input.adopted }),
        )
      : undefined,
    attempt('the Log Analytics workspace', notes, () => insightsFindings(azure, config)),
  ]);
  if (insights) {
    problems.push(...insights.problems);
    notes.push(...insights.notes);
  }

  const atSubscription = rgExists ? subscriptionPerms : perms;
  if (perms && atSubscription) problems.push(...permissionProblems(config, perms, atSubscription));
  if (providers && atSubscription) {
    const p = providerFindings(config, providers, atSubscription.permissions);
    problems.push(...p.problems);
    notes.push(...p.notes);
  }
  if (sizes) {
    const existingNodes = cluster
      ? Object.fromEntries((cluster.agentPoolProfiles ?? []).map((p) => [p.name ?? '', p.count ?? 0]))
      : undefined;
    const facts = { sizes, usages: usages ?? [], existingNodes, jumphostExists: !!jumphost };
    problems.push(...sizeProblems(config, facts), ...userPoolSizeProblems(config, sizes), ...zoneProblems(config, sizes));
    problems.push(...quotaProblems(config, facts));
    const q = quotaNote(config, facts);
    if (q) notes.push(q);
  }
  if (versions) {
    const v = versionFindings(config, versions);
    problems.push(...v.problems);
    notes.push(...v.notes);
  }
  problems.push(...locationProblems(config, group?.location, input.recorded));
  if (config.keyVault)
    problems.push(
      ...((await attempt('the key vault name', notes, () => keyVaultNameProblems(azure, config, names, input.deploymentId))) ?? []),
    );
  if (config.monitoring && rgExists)
    problems.push(
      ...((await attempt(`data collection rule ${names.dataCollectionRule}`, notes, () =>
        dataCollectionRuleProblems(azure, config, names, input.deploymentId),
      )) ?? []),
    );
  const taken = nameProblems(config, input.deploymentId, cluster);
  problems.push(...taken);
  // Someone else's cluster is refused by name already; only ours is compared setting by setting.
  if (!taken.length)
    problems.push(
      ...immutableProblems(config, cluster),
      ...userPoolOwnershipProblems(config, cluster, input.deploymentId),
      ...poolChangeProblems(config, cluster),
    );
  if (ownership) {
    problems.push(...ownership.problems);
    notes.push(...ownership.notes);
  } else if (rgExists) {
    // Unlike the other checks, this one guards what the run may change: unchecked, it could write into a
    // resource the user owns without recording it for destroy. So it blocks instead of becoming a note.
    problems.push({
      code: 'OwnershipNotChecked',
      fields: [],
      message: `Could not check who owns the existing network resources in resource group ${config.resourceGroup} (see the note above), so nothing was changed.`,
      remediation: 'Run the same command again; if it keeps failing, check that you may read the network resources in that group.',
      kind: 'azure',
    });
  }
  return { problems, notes, ...(ownership?.adoptions.length ? { adoptions: ownership.adoptions } : {}) };
}

/** Runs preflight and throws every blocking problem at once. */
export async function assertPreflight(input: PreflightInput): Promise<PreflightReport> {
  const report = await runPreflight(input);
  if (report.problems.length) throw new PreflightError(report.problems);
  return report;
}
