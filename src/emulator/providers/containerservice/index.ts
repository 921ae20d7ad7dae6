/** Microsoft.ContainerService: managed clusters, their node pools, runCommand and supported versions. */
import type { Provider, Route } from '../../core/contract.js';
import { deleteCluster, getCluster, listClusters, putCluster } from './cluster-routes.js';
import { getAgentPool, listAgentPools, listUserCredential, listVersions } from './extras.js';
import { commandResult, submitCommand } from './run-command.js';

const NS = 'Microsoft.ContainerService';
const RG = `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/${NS}`;
const CLUSTER = `${RG}/managedClusters/{resourceName}`;

const routes: Route[] = [
  { method: 'PUT', path: CLUSTER, action: `${NS}/managedClusters/write`, handler: putCluster },
  { method: 'GET', path: CLUSTER, action: `${NS}/managedClusters/read`, handler: getCluster },
  { method: 'DELETE', path: CLUSTER, action: `${NS}/managedClusters/delete`, handler: deleteCluster },
  { method: 'GET', path: `${RG}/managedClusters`, action: `${NS}/managedClusters/read`, handler: listClusters },
  {
    method: 'GET',
    path: `/subscriptions/{subscriptionId}/providers/${NS}/managedClusters`,
    action: `${NS}/managedClusters/read`,
    handler: listClusters,
  },
  { method: 'GET', path: `${CLUSTER}/agentPools`, action: `${NS}/managedClusters/agentPools/read`, handler: listAgentPools },
  { method: 'GET', path: `${CLUSTER}/agentPools/{agentPoolName}`, action: `${NS}/managedClusters/agentPools/read`, handler: getAgentPool },
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
