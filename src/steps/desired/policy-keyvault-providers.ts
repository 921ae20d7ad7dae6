import type { ResolvedConfig } from '../../config/types.js';

/**
 * Resource providers the Azure Policy add-on and the Key Vault secrets provider need registered:
 * Microsoft.PolicyInsights before the add-on reports compliance
 * (https://learn.microsoft.com/azure/governance/policy/concepts/policy-for-kubernetes#install-azure-policy-add-on-for-aks),
 * Microsoft.KeyVault before a vault can be created
 * (https://learn.microsoft.com/azure/azure-resource-manager/management/azure-services-resource-providers).
 */
export function policyKeyVaultProviders(config: Pick<ResolvedConfig, 'azurePolicy' | 'keyVault'>): string[] {
  return [...(config.azurePolicy ? ['Microsoft.PolicyInsights'] : []), ...(config.keyVault ? ['Microsoft.KeyVault'] : [])];
}
