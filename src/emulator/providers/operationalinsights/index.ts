/**
 * Microsoft.OperationalInsights/workspaces (Log Analytics), as recorded Azure traffic shows (Azure/azure-cli
 * src/azure-cli/azure/cli/command_modules/monitor/tests/latest/recordings/test_monitor_log_analytics_workspace_default.yaml):
 * a create answers 201 with provisioningState Creating and no operation header (the SDK then polls the
 * resource itself until GET reads Succeeded), an update 200; the sku name reads back lower-cased
 * ("pergb2018"); customerId (the workspace id agents send to) is generated once and kept. Names: 4-63
 * letters, digits and hyphens, starting and ending with a letter or digit
 * (https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftoperationalinsights),
 * refused with 400 InvalidParameter in the words Azure uses. DELETE answers 200 (the workspace goes to
 * its soft-deleted state, which the emulator does not keep), 204 when there was nothing.
 */
import type { ArmRequest, ArmResource, ArmResponse, EmulatorContext, Provider } from '../../core/contract.js';
import { ArmError } from '../../core/contract.js';
import { resourceNotFound } from '../../core/errors.js';
import { canonicalId, resourceGroupId } from '../../core/ids.js';
import { matchesTagFilter, normalizeLocation, parseEqFilter } from '../../core/validate.js';

export const WORKSPACE_TYPE = 'Microsoft.OperationalInsights/workspaces';
const BASE = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.OperationalInsights/workspaces';
const ONE = `${BASE}/{workspaceName}`;
/** How long a new workspace stays Creating, in Azure seconds. */
const CREATE_AZURE_SECONDS = 20;
const RETENTION = { min: 30, max: 730 };
const SKUS = ['Free', 'Standard', 'Premium', 'PerNode', 'PerGB2018', 'Standalone', 'CapacityReservation', 'LACluster'];

interface WorkspaceInternal {
  /** ms since epoch at which a new workspace reads Succeeded. */
  readyAt?: number;
}

function idOf(req: ArmRequest): string {
  const { subscriptionId, resourceGroupName, workspaceName } = req.params;
  return canonicalId(`${resourceGroupId(subscriptionId, resourceGroupName)}/providers/${WORKSPACE_TYPE}/${workspaceName}`);
}

function assertWorkspaceName(name: string): void {
  if (name.length < 4 || name.length > 63) {
    throw new ArmError(400, 'InvalidParameter', `Workspace name '${name}' is invalid: it must be between 4 and 63 characters.`);
  }
  if (!/^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/.test(name)) {
    throw new ArmError(
      400,
      'InvalidParameter',
      'Workspace name must start and end with an alphanumeric character, and may contain only alphanumeric and hyphen characters.',
    );
  }
}

/** A workspace as GET shows it: Creating until its simulated creation time is up. */
export function presentWorkspace(resource: ArmResource, ctx: EmulatorContext): ArmResource {
  const readyAt = ctx.store.internal<WorkspaceInternal>(resource.id).readyAt ?? 0;
  const state = ctx.now() >= readyAt ? 'Succeeded' : 'Creating';
  return { ...resource, properties: { ...resource.properties, provisioningState: state } };
}

