/**
 * Azure RBAC for Kubernetes authorization (aadProfile.enableAzureRBAC with local accounts disabled): the
 * AKS webhook allows a kubectl request only when the caller holds, at the cluster scope or above, a role
 * whose dataActions cover it (Microsoft.ContainerService/managedClusters/<group>/<resource>/<verb>).
 * Owner and Contributor carry no dataActions, so managing the cluster does not let you look inside it.
 * Everything runCommand runs acts as the caller (the emulator's caller principal, see PUT /_emulator/caller),
 * whatever clusterToken it was given: the emulator accepts any token, as it does for ARM.
 */
import type { ArmResource, EmulatorContext } from '../../core/contract.js';
import { grantsDataAction } from '../authorization/index.js';
import { flag, namespaceOf, type KubectlResult, type ParsedArgs } from './kubectl-args.js';

interface KubeRequest {
  verb: 'get' | 'list' | 'create' | 'delete';
  resource: string;
  group: string;
  name?: string;
  /** undefined: the request is at the cluster scope (a cluster-wide list or a cluster-scoped resource). */
  namespace?: string;
}

const RESOURCES: ReadonlyArray<[aliases: string[], resource: string, group: string]> = [
  [['no', 'node', 'nodes'], 'nodes', ''],
  [['ns', 'namespace', 'namespaces'], 'namespaces', ''],
  [['po', 'pod', 'pods', 'all'], 'pods', ''],
  [['svc', 'service', 'services'], 'services', ''],
  [['deploy', 'deployment', 'deployments'], 'deployments', 'apps'],
  [['rs', 'replicaset', 'replicasets'], 'replicasets', 'apps'],
  [['ds', 'daemonset', 'daemonsets'], 'daemonsets', 'apps'],
];
const CLUSTER_SCOPED = new Set(['nodes', 'namespaces']);

function resolve(word: string | undefined): { resource: string; group: string; name?: string } {
  const [kind = '', name] = (word ?? '').split('/');
  const found = RESOURCES.find(([aliases]) => aliases.includes(kind.toLowerCase()));
  return found
    ? { resource: found[1], group: found[2], ...(name ? { name } : {}) }
    : { resource: kind.toLowerCase() || 'pods', group: '', ...(name ? { name } : {}) };
}

/**
 * What the API server is asked first for one kubectl invocation (its verb and operands already parsed);
 * undefined for what every signed-in user may do (`kubectl version` reads /version) or never reaches it.
 */
function requestOf(verb: string | undefined, operands: string[], args: ParsedArgs): KubeRequest | undefined {
  const allNamespaces = flag(args, '-A', '--all-namespaces') === true;
  let r: Omit<KubeRequest, 'namespace'>;
  if (verb === 'get') {
    const target = resolve(operands[0]);
    const name = target.name ?? operands[1];
    r = { ...target, verb: name ? 'get' : 'list', ...(name ? { name } : {}) };
  } else if (verb === 'create') r = { ...resolve(operands[0]), verb: 'create' };
  else if (verb === 'run') r = { resource: 'pods', group: '', verb: 'create' };
  else if (verb === 'delete') r = { ...resolve(operands[0]), verb: 'delete', ...(operands[1] ? { name: operands[1] } : {}) };
  else if (verb === 'rollout') r = { ...resolve(operands[1]), verb: 'get' };
  else return undefined;
  const clusterScope = CLUSTER_SCOPED.has(r.resource) || (allNamespaces && r.verb === 'list');
  return clusterScope ? r : { ...r, namespace: namespaceOf(args) };
}

function dataActionOf(r: KubeRequest): string {
  const verb = r.verb === 'create' ? 'write' : r.verb === 'delete' ? 'delete' : 'read';
  return `Microsoft.ContainerService/managedClusters/${r.group ? `${r.group}/` : ''}${r.resource}/${verb}`;
}

/** kubectl's words for a request the AKS authorization webhook denied. */
function forbidden(r: KubeRequest, user: string): KubectlResult {
  const what = `${r.resource}${r.group ? `.${r.group}` : ''}${r.name ? ` "${r.name}"` : ''}`;
  const where = r.namespace === undefined ? 'at the cluster scope' : `in the namespace "${r.namespace}"`;
  return {
    exitCode: 1,
    logs:
      `Error from server (Forbidden): ${what} is forbidden: User "${user}" cannot ${r.verb} resource "${r.resource}" in API group "${r.group}" ${where}: ` +
      'User does not have access to the resource in Azure. Update role assignment to allow access.\n',
  };
}

/**
 * For a cluster that authorizes with Azure RBAC: a check runCommand's kubectl calls before each
 * invocation, answering kubectl's Forbidden result when the caller's role assignments do not allow it.
 * undefined for a cluster with Kubernetes RBAC only (its admin credentials are what runCommand uses).
 */
export function dataPlaneAuthorizer(
  ctx: EmulatorContext,
  cluster: ArmResource,
): ((verb: string | undefined, operands: string[], args: ParsedArgs) => KubectlResult | undefined) | undefined {
  const azureRbac = (cluster.properties?.aadProfile as { enableAzureRBAC?: boolean } | undefined)?.enableAzureRBAC === true;
  if (!azureRbac || cluster.properties?.disableLocalAccounts !== true) return undefined;
  const principalId = ctx.caller().principalId;
  return (verb, operands, args) => {
    const request = requestOf(verb, operands, args);
    if (!request) return undefined;
    return grantsDataAction(ctx, principalId, cluster.id, dataActionOf(request)) ? undefined : forbidden(request, principalId);
  };
}
