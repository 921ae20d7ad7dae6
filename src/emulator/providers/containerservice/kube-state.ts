/**
 * The in-cluster view runCommand answers from: nodes from the node pools, AKS's kube-system workloads
 * (which depend on the network policy/dataplane), the user's deployments kept in the cluster's internal
 * data, and pods derived from them. A pod whose image registry the node egress cannot reach sits in
 * ImagePullBackOff, as it would behind a firewall that does not allow it.
 */
import type { ArmResource, Store } from '../../core/contract.js';
import { shortHash } from './stable-names.js';
import { firstUsable, formatIp, parseRange } from '../../core/ip.js';
import { subnetPrefixes } from '../network/index.js';
import { scaleSetName } from './node-resource-group.js';
import { nodeEgressVerdict } from './provisioning.js';

export interface StoredDeployment {
  namespace: string;
  name: string;
  image: string;
  replicas: number;
  createdAt: number;
}

export interface CommandRecord {
  startedAt: number;
  readyAt: number;
  exitCode: number;
  logs: string;
}

/** What the emulator keeps beside a cluster (store.internal); plain data so it persists. */
export interface ClusterState {
  createdAt?: number;
  namespaces?: string[];
  deployments?: StoredDeployment[];
  commands?: Record<string, CommandRecord>;
}

export interface Workload {
  namespace: string;
  kind: 'Deployment' | 'DaemonSet';
  name: string;
  replicas: number;
  image: string;
  createdAt: number;
  /** Containers per pod (1 unless the workload runs sidecars). */
  containers?: number;
  /** Hosts (HTTPS 443) an agent must reach through the node egress, or it exits (add-ons). */
  needs?: string[];
}

export interface Pod {
  namespace: string;
  name: string;
  owner: Workload;
  /** Pending: no node it tolerates (e.g. only CriticalAddonsOnly-tainted System nodes). */
  status: 'Running' | 'ImagePullBackOff' | 'Pending' | 'CrashLoopBackOff';
  /** Why a CrashLoopBackOff pod's agent exits: the endpoint it cannot reach. */
  unreachable?: string;
  node: string;
  ip: string;
  createdAt: number;
}

export interface KubeNode {
  name: string;
  version: string;
  ip: string;
  createdAt: number;
  pool: string;
  mode: string;
  /** topology.kubernetes.io/zone: `<region>-<zone>` on a zonal pool, "0" otherwise, as AKS labels nodes. */
  zone: string;
  /** The pool's nodeTaints (`key=value:Effect`). */
  taints: string[];
}

export const BASE_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

/**
 * Nodes take the node subnet's addresses from .4 upwards (AKS's own VNet is 10.224.0.0/16), pool after
 * pool; a zonal pool spreads its nodes over its zones in turn.
 */
export function nodesOf(store: Store, cluster: ArmResource, createdAt: number): KubeNode[] {
  const taken = new Map<string, number>();
  return (cluster.properties?.agentPoolProfiles ?? []).flatMap((pool: any) => {
    const subnet = pool.vnetSubnetID ? store.get(pool.vnetSubnetID) : undefined;
    const cidr = parseRange((subnet && subnetPrefixes(subnet)[0]) ?? '10.224.0.0/16')!;
    const offset = taken.get(String(pool.vnetSubnetID)) ?? 0;
    taken.set(String(pool.vnetSubnetID), offset + (pool.count ?? 0));
    const zones: string[] = (pool.availabilityZones ?? []).map(String).sort();
    return Array.from({ length: pool.count ?? 0 }, (_, i) => ({
      name: `${scaleSetName(cluster, pool.name)}${i.toString(36).padStart(6, '0')}`,
      version: `v${pool.currentOrchestratorVersion ?? cluster.properties?.currentKubernetesVersion}`,
      ip: formatIp(firstUsable(cidr) + offset + i),
      createdAt,
      pool: pool.name,
      mode: pool.mode ?? 'User',
      zone: zones.length ? `${cluster.location}-${zones[i % zones.length]}` : '0',
      taints: (pool.nodeTaints ?? []).map(String),
    }));
  });
}

/** A pod without tolerations lands only on nodes with no NoSchedule/NoExecute taint. */
export function schedulable(node: KubeNode): boolean {
  return !node.taints.some((t) => /:(NoSchedule|NoExecute)$/.test(t));
}

