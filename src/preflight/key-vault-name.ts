/**
 * The Key Vault's name, checked before any write: vault names are global across Azure, and a deleted
 * vault keeps its name for its retention period (soft delete). Our own soft-deleted vault (same id, made
 * by secure-aks) is fine: step 6 recovers it. Anything else would stop `init` at step 6, after the
 * cluster, so it is refused here with what to do
 * (https://learn.microsoft.com/azure/key-vault/general/key-vault-recovery,
 * https://learn.microsoft.com/rest/api/keyvault/keyvault/vaults/check-name-availability).
 */
import type { AzureClients } from '../azure/types.js';
import { getOrUndefined } from '../azure/errors.js';
import { createdByDeployment, MANAGED_BY_TAG, MANAGED_BY_VALUE } from '../core/tags.js';
import type { ResolvedConfig, ResourceNames } from '../config/types.js';
import type { PreflightProblem } from './problems.js';

const OTHER_NAME = 'Deploy under another cluster name or resource group (the vault name derives from both), or leave out --key-vault.';

export async function keyVaultNameProblems(
  azure: AzureClients,
  config: Pick<ResolvedConfig, 'keyVault' | 'resourceGroup' | 'location' | 'subscriptionId'>,
  names: Pick<ResourceNames, 'keyVault'>,
  deploymentId: string,
): Promise<PreflightProblem[]> {
  if (!config.keyVault) return [];
  const kv = await azure.keyVault();
  const name = names.keyVault;
  const live = await getOrUndefined(() => kv.vaults.get(config.resourceGroup, name));
  if (live) {
    // Step 6 would refuse to take over a vault it did not make; say so before any write.
    if (createdByDeployment(live.tags, deploymentId)) return [];
    return [
      {
        code: 'KeyVaultNotOurs',
        fields: ['keyVault', 'name', 'resourceGroup'],
        kind: 'usage',
        message: `Key vault ${name} already exists in resource group ${config.resourceGroup} and was not created by this deployment.`,
        remediation: `Delete or rename that vault if it is not needed. ${OTHER_NAME}`,
      },
    ];
  }
  const ourId = `/subscriptions/${config.subscriptionId}/resourceGroups/${config.resourceGroup}/providers/Microsoft.KeyVault/vaults/${name}`;
  const deleted = await getOrUndefined(() => kv.vaults.getDeleted(name, config.location));
  if (deleted) {
    const ours =
      deleted.properties?.vaultId?.toLowerCase() === ourId.toLowerCase() && deleted.properties?.tags?.[MANAGED_BY_TAG] === MANAGED_BY_VALUE;
    if (ours) return [];
    return [
      {
        code: 'KeyVaultNameSoftDeleted',
        fields: ['keyVault', 'name', 'resourceGroup'],
        kind: 'usage',
        message: `Key vault name ${name} is held by a soft-deleted vault that this deployment did not create (${deleted.properties?.vaultId ?? 'unknown id'}), until ${deleted.properties?.scheduledPurgeDate?.toISOString?.().slice(0, 10) ?? 'its retention ends'}.`,
        remediation: `Its owner can recover it (\`az keyvault recover --name ${name}\`) or, without purge protection, purge it (\`az keyvault purge --name ${name}\`). ${OTHER_NAME}`,
        docs: 'https://learn.microsoft.com/azure/key-vault/general/key-vault-recovery',
      },
    ];
  }
  const answer = await kv.vaults.checkNameAvailability({ name, type: 'Microsoft.KeyVault/vaults' });
  if (answer.nameAvailable !== false) return [];
  return [
    {
      code: answer.reason === 'AccountNameInvalid' ? 'KeyVaultNameInvalid' : 'KeyVaultNameTaken',
      fields: ['keyVault', 'name', 'resourceGroup'],
      kind: 'usage',
      message: `Key vault name ${name} cannot be used: ${answer.message ?? answer.reason ?? 'Azure says it is not available'} (vault names are global across Azure; a vault deleted in another region also keeps its name).`,
      remediation: OTHER_NAME,
    },
  ];
}
