/**
 * Azure Monitor Container Insights and the Log Analytics workspace it (and Defender) send to, set up the
 * way `az aks enable-addons -a monitoring` does with managed identity auth
 * (https://learn.microsoft.com/azure/azure-monitor/containers/kubernetes-monitoring-enable): a data
 * collection rule with the ContainerInsights extension data source sending to the workspace, its
 * association `ContainerInsightsExtension` on the cluster, and the cluster's omsagent add-on profile with
 * `useAADAuth: "true"`.
 *
 * Made in step 5: the workspace and the rule before the cluster PUT (the add-on profiles name the
 * workspace), the association after it (it extends the cluster). Turning monitoring off deletes the
 * association and the rule when they are ours; the workspace stays (it holds the logs) until destroy.
 * A workspace the configuration names (`logAnalyticsWorkspace`) is only read, never written or deleted.
 */
import type { ManagedCluster } from '@azure/arm-containerservice';
import type { DataCollectionRuleResource } from '@azure/arm-monitor';
import type { Workspace } from '@azure/arm-operationalinsights';
import type { Change, PropertyDiff, StepOutputs } from '../../core/step.js';
import type { StepContext } from '../../engine/step.js';
import { AzureOperationError, SecureAksError } from '../../core/errors.js';
import { azureCall, getOrUndefined } from '../../azure/errors.js';
import { armId, nameOf, sameId } from '../../azure/ids.js';
import { createdByDeployment, ourTags, tagsDiff, tagsForPut } from '../../core/tags.js';
import { changeFor, diffProperties } from './diff.js';

export const WORKSPACE_TYPE = 'Microsoft.OperationalInsights/workspaces';
export const DCR_TYPE = 'Microsoft.Insights/dataCollectionRules';
export const DCRA_TYPE = 'Microsoft.Insights/dataCollectionRuleAssociations';
/** The stream that carries every Container Insights table (what the Azure CLI's rule collects). */
export const CONTAINER_INSIGHTS_STREAM = 'Microsoft-ContainerInsights-Group-Default';
const DESTINATION = 'ciworkspace';
/** Log Analytics' pay-as-you-go tier and its included retention (https://learn.microsoft.com/azure/azure-monitor/logs/cost-logs). */
export const WORKSPACE_SKU = 'PerGB2018';
export const WORKSPACE_RETENTION_DAYS = 30;

type Ctx = Pick<StepContext, 'config' | 'names' | 'azure' | 'tags' | 'retiredTags' | 'deploymentId' | 'progress' | 'signal'>;

/** Container Insights or Defender is on: both send to a workspace. */
export function needsWorkspace(config: { monitoring: boolean; defender: boolean }): boolean {
  return config.monitoring || config.defender;
}

/**
 * Whether the cluster ever had Container Insights: AKS keeps the omsagent key once it was sent (off reads
 * `enabled: false`). A cluster that never had it needs no Monitor reads, so a subscription that never
 * registered Microsoft.Insights is never asked.
 */
export function hadMonitoring(cluster: ManagedCluster | undefined): boolean {
  return Object.keys(cluster?.addonProfiles ?? {}).some((k) => k.toLowerCase() === 'omsagent');
}

function hadDefender(cluster: ManagedCluster | undefined): boolean {
  return cluster?.securityProfile?.defender !== undefined;
}

/** The workspace the add-ons send to: the one the configuration names, else ours. */
export function workspaceId(ctx: Pick<StepContext, 'config' | 'names'>): string {
  return ctx.config.logAnalyticsWorkspace ?? armId(ctx, WORKSPACE_TYPE, ctx.names.logAnalyticsWorkspace);
}

export function dataCollectionRuleId(ctx: Pick<StepContext, 'config' | 'names'>): string {
  return armId(ctx, DCR_TYPE, ctx.names.dataCollectionRule);
}

/** A workspace as the generic resources API answers it: ARM's JSON, its settings under properties. */
interface WorkspaceRead {
  id?: string;
  tags?: Record<string, string>;
  properties?: { sku?: { name?: string }; retentionInDays?: number };
}

/**
 * What step 5 records of Container Insights and Defender once they are in place: the workspace they send to
 * (ours or the one the configuration names) and Container Insights' rule, for `status` to show.
 */
export function monitoringOutputs(ctx: Pick<StepContext, 'config' | 'names'>): StepOutputs {
  if (!ctx.config.monitoring && !ctx.config.defender) return {};
  return {
    logAnalyticsWorkspaceId: workspaceId(ctx),
    ...(ctx.config.monitoring ? { dataCollectionRuleId: dataCollectionRuleId(ctx) } : {}),
  };
}

/** The api-version the Log Analytics SDK sends, for a read by id. */
const WORKSPACE_API_VERSION = '2022-10-01';

