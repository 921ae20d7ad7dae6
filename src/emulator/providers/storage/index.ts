/** Microsoft.Storage: the storage account, blob service properties and container `--create-state-account` makes. */
import type { Provider } from '../../core/contract.js';
import { accountRoutes } from './accounts.js';
import { blobContainerRoutes } from './blob-containers.js';

export const provider: Provider = {
  namespace: 'Microsoft.Storage',
  routes: [...accountRoutes, ...blobContainerRoutes],
};
