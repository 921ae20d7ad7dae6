/** The status URLs the LRO engine hands out (Azure-AsyncOperation and Location). */
import type { Provider } from './contract.js';
import type { LroEngine } from './lro.js';

const BASE = '/subscriptions/{subscriptionId}/providers/{namespace}/locations/{location}';

export function pollProvider(lro: LroEngine): Provider {
  return {
    namespace: 'Microsoft.Resources',
    routes: [
      {
        method: 'GET',
        path: `${BASE}/operations/{operationId}`,
        // Microsoft.Compute's Location URL is its status URL with monitor=true, answered the Location way.
        handler: (req) => lro.poll(req.params.operationId, req.query.get('monitor') === 'true' ? 'location' : 'azure-async-operation'),
      },
      { method: 'GET', path: `${BASE}/operationResults/{operationId}`, handler: (req) => lro.poll(req.params.operationId, 'location') },
    ],
  };
}
