/** Microsoft.Resources: subscription, locations, resource groups, provider registration, generic lists. */
import type { Provider } from '../../core/contract.js';
import { genericListRoutes } from './genericList.js';
import { resourceGroupRoutes } from './resourceGroups.js';
import { resourceProviderRoutes } from './resourceProviders.js';
import { subscriptionRoutes } from './subscriptions.js';

export const provider: Provider = {
  namespace: 'Microsoft.Resources',
  routes: [...subscriptionRoutes, ...resourceGroupRoutes, ...resourceProviderRoutes, ...genericListRoutes],
};
