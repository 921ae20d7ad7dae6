/**
 * Microsoft.Security/pricings: the Defender for Cloud plan of each resource type, one per subscription.
 * Every plan is Free until someone turns it on (a PUT with pricingTier Standard, what
 * `az security pricing create -n Containers --tier standard` sends); a Free plan reads back with the
 * trial time left, a Standard one with when it was enabled (the Pricings examples of azure-rest-api-specs
 * specification/security/resource-manager/Microsoft.Security, 2022-03-01). An unknown plan name is 404.
 */
import type { ArmRequest, ArmResource, ArmResponse, EmulatorContext, Provider } from '../../core/contract.js';
import { ArmError } from '../../core/contract.js';

export const PRICING_TYPE = 'Microsoft.Security/pricings';
const LIST = '/subscriptions/{subscriptionId}/providers/Microsoft.Security/pricings';
const ONE = `${LIST}/{pricingName}`;
const PLANS = [
  'VirtualMachines',
  'SqlServers',
  'AppServices',
  'StorageAccounts',
  'SqlServerVirtualMachines',
  'KeyVaults',
  'Dns',
  'Arm',
  'OpenSourceRelationalDatabases',
  'CosmosDbs',
  'Containers',
];
const TIERS = ['Free', 'Standard'];

function planName(name: string): string {
  const plan = PLANS.find((p) => p.toLowerCase() === name.toLowerCase());
  if (!plan) throw new ArmError(404, 'PricingNotFound', `Pricing '${name}' was not found. Supported pricings: ${PLANS.join(', ')}.`);
  return plan;
}

function pricing(ctx: EmulatorContext, subscriptionId: string, name: string): ArmResource {
  const id = `/subscriptions/${subscriptionId}/providers/${PRICING_TYPE}/${name}`;
  return ctx.store.get(id) ?? { id, name, type: PRICING_TYPE, properties: { pricingTier: 'Free', freeTrialRemainingTime: 'P30D' } };
}

function get(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  return { status: 200, body: pricing(ctx, req.params.subscriptionId, planName(req.params.pricingName)) };
}

function put(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const name = planName(req.params.pricingName);
  const tier = TIERS.find((t) => t.toLowerCase() === String(req.body?.properties?.pricingTier).toLowerCase());
  if (!tier) throw new ArmError(400, 'InvalidInputJson', `pricingTier must be one of ${TIERS.join(', ')}.`);
  const before = pricing(ctx, req.params.subscriptionId, name);
  const resource: ArmResource = {
    ...before,
    properties:
      tier === 'Free'
        ? { pricingTier: 'Free', freeTrialRemainingTime: 'P30D' }
        : { pricingTier: 'Standard', freeTrialRemainingTime: 'PT0S' },
  };
  ctx.store.put(resource);
  return { status: 200, body: resource };
}

export const provider: Provider = {
  namespace: 'Microsoft.Security',
  routes: [
    { method: 'GET', path: ONE, action: `${PRICING_TYPE}/read`, handler: get },
    { method: 'PUT', path: ONE, action: `${PRICING_TYPE}/write`, handler: put },
    {
      method: 'GET',
      path: LIST,
      action: `${PRICING_TYPE}/read`,
      handler: (req, ctx) => ({ status: 200, body: { value: PLANS.map((p) => pricing(ctx, req.params.subscriptionId, p)) } }),
    },
  ],
};
