/**
 * The cluster's planned maintenance windows: `autoUpgradeWindow` becomes the maintenance configuration
 * aksManagedAutoUpgradeSchedule (when the patch channel may upgrade the cluster), `nodeOsUpgradeWindow`
 * aksManagedNodeOSUpgradeSchedule (when NodeImage may reimage the nodes), each a weekly schedule
 * (https://learn.microsoft.com/azure/aks/planned-maintenance). A maintenance configuration carries no tags,
 * so this deployment knows the ones it created from its journal (the step's `maintenanceConfigurations`
 * output): only those are deleted when their window leaves the configuration; one made by hand is left alone
 * and the plan says so, even after this deployment updated it to the configured window.
 */
import type { MaintenanceConfiguration } from '@azure/arm-containerservice';
import type { Change, PropertyDiff } from '../../core/step.js';
import type { ResolvedConfig } from '../../config/types.js';
import { parseMaintenanceWindow, type MaintenanceWindowSpec } from '../../config/rules.js';
import type { StepContext } from '../../engine/step.js';
import { azureCall, getOrUndefined } from '../../azure/errors.js';
import { sameId } from '../../azure/ids.js';

export const MAINTENANCE_TYPE = 'Microsoft.ContainerService/managedClusters/maintenanceConfigurations';
/** The step output listing the configurations this deployment created. */
export const MAINTENANCE_OUTPUT = 'maintenanceConfigurations';

const WINDOWS = [
  { key: 'autoUpgradeWindow', name: 'aksManagedAutoUpgradeSchedule' },
  { key: 'nodeOsUpgradeWindow', name: 'aksManagedNodeOSUpgradeSchedule' },
] as const satisfies ReadonlyArray<{ key: keyof ResolvedConfig; name: string }>;

type WindowName = (typeof WINDOWS)[number]['name'];

/** The body AKS takes for a weekly window (shape of Microsoft's MaintenanceConfigurationsCreate_Update_MaintenanceWindow example). */
export function maintenanceBody(spec: MaintenanceWindowSpec): MaintenanceConfiguration {
  return {
    maintenanceWindow: {
      schedule: { weekly: { intervalWeeks: 1, dayOfWeek: spec.day } },
      durationHours: spec.durationHours,
      utcOffset: spec.utcOffset,
      startTime: spec.startTime,
    },
  };
}

/** A window as the user writes it ("Sunday 02:00 4h +00:00"), or the schedule as JSON when it is not weekly. */
export function describeWindow(config: MaintenanceConfiguration | undefined): string | undefined {
  const w = config?.maintenanceWindow;
  if (!w) return undefined;
  const weekly = w.schedule?.weekly;
  const kinds = Object.entries(w.schedule ?? {}).filter(([, v]) => v !== undefined).length;
  if (!weekly || kinds !== 1 || weekly.intervalWeeks !== 1) return JSON.stringify(w.schedule);
  return `${weekly.dayOfWeek} ${w.startTime} ${w.durationHours}h ${w.utcOffset ?? '+00:00'}`;
}

/** The configured window; absent or `none` is no window. */
function wanted(config: ResolvedConfig, key: (typeof WINDOWS)[number]['key']): MaintenanceWindowSpec | undefined {
  const text = config[key];
  return text ? parseMaintenanceWindow(text) : undefined;
}

function sameWindow(current: MaintenanceConfiguration | undefined, spec: MaintenanceWindowSpec): boolean {
  const want = describeWindow(maintenanceBody(spec));
  return describeWindow(current)?.toLowerCase() === want?.toLowerCase();
}

/** Names this deployment created, as the journal recorded them. */
function written(ctx: StepContext): string[] {
  const recorded = ctx.previousOutputs()[MAINTENANCE_OUTPUT];
  return Array.isArray(recorded) ? recorded : [];
}

async function readWindow(ctx: StepContext, name: WindowName): Promise<MaintenanceConfiguration | undefined> {
  const aks = await ctx.azure.containerService();
  return azureCall(`Reading maintenance configuration ${name} of cluster ${ctx.names.cluster}`, () =>
    getOrUndefined(() => aks.maintenanceConfigurations.get(ctx.config.resourceGroup, ctx.names.cluster, name)),
  );
}

