/** The one subscription this emulator serves, and its locations. */
import type { ArmRequest, EmulatorContext, Route } from '../../core/contract.js';
import { REGION_DISPLAY_NAMES, SUBSCRIPTION_ID, TENANT_ID } from '../../core/ids.js';
import { regionZones } from '../compute/zones.js';

export function subscriptionBody() {
  return {
    id: `/subscriptions/${SUBSCRIPTION_ID}`,
    subscriptionId: SUBSCRIPTION_ID,
    tenantId: TENANT_ID,
    displayName: 'Emulator subscription',
    state: 'Enabled',
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
    authorizationSource: 'RoleBased',
  };
}

function locations(_req: ArmRequest, ctx: EmulatorContext) {
  const value = ctx.regions.map((name) => ({
    id: `/subscriptions/${SUBSCRIPTION_ID}/locations/${name}`,
    name,
    type: 'Region',
    displayName: REGION_DISPLAY_NAMES[name] ?? name,
    regionalDisplayName: `(Emulator) ${REGION_DISPLAY_NAMES[name] ?? name}`,
    metadata: { regionType: 'Physical', regionCategory: 'Recommended' },
    // The zones of its real counterpart (api-version 2022-12-01 shape); a region without zones has no mappings.
    ...(regionZones(name).length
      ? { availabilityZoneMappings: regionZones(name).map((z) => ({ logicalZone: z, physicalZone: `${name}-az${z}` })) }
      : {}),
  }));
  return { status: 200, body: { value } };
}

export const subscriptionRoutes: Route[] = [
  { method: 'GET', path: '/subscriptions', handler: () => ({ status: 200, body: { value: [subscriptionBody()] } }) },
  {
    method: 'GET',
    path: '/subscriptions/{subscriptionId}',
    action: 'Microsoft.Resources/subscriptions/read',
    handler: () => ({ status: 200, body: subscriptionBody() }),
  },
  {
    method: 'GET',
    path: '/subscriptions/{subscriptionId}/locations',
    action: 'Microsoft.Resources/subscriptions/read',
    handler: locations,
  },
  {
    method: 'GET',
    path: '/tenants',
    handler: () => ({
      status: 200,
      body: { value: [{ id: `/tenants/${TENANT_ID}`, tenantId: TENANT_ID, displayName: 'Emulator tenant' }] },
    }),
  },
];