/**
 * A workspace by id. Read through the generic resources API, which takes the whole id: a workspace the
 * configuration names may live in another subscription than the deployment's clients are bound to.
 */
export async function readWorkspace(ctx: Pick<StepContext, 'azure'>, id: string): Promise<WorkspaceRead | undefined> {
  const rm = await ctx.azure.resources();
  return azureCall(`Reading Log Analytics workspace ${nameOf(id)}`, () =>
    getOrUndefined(() => rm.resources.getById(id, WORKSPACE_API_VERSION)),
  );
}

async function readRule(ctx: Ctx): Promise<DataCollectionRuleResource | undefined> {
  const monitor = await ctx.azure.monitor();
  return azureCall(`Reading data collection rule ${ctx.names.dataCollectionRule}`, () =>
    getOrUndefined(() => monitor.dataCollectionRules.get(ctx.config.resourceGroup, ctx.names.dataCollectionRule)),
  );
}

async function readAssociation(ctx: Ctx, clusterId: string) {
  const monitor = await ctx.azure.monitor();
  return azureCall(`Reading data collection rule association ${ctx.names.dataCollectionRuleAssociation}`, () =>
    getOrUndefined(() => monitor.dataCollectionRuleAssociations.get(clusterId, ctx.names.dataCollectionRuleAssociation)),
  );
}

/** The refusal when the configured workspace does not exist: said before anything is written. */
export function workspaceMissing(id: string): AzureOperationError {
  return new AzureOperationError(
    'LogAnalyticsWorkspaceNotFound',
    `logAnalyticsWorkspace: Log Analytics workspace ${id} does not exist or cannot be read.`,
    404,
    'Check the id with `az monitor log-analytics workspace show --ids <id>`, or remove logAnalyticsWorkspace to let secure-aks create one.',
  );
}

/** What we send for our workspace. */
export function workspaceBody(ctx: Pick<StepContext, 'config' | 'tags'>): Workspace {
  return {
    location: ctx.config.location,
    tags: ourTags(ctx),
    sku: { name: WORKSPACE_SKU },
    retentionInDays: WORKSPACE_RETENTION_DAYS,
  };
}

/**
 * Our existing workspace with the configured tags: the same PUT that created it, repeating the sku and
 * retention it has now, so only its tags change.
 */
function retaggedWorkspace(ctx: Pick<StepContext, 'config' | 'tags' | 'retiredTags' | 'deploymentId'>, existing: WorkspaceRead): Workspace {
  return {
    ...workspaceBody(ctx),
    tags: tagsForPut(ctx, existing),
    sku: { name: existing.properties?.sku?.name ?? WORKSPACE_SKU },
    retentionInDays: existing.properties?.retentionInDays ?? WORKSPACE_RETENTION_DAYS,
  };
}

/** The data collection rule `az aks enable-addons -a monitoring` makes: every Container Insights table, to the workspace. */
export function ruleBody(
  ctx: Pick<StepContext, 'config' | 'tags'>,
  workspace: string,
  tags: Record<string, string>,
): DataCollectionRuleResource {
  return {
    location: ctx.config.location,
    tags,
    kind: 'Linux',
    dataSources: {
      extensions: [
        {
          name: 'ContainerInsightsExtension',
          extensionName: 'ContainerInsights',
          streams: [CONTAINER_INSIGHTS_STREAM],
          extensionSettings: { dataCollectionSettings: { interval: '1m', namespaceFilteringMode: 'Off', enableContainerLogV2: true } },
        },
      ],
    },
    destinations: { logAnalytics: [{ name: DESTINATION, workspaceResourceId: workspace }] },
    dataFlows: [{ streams: [CONTAINER_INSIGHTS_STREAM], destinations: [DESTINATION] }],
  };
}

function ruleDiff(rule: DataCollectionRuleResource, workspace: string): PropertyDiff[] {
  const diffs: PropertyDiff[] = [];
  const sendsTo = rule.destinations?.logAnalytics?.map((d) => d.workspaceResourceId) ?? [];
  if (!sendsTo.some((w) => sameId(w, workspace)))
    diffs.push({ property: 'destinations.logAnalytics.workspaceResourceId', current: sendsTo, desired: [workspace] });
  const streams = rule.dataFlows?.flatMap((f) => f.streams ?? []) ?? [];
  if (!streams.some((s) => sameId(s, CONTAINER_INSIGHTS_STREAM)))
    diffs.push({ property: 'dataFlows.streams', current: streams, desired: [CONTAINER_INSIGHTS_STREAM] });
  return diffs;
}

