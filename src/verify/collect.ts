import type { AzureClients } from '../azure/types.js';
import type { ResourceNames } from '../config/types.js';
import { AuthError, AzureOperationError, UsageError } from '../core/errors.js';
import { clusterEvidence, poolEvidence, readSupportedVersions } from './collect-cluster.js';
import { readJumphost } from './collect-jumphost.js';
import { readKeyVault } from './collect-key-vault.js';
import { clusterAddons } from './addons.js';
import { readNetwork } from './collect-network.js';
import { readApiServerDns, readPrivateEndpoints } from './collect-node-rg.js';
import type { ClusterEvidence, Evidence } from './evidence.js';
import { collectAll, statusOf, tryRead } from './lib/read.js';

export interface CollectOptions {
  azure: AzureClients;
  resourceGroup: string;
  clusterName: string;
  /** The wizard's names, when auditing its own deployment (picks the jumphost VM by name). */
  names?: Partial<ResourceNames>;
}

function where(opts: CollectOptions): string {
  return `managed cluster ${opts.clusterName} in resource group ${opts.resourceGroup} (subscription ${opts.azure.subscriptionId})`;
}

/** The cluster, or undefined when it does not exist; any other failure is a typed error naming it. */
async function readCluster(opts: CollectOptions) {
  const aks = await opts.azure.containerService();
  try {
    return await aks.managedClusters.get(opts.resourceGroup, opts.clusterName);
  } catch (error) {
    const status = statusOf(error);
    if (status === 404) return undefined;
    if (status === 403)
      throw new AuthError(
        'AuthorizationFailed',
        `You may not read ${where(opts)}.`,
        'Ask for Reader on the resource group (and on the node resource group).',
      );
    const e = error as { code?: string; message?: string };
    throw new AzureOperationError(e.code ?? 'ClusterReadFailed', `Reading ${where(opts)} failed: ${e.message ?? String(error)}`, status);
  }
}

/** The cluster with its agent pools (the agentPools API also lists pools added after creation). */
async function readClusterEvidence(opts: CollectOptions, readErrors: string[]): Promise<ClusterEvidence | undefined> {
  const raw = await readCluster(opts);
  if (!raw) return undefined;
  const aks = await opts.azure.containerService();
  const pools = await tryRead(`agent pools of ${opts.clusterName}`, readErrors, () =>
    collectAll(aks.agentPools.list(opts.resourceGroup, opts.clusterName)),
  );
  return clusterEvidence(raw, (pools?.length ? pools : (raw.agentPoolProfiles ?? [])).map(poolEvidence));
}

/** The API server's private endpoint and DNS records in the node resource group (private clusters only). */
async function readApiServer(
  azure: AzureClients,
  cluster: ClusterEvidence,
  readErrors: string[],
): Promise<Pick<Evidence, 'privateEndpoints' | 'privateDnsZones'>> {
  if (!cluster.enablePrivateCluster) return {};
  const network = await azure.network();
  const [privateEndpoints, privateDnsZones] = await Promise.all([
    cluster.nodeResourceGroup ? readPrivateEndpoints(network, cluster.nodeResourceGroup, readErrors) : Promise.resolve(undefined),
    azure.resources().then((r) => readApiServerDns(r, cluster, readErrors)),
  ]);
  return { privateEndpoints, privateDnsZones };
}

/**
 * Only what the API server checks need (step 6 reuses them): the cluster, absent when it does not exist
 * yet, and its private endpoint and DNS records.
 */
export async function collectApiServerEvidence(opts: CollectOptions): Promise<Evidence> {
  const readErrors: string[] = [];
  const evidence: Evidence = {
    subscriptionId: opts.azure.subscriptionId,
    resourceGroup: opts.resourceGroup,
    clusterName: opts.clusterName,
    readErrors,
  };
  evidence.cluster = await readClusterEvidence(opts, readErrors);
  if (evidence.cluster) Object.assign(evidence, await readApiServer(opts.azure, evidence.cluster, readErrors));
  return evidence;
}

/**
 * Gathers the evidence read-only. Only the cluster itself is required; every other piece may be absent
 * (a public cluster without UDR or firewall) and is then left out for the checks to judge.
 */
export async function collectEvidence(opts: CollectOptions): Promise<Evidence> {
  const { azure, resourceGroup, clusterName } = opts;
  const readErrors: string[] = [];
  const evidence: Evidence = { subscriptionId: azure.subscriptionId, cloud: azure.target.cloud, resourceGroup, clusterName, readErrors };

  const cluster = await readClusterEvidence(opts, readErrors);
  // The cluster is the one thing verify cannot do without.
  if (!cluster)
    throw new UsageError('ClusterNotFound', `There is no ${where(opts)}.`, 'Check -g/--resource-group, -n/--name and --subscription.');
  evidence.cluster = cluster;

  const network = await azure.network();
  const nodeSubnetId =
    cluster.agentPools.find((p) => p.mode === 'System' && p.vnetSubnetId)?.vnetSubnetId ??
    cluster.agentPools.find((p) => p.vnetSubnetId)?.vnetSubnetId;
  const [versions, net, apiServer] = await Promise.all([
    readSupportedVersions(azure, cluster.location, readErrors),
    nodeSubnetId ? readNetwork(network, nodeSubnetId, [resourceGroup], readErrors) : Promise.resolve({}),
    readApiServer(azure, cluster, readErrors),
  ]);
  Object.assign(evidence, net, apiServer, { supportedVersions: versions });
  if (clusterAddons(cluster).includes('keyVault')) {
    const keyVault = await readKeyVault(azure, resourceGroup, opts.names, readErrors);
    if (keyVault) evidence.keyVault = keyVault;
  }

  if (evidence.nodeVnet) {
    const compute = await azure.compute();
    evidence.jumphost = await readJumphost(
      compute,
      network,
      resourceGroup,
      evidence.nodeVnet,
      evidence.nodeSubnet,
      opts.names?.jumphostVm,
      readErrors,
    );
  }
  return evidence;
}
