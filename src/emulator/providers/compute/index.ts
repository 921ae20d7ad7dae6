/** Microsoft.Compute: virtual machines (the jumphost), vCPU usages and resource SKUs for preflight. */
import type { Provider, Route } from '../../core/contract.js';
import { quotaRoutes } from './quota.js';
import { listSkus, listUsages } from './usages.js';
import { deleteVm, getVm, listVms, putVm } from './virtual-machine.js';

const NS = 'Microsoft.Compute';
const RG = `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/${NS}`;
const VM = `${RG}/virtualMachines/{vmName}`;

const routes: Route[] = [
  { method: 'PUT', path: VM, action: `${NS}/virtualMachines/write`, handler: putVm },
  { method: 'GET', path: VM, action: `${NS}/virtualMachines/read`, handler: getVm },
  { method: 'DELETE', path: VM, action: `${NS}/virtualMachines/delete`, handler: deleteVm },
  { method: 'GET', path: `${RG}/virtualMachines`, action: `${NS}/virtualMachines/read`, handler: listVms },
  {
    method: 'GET',
    path: `/subscriptions/{subscriptionId}/providers/${NS}/virtualMachines`,
    action: `${NS}/virtualMachines/read`,
    handler: listVms,
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