/** Ours, and no longer wanted: applying deletes it. */
function removal(resourceType: string, name: string, id: string | undefined, why: string): Change {
  return { action: 'delete', resourceType, name, id, note: why };
}

/** Changes to the workspace and the rule, made before the cluster PUT. */
export async function monitoringChangesBefore(ctx: Ctx, cluster: ManagedCluster | undefined): Promise<Change[]> {
  const changes: Change[] = [];
  if (!needsWorkspace(ctx.config) && !hadMonitoring(cluster) && !hadDefender(cluster)) return changes;
  const given = ctx.config.logAnalyticsWorkspace;
  const ours = armId(ctx, WORKSPACE_TYPE, ctx.names.logAnalyticsWorkspace);
  if (needsWorkspace(ctx.config)) {
    const id = workspaceId(ctx);
    const workspace = await readWorkspace(ctx, id);
    if (given) {
      if (!workspace) throw workspaceMissing(given);
      changes.push({ action: 'none', resourceType: WORKSPACE_TYPE, name: nameOf(given), id: workspace.id, note: 'yours: only read' });
    } else {
      // Ours: the configured user tags reach it too (tagsDiff is empty for a workspace someone else made).
      changes.push(changeFor(WORKSPACE_TYPE, ctx.names.logAnalyticsWorkspace, workspace, tagsDiff(ctx, workspace)));
    }
  } else if (!given) {
    const workspace = await readWorkspace(ctx, ours);
    if (workspace && createdByDeployment(workspace.tags, ctx.deploymentId)) {
      changes.push({
        action: 'none',
        resourceType: WORKSPACE_TYPE,
        name: ctx.names.logAnalyticsWorkspace,
        id: workspace.id,
        note: 'kept: it holds the logs; `secure-aks destroy` deletes it',
      });
    }
  }
  if (!ctx.config.monitoring && !hadMonitoring(cluster)) return changes;
  const rule = await readRule(ctx);
  if (ctx.config.monitoring) {
    changes.push(
      changeFor(DCR_TYPE, ctx.names.dataCollectionRule, rule, rule ? [...ruleDiff(rule, workspaceId(ctx)), ...tagsDiff(ctx, rule)] : []),
    );
  } else if (rule && createdByDeployment(rule.tags, ctx.deploymentId)) {
    const kept = needsWorkspace(ctx.config) ? '' : `; workspace ${nameOf(workspaceId(ctx))} stays: it holds the logs`;
    changes.push(removal(DCR_TYPE, ctx.names.dataCollectionRule, rule.id, `monitoring is off${kept}`));
  }
  return changes;
}

/** The association on the cluster, made after the cluster PUT. */
export async function monitoringChangesAfter(ctx: Ctx, clusterId: string, cluster: ManagedCluster | undefined): Promise<Change[]> {
  if (!ctx.config.monitoring && !hadMonitoring(cluster)) return [];
  const name = ctx.names.dataCollectionRuleAssociation;
  const association = cluster ? await readAssociation(ctx, clusterId) : undefined;
  if (ctx.config.monitoring) {
    const diff = association ? diffProperties(association, { dataCollectionRuleId: dataCollectionRuleId(ctx) }) : [];
    return [changeFor(DCRA_TYPE, name, association, diff)];
  }
  if (association && sameId(association.dataCollectionRuleId, dataCollectionRuleId(ctx))) {
    return [removal(DCRA_TYPE, name, association.id, 'monitoring is off')];
  }
  return [];
}

/**
 * Step 5's post-condition for Container Insights: the omsagent profile alone collects nothing; the agent
 * sends only what a data collection rule associated with the cluster asks for, to the rule's workspace
 * (https://learn.microsoft.com/azure/azure-monitor/containers/container-insights-data-collection-configure).
 * So the rule must exist and send the Container Insights stream to the workspace, and the cluster must be
 * associated with it.
 */
export async function monitoringProblems(ctx: Ctx, clusterId: string): Promise<string[]> {
  if (!ctx.config.monitoring) return [];
  const rule = await readRule(ctx);
  const problems = rule
    ? ruleDiff(rule, workspaceId(ctx)).map(
        (d) => `data collection rule ${ctx.names.dataCollectionRule}: ${d.property} is ${JSON.stringify(d.current)}`,
      )
    : [`data collection rule ${ctx.names.dataCollectionRule} does not exist`];
  const association = await readAssociation(ctx, clusterId);
  if (!association) problems.push(`data collection rule association ${ctx.names.dataCollectionRuleAssociation} does not exist`);
  else if (!sameId(association.dataCollectionRuleId, dataCollectionRuleId(ctx)))
    problems.push(
      `data collection rule association ${ctx.names.dataCollectionRuleAssociation} names ${association.dataCollectionRuleId ?? 'no rule'}, not ${ctx.names.dataCollectionRule}`,
    );
  return problems;
}

