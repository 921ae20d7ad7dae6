import type { AzureClients } from '../azure/types.js';
import type { ResourceNames } from '../config/types.js';
import { AuthError, AzureOperationError, UsageError } from '../engine/errors.js';
import { clusterEvidence, poolEvidence, readSupportedVersions } from './collect-cluster.js';
import { readJumphost } from './collect-jumphost.js';
import { readNetwork } from './collect-network.js';
import { readApiServerDns, readPrivateEndpoints } from './collect-node-rg.js';
import type { Evidence } from './evidence.js';
import { collectAll, statusOf, tryRead } from './lib/read.js';

export interface CollectOptions {
  azure: AzureClients;
  resourceGroup: string;
  clusterName: string;
  /** The wizard's names, when auditing its own deployment (picks the jumphost VM by name). */
  names?: Partial<ResourceNames>;
}

/** The cluster is the one thing verify cannot do without: say precisely why it could not be read. */
async function readClusterOrThrow(opts: CollectOptions) {
  const aks = await opts.azure.containerService();
  try {
    return await aks.managedClusters.get(opts.resourceGroup, opts.clusterName);
  } catch (error) {
    const status = statusOf(error);
    const where = `managed cluster ${opts.clusterName} in resource group ${opts.resourceGroup} (subscription ${opts.azure.subscriptionId})`;
    if (status === 404) throw new UsageError('ClusterNotFound', `There is no ${where}.`, 'Check -g/--resource-group, -n/--name and --subscription.');
    if (status === 403) throw new AuthError('AuthorizationFailed', `You may not read ${where}.`, 'Ask for Reader on the resource group (and on the node resource group).');
    const e = error as { code?: string; message?: string };
    throw new AzureOperationError(e.code ?? 'ClusterReadFailed', `Reading ${where} failed: ${e.message ?? String(error)}`, status);
  }
}

/**
 * Gathers the evidence read-only. Only the cluster itself is required; every other piece may be absent
 * (a public cluster without UDR or firewall) and is then left out for the checks to judge.
 */
export async function collectEvidence(opts: CollectOptions): Promise<Evidence> {
  const { azure, resourceGroup, clusterName } = opts;
  const readErrors: string[] = [];
  const evidence: Evidence = { subscriptionId: azure.subscriptionId, resourceGroup, clusterName, readErrors };

  const raw = await readClusterOrThrow(opts);
  const aks = await azure.containerService();
  const pools = await tryRead(`agent pools of ${clusterName}`, readErrors, () => collectAll(aks.agentPools.list(resourceGroup, clusterName)));
  // The agentPools API also lists pools added after creation; the cluster's profiles are the fallback.
  const cluster = clusterEvidence(raw, (pools?.length ? pools : (raw.agentPoolProfiles ?? [])).map(poolEvidence));
  evidence.cluster = cluster;

  const network = await azure.network();
  const nodeSubnetId = cluster.agentPools.find((p) => p.mode === 'System' && p.vnetSubnetId)?.vnetSubnetId ?? cluster.agentPools.find((p) => p.vnetSubnetId)?.vnetSubnetId;
  const [versions, net, endpoints, zones] = await Promise.all([
    readSupportedVersions(azure, cluster.location, readErrors),
    nodeSubnetId ? readNetwork(network, nodeSubnetId, [resourceGroup], readErrors) : Promise.resolve({}),
    cluster.nodeResourceGroup && cluster.enablePrivateCluster ? readPrivateEndpoints(network, cluster.nodeResourceGroup, readErrors) : Promise.resolve(undefined),
    cluster.enablePrivateCluster ? azure.resources().then((r) => readApiServerDns(r, cluster, readErrors)) : Promise.resolve(undefined),
  ]);
  Object.assign(evidence, net, { supportedVersions: versions, privateEndpoints: endpoints, privateDnsZones: zones });

  if (evidence.nodeVnet) {
    const compute = await azure.compute();
    evidence.jumphost = await readJumphost(compute, network, resourceGroup, evidence.nodeVnet, evidence.nodeSubnet, opts.names?.jumphostVm, readErrors);
  }
  return evidence;
}
