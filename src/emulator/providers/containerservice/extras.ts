/** Read-only AKS endpoints beside the cluster: node pools, user kubeconfig and supported versions. */
import type { ArmRequest, ArmResponse, EmulatorContext } from '../../core/contract.js';
import { ArmError } from '../../core/contract.js';
import { resourceNotFound } from '../../core/errors.js';
import { clusterIdOf } from './cluster-routes.js';
import { SUPPORTED_VERSIONS, supportPlansOf } from './versions.js';

function clusterOf(req: ArmRequest, ctx: EmulatorContext) {
  const cluster = ctx.store.get(clusterIdOf(req));
  if (!cluster) throw resourceNotFound(clusterIdOf(req));
  return cluster;
}

export function agentPoolView(clusterId: string, profile: any): Record<string, unknown> {
  const { name, ...properties } = profile;
  return { id: `${clusterId}/agentPools/${name}`, name, type: 'Microsoft.ContainerService/managedClusters/agentPools', properties };
}

export function listAgentPools(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const cluster = clusterOf(req, ctx);
  return { status: 200, body: { value: (cluster.properties?.agentPoolProfiles ?? []).map((p: any) => agentPoolView(cluster.id, p)) } };
}

export function getAgentPool(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const cluster = clusterOf(req, ctx);
  const profile = (cluster.properties?.agentPoolProfiles ?? []).find(
    (p: any) => p.name?.toLowerCase() === req.params.agentPoolName.toLowerCase(),
  );
  if (!profile) throw new ArmError(404, 'NotFound', `Agent pool ${req.params.agentPoolName} was not found in cluster ${cluster.name}.`);
  return { status: 200, body: agentPoolView(cluster.id, profile) };
}

/** The user kubeconfig: with Entra ID it holds no secret, only the kubelogin exec plugin. */
export function listUserCredential(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const cluster = clusterOf(req, ctx);
  const server = cluster.properties?.privateFQDN ?? cluster.properties?.fqdn;
  const kubeconfig = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- cluster:\n    server: https://${server}:443\n  name: ${cluster.name}`,
    'contexts:',
    `- context:\n    cluster: ${cluster.name}\n    user: clusterUser_${req.params.resourceGroupName}_${cluster.name}\n  name: ${cluster.name}`,
    `current-context: ${cluster.name}`,
    'users:',
    `- name: clusterUser_${req.params.resourceGroupName}_${cluster.name}\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: kubelogin\n      args: [get-token, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630, --login, azurecli]`,
    '',
  ].join('\n');
  return { status: 200, body: { kubeconfigs: [{ name: 'clusterUser', value: Buffer.from(kubeconfig).toString('base64') }] } };
}

export function listVersions(_req: ArmRequest, _ctx: EmulatorContext): ArmResponse {
  const values = SUPPORTED_VERSIONS.map((full, i) => {
    const minor = full.split('.').slice(0, 2).join('.');
    return {
      version: minor,
      isDefault: i === SUPPORTED_VERSIONS.length - 1,
      isPreview: false,
      capabilities: { supportPlan: supportPlansOf(full) },
      patchVersions: { [full]: { upgrades: SUPPORTED_VERSIONS.slice(i + 1) } },
    };
  });
  return { status: 200, body: { values } };
}