interface WindowPlan {
  name: WindowName;
  change: Change;
  /** What apply does: write the spec, delete, or nothing. */
  write?: MaintenanceWindowSpec;
  remove?: boolean;
}

async function planWindows(ctx: StepContext, clusterExists: boolean): Promise<WindowPlan[]> {
  const mine = written(ctx);
  const plans: WindowPlan[] = [];
  for (const { key, name } of WINDOWS) {
    const spec = wanted(ctx.config, key);
    const current = clusterExists ? await readWindow(ctx, name) : undefined;
    const diff = (desired: string | undefined): PropertyDiff[] => [
      { property: 'maintenanceWindow', current: describeWindow(current), desired },
    ];
    if (spec && !current) plans.push({ name, write: spec, change: { action: 'create', resourceType: MAINTENANCE_TYPE, name } });
    else if (spec && !sameWindow(current, spec))
      plans.push({
        name,
        write: spec,
        change: { action: 'update', resourceType: MAINTENANCE_TYPE, name, diff: diff(describeWindow(maintenanceBody(spec))) },
      });
    else if (spec) plans.push({ name, change: { action: 'none', resourceType: MAINTENANCE_TYPE, name } });
    else if (current && mine.some((m) => sameId(m, name)))
      plans.push({
        name,
        remove: true,
        change: { action: 'delete', resourceType: MAINTENANCE_TYPE, name, id: current.id, note: `${key} is no longer set` },
      });
    else if (current)
      plans.push({
        name,
        change: {
          action: 'none',
          resourceType: MAINTENANCE_TYPE,
          name,
          note: `not created by secure-aks; left as it is although ${key} is not set`,
        },
      });
  }
  return plans;
}

/** The plan's lines for the windows (none when no window is set or exists). */
export async function maintenanceChanges(ctx: StepContext, clusterExists: boolean): Promise<Change[]> {
  return (await planWindows(ctx, clusterExists)).map((p) => p.change);
}

/**
 * Writes and deletes what the plan says, after the cluster exists (the configurations are its children).
 * Returns the configurations this deployment created and that still exist, for the journal.
 */
export async function ensureMaintenance(ctx: StepContext): Promise<string[]> {
  const aks = await ctx.azure.containerService();
  const rg = ctx.config.resourceGroup;
  const cluster = ctx.names.cluster;
  const owned = new Set(written(ctx).map((n) => n.toLowerCase()));
  for (const plan of await planWindows(ctx, true)) {
    if (plan.write) {
      const body = maintenanceBody(plan.write);
      ctx.progress(`maintenance window ${plan.name}: ${plan.change.action === 'create' ? 'creating' : 'updating'}`);
      await azureCall(`Writing maintenance configuration ${plan.name} of cluster ${cluster}`, () =>
        aks.maintenanceConfigurations.createOrUpdate(rg, cluster, plan.name, body),
      );
      // Ours only when we created it: updating a configuration someone else made does not make it ours to delete.
      if (plan.change.action === 'create') owned.add(plan.name.toLowerCase());
    } else if (plan.remove) {
      ctx.progress(`maintenance window ${plan.name}: deleting`);
      await azureCall(`Deleting maintenance configuration ${plan.name} of cluster ${cluster}`, () =>
        aks.maintenanceConfigurations.delete(rg, cluster, plan.name),
      );
      owned.delete(plan.name.toLowerCase());
    }
  }
  return WINDOWS.map((w) => w.name).filter((n) => owned.has(n.toLowerCase()));
}

/** verify/drift: each configured window must be in place as configured. */
export async function maintenanceProblems(ctx: StepContext): Promise<string[]> {
  const problems: string[] = [];
  for (const { key, name } of WINDOWS) {
    const spec = wanted(ctx.config, key);
    if (!spec) continue;
    const current = await readWindow(ctx, name);
    if (!sameWindow(current, spec))
      problems.push(`maintenance window ${name} is ${describeWindow(current) ?? 'missing'}, not ${ctx.config[key]}`);
  }
  return problems;
}
