/**
 * managedClusters/maintenanceConfigurations: synchronous PUT/GET/DELETE/list below a cluster
 * (https://learn.microsoft.com/azure/aks/planned-maintenance). Names: `default` (the weekly-release
 * configuration, timeInWeek/notAllowedTime) and the two managed schedules aksManagedAutoUpgradeSchedule and
 * aksManagedNodeOSUpgradeSchedule, which need a maintenanceWindow with exactly one schedule type and 4 to 168
 * hours. Answers as recorded Azure traffic shows them (Azure/azure-cli src/azure-cli/azure/cli/command_modules/
 * acs/tests/latest/recordings/test_aks_maintenancewindow.yaml): id, name and properties only (a child of the
 * cluster has no tags and no type in the answer), `startDate` filled with the day of the write when absent,
 * PUT answered 200, DELETE 200 with an empty body. The refusals' code is inferred (AKS's InvalidParameter).
 */
import { ArmError, type ArmRequest, type ArmResponse, type EmulatorContext, type Route } from '../../core/contract.js';
import { resourceNotFound } from '../../core/errors.js';
import { clusterIdOf } from './cluster-routes.js';

export const MAINTENANCE_TYPE = 'Microsoft.ContainerService/managedClusters/maintenanceConfigurations';
const NAMES = ['default', 'aksManagedAutoUpgradeSchedule', 'aksManagedNodeOSUpgradeSchedule'];
const SCHEDULES = ['daily', 'weekly', 'absoluteMonthly', 'relativeMonthly'];
const START_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const UTC_OFFSET = /^[+-](0\d|1[0-4]):[0-5]\d$/;

function invalid(message: string, target: string): ArmError {
  return new ArmError(400, 'InvalidParameter', message, { target });
}

function clusterOf(req: ArmRequest, ctx: EmulatorContext) {
  const cluster = ctx.store.get(clusterIdOf(req));
  if (!cluster) throw resourceNotFound(clusterIdOf(req));
  return cluster;
}

function canonicalName(name: string): string {
  const known = NAMES.find((n) => n.toLowerCase() === name.toLowerCase());
  if (!known) {
    throw invalid(`Maintenance configuration name '${name}' is not supported. Use one of ${NAMES.join(', ')}.`, 'configName');
  }
  return known;
}

function checkWindow(window: any, ctx: EmulatorContext): Record<string, unknown> {
  if (!window || typeof window !== 'object') {
    throw invalid('A managed maintenance schedule needs properties.maintenanceWindow.', 'properties.maintenanceWindow');
  }
  const kinds = SCHEDULES.filter((k) => window.schedule?.[k] !== undefined && window.schedule?.[k] !== null);
  if (kinds.length !== 1) {
    throw invalid(
      `One and only one of the schedule types (${SCHEDULES.join(', ')}) must be specified; got ${kinds.length}.`,
      'properties.maintenanceWindow.schedule',
    );
  }
  const hours = window.durationHours;
  if (!Number.isInteger(hours) || hours < 4 || hours > 168) {
    throw invalid(`durationHours must be from 4 to 168 hours; got ${String(hours)}.`, 'properties.maintenanceWindow.durationHours');
  }
  if (typeof window.startTime !== 'string' || !START_TIME.test(window.startTime)) {
    throw invalid(
      `startTime must be 'HH:mm' from 00:00 to 23:59; got '${String(window.startTime)}'.`,
      'properties.maintenanceWindow.startTime',
    );
  }
  if (window.utcOffset !== undefined && !UTC_OFFSET.test(String(window.utcOffset))) {
    throw invalid(`utcOffset must be '+HH:mm' or '-HH:mm'; got '${String(window.utcOffset)}'.`, 'properties.maintenanceWindow.utcOffset');
  }
  return {
    ...window,
    utcOffset: window.utcOffset ?? '+00:00',
    startDate: window.startDate ?? new Date(ctx.now()).toISOString().slice(0, 10),
  };
}

function idOf(req: ArmRequest, name: string): string {
  return `${clusterIdOf(req)}/maintenanceConfigurations/${name}`;
}

export function putMaintenance(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const cluster = clusterOf(req, ctx);
  const name = canonicalName(req.params.configName);
  const props = req.body?.properties ?? {};
  const properties: Record<string, unknown> =
    name === 'default' ? { ...props } : { ...props, maintenanceWindow: checkWindow(props.maintenanceWindow, ctx) };
  const resource = { id: `${cluster.id}/maintenanceConfigurations/${name}`, name, type: MAINTENANCE_TYPE, properties };
  ctx.store.put(resource);
  return { status: 200, body: view(resource) };
}

/** As AKS answers it: no `type`. */
function view(resource: { id: string; name: string; properties?: Record<string, unknown> }) {
  return { id: resource.id, name: resource.name, properties: resource.properties };
}

function stored(req: ArmRequest, ctx: EmulatorContext) {
  const cluster = clusterOf(req, ctx);
  return ctx.store.children(cluster.id, MAINTENANCE_TYPE).find((r) => r.name.toLowerCase() === req.params.configName.toLowerCase());
}

export function getMaintenance(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const found = stored(req, ctx);
  if (!found) throw resourceNotFound(idOf(req, req.params.configName));
  return { status: 200, body: view(found) };
}

export function listMaintenance(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const cluster = clusterOf(req, ctx);
  return { status: 200, body: { value: ctx.store.children(cluster.id, MAINTENANCE_TYPE).map(view) } };
}

export function deleteMaintenance(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const found = stored(req, ctx);
  if (found) ctx.store.delete(found.id);
  return { status: found ? 200 : 204 };
}

export function maintenanceRoutes(cluster: string, ns: string): Route[] {
  const one = `${cluster}/maintenanceConfigurations/{configName}`;
  const read = `${ns}/managedClusters/maintenanceConfigurations/read`;
  return [
    { method: 'GET', path: `${cluster}/maintenanceConfigurations`, action: read, handler: listMaintenance },
    { method: 'GET', path: one, action: read, handler: getMaintenance },
    { method: 'PUT', path: one, action: `${ns}/managedClusters/maintenanceConfigurations/write`, handler: putMaintenance },
    { method: 'DELETE', path: one, action: `${ns}/managedClusters/maintenanceConfigurations/delete`, handler: deleteMaintenance },
  ];
}
