/**
 * Microsoft.Quota on a compute location: the API Azure offers to change a vCPU quota
 * (`PUT {scope}/providers/Microsoft.Quota/quotas/{family}` with scope = a subscription's compute
 * location). The emulator answers synchronously and the usages list reports the new limit, so tests can
 * put a region "out of quota" through an ARM call instead of a private switch.
 */
import { ArmError, type ArmRequest, type ArmResponse, type EmulatorContext, type Route } from '../../core/contract.js';

const SCOPE = '/subscriptions/{subscriptionId}/providers/Microsoft.Compute/locations/{location}';
const QUOTA = `${SCOPE}/providers/Microsoft.Quota/quotas/{resourceName}`;

const region = (text: string) => text.toLowerCase().replace(/\s+/g, '');
const keyOf = (subscriptionId: string, location: string) =>
  `/subscriptions/${subscriptionId}/providers/microsoft.compute/locations/${region(location)}/quotas`;

/** Limits set through the Quota API for one region, by usage name (`cores`, `standardDDSv5Family`). */
export function quotaOverrides(ctx: EmulatorContext, subscriptionId: string, location: string): Record<string, number> {
  return ctx.store.internal<Record<string, number>>(keyOf(subscriptionId, location));
}

function body(req: ArmRequest, limit: number | undefined): Record<string, unknown> {
  const { subscriptionId, location, resourceName } = req.params;
  return {
    id: `/subscriptions/${subscriptionId}/providers/Microsoft.Compute/locations/${region(location)}/providers/Microsoft.Quota/quotas/${resourceName}`,
    name: resourceName,
    type: 'Microsoft.Quota/Quotas',
    properties: {
      limit: { limitObjectType: 'LimitValue', value: limit },
      name: { value: resourceName },
      unit: 'Count',
      provisioningState: 'Succeeded',
    },
  };
}

function put(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  if (!ctx.regions.includes(region(req.params.location))) {
    throw new ArmError(
      404,
      'LocationNotFound',
      `The location '${req.params.location}' is not served here; use one of ${ctx.regions.join(', ')}.`,
    );
  }
  const value = req.body?.properties?.limit?.value;
  if (!Number.isInteger(value) || value < 0) {
    throw new ArmError(400, 'InvalidQuotaLimit', "properties.limit.value must be a whole number of vCPUs (limitObjectType 'LimitValue').");
  }
  quotaOverrides(ctx, req.params.subscriptionId, req.params.location)[req.params.resourceName] = value;
  return { status: 200, body: body(req, value) };
}

function get(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const limit = quotaOverrides(ctx, req.params.subscriptionId, req.params.location)[req.params.resourceName];
  if (limit === undefined)
    throw new ArmError(404, 'NotFound', `No quota request for ${req.params.resourceName} in ${req.params.location}.`);
  return { status: 200, body: body(req, limit) };
}

export const quotaRoutes: Route[] = [
  { method: 'PUT', path: QUOTA, action: 'Microsoft.Quota/quotas/write', handler: put },
  { method: 'GET', path: QUOTA, action: 'Microsoft.Quota/quotas/read', handler: get },
];
