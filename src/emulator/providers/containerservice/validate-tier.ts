/**
 * The pricing tier and support plan AKS accepts. Tiers: Free, Standard, Premium
 * (https://learn.microsoft.com/azure/aks/free-standard-pricing-tiers). Long-term support needs the Premium
 * tier (https://learn.microsoft.com/azure/aks/long-term-support: "Enabling LTS requires moving your cluster
 * to the Premium tier"); Premium with the community plan is accepted (https://github.com/Azure/AKS/issues/4707).
 * Long-term support also needs a version that lists it in `capabilities.supportPlan`.
 * The refusals' code is inferred: AKS answers field validation with 400 InvalidParameter naming the field.
 */
import { ArmError } from '../../core/contract.js';
import { supportPlansOf } from './versions.js';

const TIERS = ['Free', 'Standard', 'Premium'];
const PLANS = ['KubernetesOfficial', 'AKSLongTermSupport'];

function canonical(value: unknown, allowed: string[]): string | undefined {
  return allowed.find((a) => typeof value === 'string' && a.toLowerCase() === value.toLowerCase());
}

/** The sku and support plan the cluster will read back with; throws what AKS refuses. */
export function validateTier(body: any, version: string): { sku: { name: string; tier: string }; supportPlan: string } {
  const requested = body.sku?.tier;
  const tier = requested === undefined ? 'Free' : canonical(requested, TIERS);
  if (!tier) {
    throw new ArmError(
      400,
      'InvalidParameter',
      `The value '${String(requested)}' of sku.tier is invalid. Allowed values are ${TIERS.join(', ')}.`,
      { target: 'sku.tier' },
    );
  }
  const plan = body.properties?.supportPlan;
  const supportPlan = plan === undefined ? 'KubernetesOfficial' : canonical(plan, PLANS);
  if (!supportPlan) {
    throw new ArmError(
      400,
      'InvalidParameter',
      `The value '${String(plan)}' of properties.supportPlan is invalid. Allowed values are ${PLANS.join(', ')}.`,
      { target: 'properties.supportPlan' },
    );
  }
  if (supportPlan === 'AKSLongTermSupport' && tier !== 'Premium') {
    throw new ArmError(
      400,
      'InvalidParameter',
      `Long-term support (supportPlan AKSLongTermSupport) is only available on the Premium tier; the cluster's sku.tier is ${tier}. See https://aka.ms/aks/enable-lts.`,
      { target: 'properties.supportPlan' },
    );
  }
  if (supportPlan === 'AKSLongTermSupport' && !supportPlansOf(version).includes(supportPlan)) {
    throw new ArmError(
      400,
      'InvalidParameter',
      `Kubernetes version ${version} is not available with long-term support (supportPlan AKSLongTermSupport). Use [az aks get-versions] to list the versions whose capabilities include AKSLongTermSupport. See https://aka.ms/aks/enable-lts.`,
      { target: 'properties.supportPlan' },
    );
  }
  return { sku: { name: String(body.sku?.name ?? 'Base'), tier }, supportPlan };
}
