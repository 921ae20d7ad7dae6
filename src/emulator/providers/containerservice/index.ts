/** Microsoft.ContainerService: managed clusters, their node pools, runCommand and supported versions. */
import type { Provider, Route } from '../../core/contract.js';
import { deleteCluster, getCluster, putCluster } from './cluster-routes.js';
import { getAgentPool, listAgentPools, listUserCredential, listVersions } from './extras.js';
import { commandResult, submitCommand } from './run-command.js';
import { deleteAgentPool, putAgentPool } from './agent-pool-writes.js';
import { maintenanceRoutes } from './maintenance-configurations.js';
import { resourcePath, topLevelRoutes } from '../top-level-routes.js';

const NS = 'Microsoft.ContainerService';
const CLUSTERS = { namespace: NS, segment: 'managedClusters', param: 'resourceName' };
const CLUSTER = resourcePath(CLUSTERS);

const routes: Route[] = [
  ...topLevelRoutes({ ...CLUSTERS, put: putCluster, get: getCluster, delete: deleteCluster }),
  { method: 'GET', path: `${CLUSTER}/agentPools`, action: `${NS}/managedClusters/agentPools/read`, handler: listAgentPools },
  { method: 'GET', path: `${CLUSTER}/agentPools/{agentPoolName}`, action: `${NS}/managedClusters/agentPools/read`, handler: getAgentPool },
  { method: 'PUT', path: `${CLUSTER}/agentPools/{agentPoolName}`, action: `${NS}/managedClusters/agentPools/write`, handler: putAgentPool },
  {
    method: 'DELETE',
    path: `${CLUSTER}/agentPools/{agentPoolName}`,
    action: `${NS}/managedClusters/agentPools/delete`,
    handler: deleteAgentPool,
  },
  ...maintenanceRoutes(CLUSTER, NS),
  { method: 'POST', path: `${CLUSTER}/runCommand`, action: `${NS}/managedClusters/runcommand/action`, handler: submitCommand },
  {
    method: 'GET',
    path: `${CLUSTER}/commandResults/{commandId}`,
    action: `${NS}/managedClusters/commandResults/read`,
    handler: commandResult,
  },
  {
    method: 'POST',
    path: `${CLUSTER}/listClusterUserCredential`,
    action: `${NS}/managedClusters/listClusterUserCredential/action`,
    handler: listUserCredential,
  },
  {
    method: 'GET',
    path: `/subscriptions/{subscriptionId}/providers/${NS}/locations/{location}/kubernetesVersions`,
    action: `${NS}/locations/kubernetesVersions/read`,
    handler: listVersions,
  },
];

export const provider: Provider = { namespace: NS, routes };