function put(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const name = req.params.workspaceName;
  assertWorkspaceName(name);
  const location = normalizeLocation(ctx, req.body?.location, WORKSPACE_TYPE);
  const id = idOf(req);
  const before = ctx.store.get(id);
  if (before && before.location !== location) {
    throw new ArmError(
      400,
      'InvalidResourceLocation',
      `The resource '${name}' already exists in location '${before.location}' in resource group '${req.params.resourceGroupName}'. A resource with the same name cannot be created in location '${location}'. Please select a new resource name.`,
    );
  }
  const input = req.body?.properties ?? {};
  const sku: string = input.sku?.name ?? before?.properties?.sku?.name ?? 'pergb2018';
  if (!SKUS.some((s) => s.toLowerCase() === String(sku).toLowerCase())) {
    throw new ArmError(400, 'InvalidParameter', `The sku '${sku}' is not valid. Valid values are: ${SKUS.join(', ')}.`);
  }
  const retention = input.retentionInDays ?? before?.properties?.retentionInDays ?? 30;
  if (!Number.isInteger(retention) || retention < RETENTION.min || retention > RETENTION.max) {
    throw new ArmError(
      400,
      'InvalidParameter',
      `retentionInDays ${retention} is invalid: it must be between ${RETENTION.min} and ${RETENTION.max} days for sku ${sku}.`,
    );
  }
  const created = before?.properties?.createdDate ?? new Date(ctx.now()).toISOString();
  const workspace: ArmResource = {
    id: before?.id ?? id,
    name: before?.name ?? name,
    type: WORKSPACE_TYPE,
    location,
    tags: { ...(req.body?.tags ?? {}) },
    etag: `"${ctx.newGuid()}"`,
    properties: {
      source: 'Azure',
      customerId: before?.properties?.customerId ?? ctx.newGuid(),
      provisioningState: 'Succeeded',
      sku: { name: String(sku).toLowerCase(), lastSkuUpdate: before?.properties?.sku?.lastSkuUpdate ?? created },
      retentionInDays: retention,
      features: { legacy: 0, searchVersion: 1, enableLogAccessUsingOnlyResourcePermissions: true, ...(input.features ?? {}) },
      workspaceCapping: { dailyQuotaGb: -1.0, dataIngestionStatus: 'RespectQuota' },
      publicNetworkAccessForIngestion: input.publicNetworkAccessForIngestion ?? 'Enabled',
      publicNetworkAccessForQuery: input.publicNetworkAccessForQuery ?? 'Enabled',
      createdDate: created,
      modifiedDate: new Date(ctx.now()).toISOString(),
    },
  };
  ctx.store.put(workspace);
  if (!before) ctx.store.internal<WorkspaceInternal>(id).readyAt = ctx.now() + (CREATE_AZURE_SECONDS * 1000) / ctx.speed;
  return { status: before ? 200 : 201, body: presentWorkspace(workspace, ctx) };
}

function get(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const found = ctx.store.get(idOf(req));
  if (!found) throw resourceNotFound(idOf(req));
  return { status: 200, body: presentWorkspace(found, ctx) };
}

function remove(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  return { status: ctx.store.deleteTree(idOf(req)) > 0 ? 200 : 204 };
}

function list(prefix: (req: ArmRequest) => string) {
  return (req: ArmRequest, ctx: EmulatorContext): ArmResponse => {
    const filter = parseEqFilter(req.query.get('$filter'));
    const value = ctx.store
      .under(prefix(req), WORKSPACE_TYPE)
      .filter((r) => matchesTagFilter(r.tags, filter))
      .map((r) => presentWorkspace(r, ctx));
    return { status: 200, body: { value } };
  };
}

export const provider: Provider = {
  namespace: 'Microsoft.OperationalInsights',
  routes: [
    { method: 'PUT', path: ONE, action: `${WORKSPACE_TYPE}/write`, handler: put },
    { method: 'GET', path: ONE, action: `${WORKSPACE_TYPE}/read`, handler: get },
    { method: 'DELETE', path: ONE, action: `${WORKSPACE_TYPE}/delete`, handler: remove },
    {
      method: 'GET',
      path: BASE,
      action: `${WORKSPACE_TYPE}/read`,
      handler: list((req) => resourceGroupId(req.params.subscriptionId, req.params.resourceGroupName)),
    },
    {
      method: 'GET',
      path: '/subscriptions/{subscriptionId}/providers/Microsoft.OperationalInsights/workspaces',
      action: `${WORKSPACE_TYPE}/read`,
      handler: list((req) => `/subscriptions/${req.params.subscriptionId}`),
    },
  ],
  views: { [WORKSPACE_TYPE]: presentWorkspace },
};
