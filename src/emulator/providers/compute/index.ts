/** Microsoft.Compute: virtual machines (the jumphost), vCPU usages and resource SKUs for preflight. */
import type { Provider, Route } from '../../core/contract.js';
import { quotaRoutes } from './quota.js';
import { listSkus, listUsages } from './usages.js';
import { deleteVm, getVm, putVm } from './virtual-machine.js';
import { resourcePath, topLevelRoutes } from '../top-level-routes.js';
import { patchVmTags } from './vm-tags.js';

const NS = 'Microsoft.Compute';

const routes: Route[] = [
  ...topLevelRoutes({ namespace: NS, segment: 'virtualMachines', param: 'vmName', put: putVm, get: getVm, delete: deleteVm }),
  {
    method: 'PATCH',
    path: resourcePath({ namespace: NS, segment: 'virtualMachines', param: 'vmName' }),
    action: `${NS}/virtualMachines/write`,
    handler: patchVmTags,
  },
  {
    method: 'GET',
    path: `/subscriptions/{subscriptionId}/providers/${NS}/locations/{location}/usages`,
    action: `${NS}/locations/usages/read`,
    handler: listUsages,
  },
  { method: 'GET', path: `/subscriptions/{subscriptionId}/providers/${NS}/skus`, action: `${NS}/skus/read`, handler: listSkus },
  ...quotaRoutes,
];

export const provider: Provider = { namespace: NS, routes };
