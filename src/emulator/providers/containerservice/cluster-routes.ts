/**
 * managedClusters PUT/GET/DELETE/list. PUT validates synchronously what AKS refuses with 400, then runs
 * an azure-async-operation (typical create 540 / update 300 Azure seconds, see core/timing.ts) whose outcome is decided up front:
 * the cluster as it ends, the node resource group it creates, or CreateVMSSAgentPoolFailed when the
 * nodes could not reach the required endpoints. DELETE removes the cluster and its node resource group.
 */
import { ArmError, type ArmRequest, type ArmResponse, type EmulatorContext, type StoreEffect } from '../../core/contract.js';
import { resourceNotFound } from '../../core/errors.js';
import { canonicalId } from '../../core/ids.js';
import { addonIdentityEffects } from './addon-identities.js';
import { buildCluster, CLUSTER_TYPE, type ClusterAddress } from './managed-cluster.js';
import { nodeResourceGroupEffects, nodeResourceGroupId } from './node-resource-group.js';
import { hasPropagated, hasRoleAssignment } from '../authorization/index.js';
import { provisioningFailure } from './provisioning.js';
import { servedRegion } from '../region.js';
import type { ClusterState } from './kube-state.js';
import {
  clusterIdentity,
  systemDnsZoneLinkFailure,
  validateLocalAccounts,
  validateNodeSubnet,
  validateUserDefinedRouting,
  type HasRoleAssignment,
} from './validate-cluster.js';
import { validateNetworkRanges } from './validate-network.js';
import { validateNames, validateNodePools } from './validate-pools.js';
import { poolsForClusterPut, validatePoolProfiles } from './pool-profiles.js';

const NAME_RULE = /^[a-zA-Z0-9]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9])?$/;

function address(req: ArmRequest): ClusterAddress {
  return { subscriptionId: req.params.subscriptionId, resourceGroup: req.params.resourceGroupName, name: req.params.resourceName };
}

export function clusterIdOf(req: ArmRequest): string {
  const a = address(req);
  return canonicalId(`/subscriptions/${a.subscriptionId}/resourceGroups/${a.resourceGroup}/providers/${CLUSTER_TYPE}/${a.name}`);
}

function checkBody(req: ArmRequest, ctx: EmulatorContext): any {
  const body = req.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new ArmError(400, 'InvalidRequestContent', 'The request content must be a JSON object describing the managed cluster.');
  }
  if (!NAME_RULE.test(req.params.resourceName)) {
    throw new ArmError(
      400,
      'InvalidResourceName',
      `The managed cluster name '${req.params.resourceName}' is invalid: use 1-63 letters, digits, '-' or '_', starting and ending with a letter or digit.`,
    );
  }
  const location = servedRegion(ctx, body.location, CLUSTER_TYPE);
  if (!Array.isArray(body.properties?.agentPoolProfiles) || body.properties.agentPoolProfiles.length === 0) {
    throw new ArmError(
      400,
      'InvalidParameter',
      'A managed cluster needs at least one node pool in properties.agentPoolProfiles (mode System).',
      { target: 'properties.agentPoolProfiles' },
    );
  }
  return { ...body, location };
}

export function putCluster(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const body = checkBody(req, ctx);
  const id = clusterIdOf(req);
  const existing = ctx.store.get(id);
  body.properties.agentPoolProfiles = poolsForClusterPut(existing, body.properties.agentPoolProfiles);
  validateLocalAccounts(body.properties);
  const pool = body.properties.agentPoolProfiles[0];
  validateNodeSubnet(ctx.store, pool.vnetSubnetID);
  const identity = clusterIdentity(ctx.store, body.identity);
  const final = buildCluster(ctx, address(req), body, existing);
  if (ctx.strict('naming')) validateNames(body.properties, final.properties!.agentPoolProfiles);
  if (ctx.strict('node-pool-validation')) {
    validatePoolProfiles(final, existing);
    validateNodePools(ctx, final, nodeResourceGroupId(final));
  }
  const net = final.properties!.networkProfile;
  validateNetworkRanges(
    ctx.store,
    { serviceCidr: net.serviceCidr, dnsServiceIP: net.dnsServiceIP, podCidr: net.podCidr },
    pool.vnetSubnetID,
  );
  // AKS acts as the cluster identity; only role assignments that have propagated count.
  const granted: HasRoleAssignment = (store, principal, scope, action) =>
    hasRoleAssignment(store, principal, scope, action, (r) => hasPropagated(ctx, r));
  if (net.outboundType === 'userDefinedRouting') validateUserDefinedRouting(ctx.store, pool, identity, granted, nodeResourceGroupId(final));

  const healthy = existing?.properties?.provisioningState === 'Succeeded';
  const linkFailure =
    existing || !ctx.strict('private-dns-vnet-join') ? undefined : systemDnsZoneLinkFailure(final, identity, granted, ctx.store);
  const error = linkFailure ?? (healthy ? undefined : provisioningFailure(ctx.store, final));
  const nodeGroupExists = !!ctx.store.get(nodeResourceGroupId(final));
  // An update resizes the scale sets and puts or removes add-on identities; the endpoint, its NIC and DNS records stay as they are.
  const effects: StoreEffect[] = [
    ...nodeResourceGroupEffects(ctx, final).filter(
      (e) => !nodeGroupExists || ('put' in e && e.put.type === 'Microsoft.Compute/virtualMachineScaleSets'),
    ),
    ...addonIdentityEffects(final, final.tags ?? {}),
  ];
  if (!existing) {
    const state = ctx.store.internal<ClusterState>(id);
    Object.assign(state, { createdAt: ctx.now(), deployments: [], namespaces: [], commands: {} });
  }
  const inFlight = existing ? 'Updating' : 'Creating';
  return ctx.lro.start(req, {
    resourceId: id,
    mode: 'azure-async-operation',
    azureSeconds: ctx.seconds(existing ? 'aks-update' : 'aks-create'),
    inFlightState: inFlight,
    outcome: { final, effects, ...(error ? { error } : {}) },
    initialStatus: existing ? 200 : 201,
    initialBody: { ...final, properties: { ...final.properties, provisioningState: inFlight } },
  });
}

export function getCluster(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const stored = ctx.store.get(clusterIdOf(req));
  if (!stored) throw resourceNotFound(clusterIdOf(req));
  return { status: 200, body: ctx.present(stored) };
}

export function deleteCluster(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const id = clusterIdOf(req);
  const stored = ctx.store.get(id);
  if (!stored) return { status: 204 };
  return ctx.lro.start(req, {
    resourceId: id,
    mode: 'azure-async-operation',
    // AKS answers a delete 202 with both headers (Azure/azure-cli acs recordings, e.g. test_aks_create_private_cluster.yaml).
    alsoLocation: true,
    azureSeconds: ctx.seconds('aks-delete'),
    inFlightState: 'Deleting',
    outcome: {
      effects: [
        { delete: id, recursive: true },
        { delete: nodeResourceGroupId(stored), recursive: true },
      ],
    },
    initialStatus: 202,
  });
}