/** AKS's add-ons as a current cluster runs them. */
export function systemWorkloads(cluster: ArmResource, createdAt: number, nodeCount: number): Workload[] {
  const net = cluster.properties?.networkProfile ?? {};
  const cilium = net.networkDataplane === 'cilium' || net.networkPolicy === 'cilium';
  const deploy = (name: string, replicas: number, image: string): Workload => ({
    namespace: 'kube-system',
    kind: 'Deployment',
    name,
    replicas,
    image,
    createdAt,
  });
  const daemon = (name: string, image: string): Workload => ({
    namespace: 'kube-system',
    kind: 'DaemonSet',
    name,
    replicas: nodeCount,
    image,
    createdAt,
  });
  const mcr = 'mcr.microsoft.com/oss/v2/kubernetes';
  return [
    deploy('coredns', 2, `${mcr}/coredns:v1.12.1-1`),
    deploy('coredns-autoscaler', 1, `${mcr}/autoscaler/cluster-proportional-autoscaler:v1.9.0-1`),
    deploy('konnectivity-agent', 2, `${mcr}/apiserver-network-proxy/agent:v0.31.4-1`),
    deploy('metrics-server', 2, `${mcr}/metrics-server:v0.7.2-7`),
    ...(cilium ? [deploy('cilium-operator', 2, 'mcr.microsoft.com/oss/v2/cilium/operator-generic:v1.17.7-1')] : []),
    daemon('azure-cns', 'mcr.microsoft.com/containernetworking/azure-cns:v1.6.33'),
    daemon('azure-ip-masq-agent', `${mcr}/ip-masq-agent:v0.1.15-2`),
    daemon('cloud-node-manager', 'mcr.microsoft.com/oss/kubernetes/azure-cloud-node-manager:v1.33.2'),
    daemon('csi-azuredisk-node', 'mcr.microsoft.com/oss/v2/kubernetes-csi/azuredisk-csi:v1.33.4'),
    daemon('csi-azurefile-node', 'mcr.microsoft.com/oss/v2/kubernetes-csi/azurefile-csi:v1.33.4'),
    ...(cilium
      ? [daemon('cilium', 'mcr.microsoft.com/oss/v2/cilium/cilium:v1.17.7-1')]
      : [daemon('kube-proxy', `${mcr}/kube-proxy:v1.33.3-akslts`)]),
    ...(net.networkPolicy === 'azure' ? [daemon('azure-npm', 'mcr.microsoft.com/containernetworking/azure-npm:v1.6.29')] : []),
  ];
}

/** The registry a container image comes from (Docker Hub for short names such as `nginx`). */
export function registryOf(image: string): string {
  const first = image.split('/')[0];
  const hasRegistry = image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  return hasRegistry ? first.split(':')[0].toLowerCase() : 'docker.io';
}

/** Hosts a pull must reach: the registry and, for MCR and Docker Hub, their data/auth endpoints. */
export function pullHosts(image: string, region: string): string[] {
  const registry = registryOf(image);
  if (registry === 'docker.io') return ['registry-1.docker.io', 'auth.docker.io', 'production.cloudflare.docker.com'];
  if (registry === 'mcr.microsoft.com') return ['mcr.microsoft.com', `${region}.data.mcr.microsoft.com`];
  return [registry];
}

export function imagePullAllowed(store: Store, cluster: ArmResource, image: string): boolean {
  return pullHosts(image, cluster.location ?? 'eastus').every((host) => nodeEgressVerdict(store, cluster, host)?.allowed !== false);
}

function podSuffix(seed: string): string {
  return shortHash(seed, 5).replace(/[0-9]/g, (d) => 'bcdfghjklm'[Number(d)]);
}

export function replicaSetHash(w: Workload): string {
  return shortHash(`${w.namespace}/${w.name}/${w.image}`, 10).replace(/^[0-9]/, 'b');
}

export function userWorkloads(state: ClusterState): Workload[] {
  return (state.deployments ?? []).map((d) => ({ ...d, kind: 'Deployment' as const }));
}

export function podsOf(store: Store, cluster: ArmResource, workloads: Workload[], nodes: KubeNode[]): Pod[] {
  const podCidr = parseRange(cluster.properties?.networkProfile?.podCidr ?? '10.244.0.0/16')!;
  let n = 0;
  // AKS's own pods tolerate CriticalAddonsOnly (and DaemonSets every taint); a user's workload does not.
  const open = nodes.filter(schedulable);
  return workloads.flatMap((w) => {
    const pulls = w.namespace === 'kube-system' || imagePullAllowed(store, cluster, w.image);
    const candidates = w.namespace === 'kube-system' ? nodes : open;
    const unreachable = w.needs?.find((host) => nodeEgressVerdict(store, cluster, host)?.allowed === false);
    return Array.from({ length: w.replicas }, (_, i) => {
      const node: KubeNode | undefined = candidates[(w.kind === 'DaemonSet' ? i : i + n) % Math.max(candidates.length, 1)];
      const name =
        w.kind === 'DaemonSet'
          ? `${w.name}-${podSuffix(`${w.name}/${node?.name}`)}`
          : `${w.name}-${replicaSetHash(w)}-${podSuffix(`${w.name}/${i}`)}`;
      n++;
      const hostNetwork = w.kind === 'DaemonSet';
      return {
        namespace: w.namespace,
        name,
        owner: w,
        status: !node
          ? ('Pending' as const)
          : !pulls
            ? ('ImagePullBackOff' as const)
            : unreachable
              ? ('CrashLoopBackOff' as const)
              : ('Running' as const),
        ...(node && pulls && unreachable ? { unreachable } : {}),
        node: node?.name ?? '<none>',
        ip: !node ? '' : hostNetwork ? node.ip : formatIp(podCidr.network + 256 * Math.max(nodes.indexOf(node), 0) + 10 + n),
        createdAt: w.createdAt,
      };
    });
  });
}

export function serviceCidrAddress(cluster: ArmResource, offset: number): string {
  const cidr = parseRange(cluster.properties?.networkProfile?.serviceCidr ?? '10.0.0.0/16')!;
  return formatIp(cidr.network + offset);
}

/** kubectl create deployment names the container after the image: `mcr.../nginx/nginx:1.27` -> nginx. */
export function containerName(image: string): string {
  return (image.split('/').pop() ?? image).split(/[:@]/)[0];
}
