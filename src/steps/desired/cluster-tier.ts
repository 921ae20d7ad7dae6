import type { ManagedCluster } from '@azure/arm-containerservice';
import type { ClusterTier } from '../../config/types.js';

const SKU_TIER: Record<ClusterTier, 'Free' | 'Standard' | 'Premium'> = { free: 'Free', standard: 'Standard', premium: 'Premium' };

/**
 * The cluster's pricing tier as AKS models it: `sku.tier` (a cluster created without a sku reads back
 * Base/Free), and the support plan, which AKS accepts as AKSLongTermSupport only on the Premium tier
 * (https://learn.microsoft.com/azure/aks/long-term-support). Premium is sent with long-term support, as
 * Microsoft's ManagedClustersCreate_Premium example does (AKS offers it only on some versions, so preflight
 * refuses premium with a version that does not list it); every other tier with the community plan, so a
 * switch down from Premium leaves long-term support in the same PUT, and a cluster made before this
 * option existed (Free, KubernetesOfficial) reads as already in place.
 */
export function tierModel(tier: ClusterTier): Pick<ManagedCluster, 'sku' | 'supportPlan'> {
  return {
    sku: { name: 'Base', tier: SKU_TIER[tier] },
    supportPlan: tier === 'premium' ? 'AKSLongTermSupport' : 'KubernetesOfficial',
  };
}
