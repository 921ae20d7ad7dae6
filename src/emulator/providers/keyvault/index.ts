/** Microsoft.KeyVault: vaults, soft-deleted vaults (recover, purge) and the global name check. */
import type { Provider } from '../../core/contract.js';
import { renderVault, vaultRoutes, VAULT_TYPE } from './vaults.js';

export { VAULT_TYPE } from './vaults.js';

export const provider: Provider = {
  namespace: 'Microsoft.KeyVault',
  routes: vaultRoutes,
  // The control API and generic reads show the provisioning state a GET shows.
  views: { [VAULT_TYPE]: (resource, ctx) => renderVault(ctx, resource) },
};
