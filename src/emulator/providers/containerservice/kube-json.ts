/** The JSON documents `kubectl get ... -o json` prints for pods and deployments (the fields tools read). */
import { containerName, replicaSetHash, type KubeNode, type Pod, type Workload } from './kube-state.js';
import type { KubectlContext } from './kubectl-args.js';
import { crashRestarts } from './addon-workloads.js';

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A node with the labels AKS sets (pool, mode, zone) and its pool's taints. */
export function nodeJson(n: KubeNode): Record<string, unknown> {
  const taints = n.taints.map((t) => {
    const [kv, effect] = t.split(':');
    const [key, value] = kv.split('=');
    return { key, value, effect };
  });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      labels: {
        agentpool: n.pool,
        'kubernetes.azure.com/agentpool': n.pool,
        'kubernetes.azure.com/mode': n.mode.toLowerCase(),
        'topology.kubernetes.io/zone': n.zone,
        'kubernetes.io/os': 'linux',
      },
    },
    spec: taints.length ? { taints } : {},
    status: { conditions: [{ type: 'Ready', status: 'True' }], addresses: [{ type: 'InternalIP', address: n.ip }] },
  };
}

/** Why the scheduler left a pod Pending, in its event's words. */
function unschedulable(kc: KubectlContext): string {
  return `0/${kc.cluster.properties?.agentPoolProfiles?.reduce((a: number, p: any) => a + (p.count ?? 0), 0) ?? 0} nodes are available: node(s) had untolerated taint {CriticalAddonsOnly: true}.`;
}

export function podJson(p: Pod, kc: KubectlContext): Record<string, unknown> {
  if (p.status === 'Pending') {
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: p.name, namespace: p.namespace, labels: { app: p.owner.name }, creationTimestamp: iso(p.createdAt) },
      spec: { containers: [{ name: containerName(p.owner.image), image: p.owner.image }] },
      status: {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: unschedulable(kc) }],
      },
    };
  }
  const running = p.status === 'Running';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: p.name, namespace: p.namespace, labels: { app: p.owner.name }, creationTimestamp: iso(p.createdAt) },
    spec: { nodeName: p.node, containers: [{ name: containerName(p.owner.image), image: p.owner.image }] },
    status: {
      phase: running ? 'Running' : 'Pending',
      podIP: p.ip,
      startTime: iso(p.createdAt),
      conditions: [{ type: 'Ready', status: running ? 'True' : 'False', lastTransitionTime: iso(kc.now) }],
      containerStatuses: [
        {
          name: containerName(p.owner.image),
          image: p.owner.image,
          ready: running,
          restartCount: p.status === 'CrashLoopBackOff' ? crashRestarts(p.createdAt, kc.now).restarts : 0,
          state: running
            ? { running: { startedAt: iso(p.createdAt) } }
            : p.status === 'CrashLoopBackOff'
              ? {
                  waiting: {
                    reason: 'CrashLoopBackOff',
                    message: `back-off restarting failed container ${containerName(p.owner.image)}: ${p.unreachable}:443 unreachable`,
                  },
                }
              : { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${p.owner.image}"` } },
        },
      ],
    },
  };
}

export function deploymentJson(w: Workload, pods: Pod[], kc: KubectlContext): Record<string, unknown> {
  const ready = pods.filter((p) => p.status === 'Running').length;
  const available = ready === w.replicas;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: w.name,
      namespace: w.namespace,
      labels: { app: w.name },
      creationTimestamp: iso(w.createdAt),
      annotations: { 'deployment.kubernetes.io/revision': '1' },
      generation: 1,
    },
    spec: {
      replicas: w.replicas,
      selector: { matchLabels: { app: w.name } },
      template: { metadata: { labels: { app: w.name } }, spec: { containers: [{ name: containerName(w.image), image: w.image }] } },
    },
    status: {
      observedGeneration: 1,
      replicas: w.replicas,
      updatedReplicas: w.replicas,
      ...(ready ? { readyReplicas: ready, availableReplicas: ready } : { unavailableReplicas: w.replicas }),
      conditions: [
        {
          type: 'Available',
          status: available ? 'True' : 'False',
          reason: available ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
          lastUpdateTime: iso(kc.now),
        },
        {
          type: 'Progressing',
          status: 'True',
          reason: available ? 'NewReplicaSetAvailable' : 'ReplicaSetUpdated',
          message: `ReplicaSet "${w.name}-${replicaSetHash(w)}" ${available ? 'has successfully progressed' : 'is progressing'}.`,
          lastUpdateTime: iso(kc.now),
        },
      ],
    },
  };
}