/** Creates our workspace (when needed) and writes or removes the rule: before the cluster PUT. */
export async function ensureMonitoringBefore(ctx: Ctx): Promise<void> {
  if (!ctx.config.monitoring && !ctx.config.defender) return;
  if (needsWorkspace(ctx.config) && !ctx.config.logAnalyticsWorkspace) {
    const existing = await readWorkspace(ctx, workspaceId(ctx));
    if (!existing || tagsDiff(ctx, existing).length > 0) {
      const client = await ctx.azure.operationalInsights();
      ctx.progress(`Log Analytics workspace ${ctx.names.logAnalyticsWorkspace}: ${existing ? 'updating its tags' : 'creating'}`);
      await azureCall(`Writing Log Analytics workspace ${ctx.names.logAnalyticsWorkspace}`, () =>
        client.workspaces.beginCreateOrUpdateAndWait(
          ctx.config.resourceGroup,
          ctx.names.logAnalyticsWorkspace,
          existing ? retaggedWorkspace(ctx, existing) : workspaceBody(ctx),
          { abortSignal: ctx.signal },
        ),
      );
    }
  } else if (ctx.config.logAnalyticsWorkspace && !(await readWorkspace(ctx, ctx.config.logAnalyticsWorkspace))) {
    throw workspaceMissing(ctx.config.logAnalyticsWorkspace);
  }
  // With monitoring off the rule is deleted after the association that uses it (ensureMonitoringAfter).
  if (!ctx.config.monitoring) return;
  const monitor = await ctx.azure.monitor();
  const rule = await readRule(ctx);
  // Preflight refuses this already; a rule made between preflight and now is refused here, before the write.
  if (rule && !createdByDeployment(rule.tags, ctx.deploymentId)) {
    throw new SecureAksError(
      'DataCollectionRuleNotOurs',
      `Data collection rule ${ctx.names.dataCollectionRule} exists in ${ctx.config.resourceGroup} but was not created by this deployment.`,
      {
        source: 'user',
        remediation: 'Delete or rename that rule, deploy under another cluster name, or turn monitoring off.',
      },
    );
  }
  if (!rule || ruleDiff(rule, workspaceId(ctx)).length > 0 || tagsDiff(ctx, rule).length > 0) {
    ctx.progress(`data collection rule ${ctx.names.dataCollectionRule}: ${rule ? 'updating' : 'creating'}`);
    const body = ruleBody(ctx, workspaceId(ctx), tagsForPut(ctx, rule));
    await azureCall(`Writing data collection rule ${ctx.names.dataCollectionRule}`, () =>
      monitor.dataCollectionRules.create(ctx.config.resourceGroup, ctx.names.dataCollectionRule, { body }),
    );
  }
}

/** Writes the association on the cluster, or removes it and our rule when monitoring is off. */
export async function ensureMonitoringAfter(ctx: Ctx, clusterId: string, clusterBefore: ManagedCluster | undefined): Promise<void> {
  if (!ctx.config.monitoring && !hadMonitoring(clusterBefore)) return;
  const monitor = await ctx.azure.monitor();
  const name = ctx.names.dataCollectionRuleAssociation;
  const association = await readAssociation(ctx, clusterId);
  if (ctx.config.monitoring) {
    if (!association || !sameId(association.dataCollectionRuleId, dataCollectionRuleId(ctx))) {
      ctx.progress(`data collection rule association ${name}: ${association ? 'updating' : 'creating'}`);
      await azureCall(`Associating data collection rule ${ctx.names.dataCollectionRule} with the cluster`, () =>
        monitor.dataCollectionRuleAssociations.create(clusterId, name, {
          body: {
            dataCollectionRuleId: dataCollectionRuleId(ctx),
            description:
              'Association of data collection rule. Deleting this association will break the data collection for this AKS Cluster.',
          },
        }),
      );
    }
    return;
  }
  if (association && sameId(association.dataCollectionRuleId, dataCollectionRuleId(ctx))) {
    ctx.progress(`data collection rule association ${name}: deleting`);
    await azureCall(`Deleting data collection rule association ${name}`, () =>
      monitor.dataCollectionRuleAssociations.delete(clusterId, name),
    );
  }
  const rule = await readRule(ctx);
  if (rule && createdByDeployment(rule.tags, ctx.deploymentId)) {
    ctx.progress(`data collection rule ${ctx.names.dataCollectionRule}: deleting`);
    await azureCall(`Deleting data collection rule ${ctx.names.dataCollectionRule}`, () =>
      monitor.dataCollectionRules.delete(ctx.config.resourceGroup, ctx.names.dataCollectionRule),
    );
  }
}
