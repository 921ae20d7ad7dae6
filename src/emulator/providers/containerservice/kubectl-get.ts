/** `kubectl get` for nodes, namespaces, pods, deployments and `all`, in kubectl's table (or JSON) output. */
import { age, table } from './kube-format.js';
import {
  BASE_NAMESPACES,
  containerName,
  nodesOf,
  podsOf,
  replicaSetHash,
  serviceCidrAddress,
  systemWorkloads,
  userWorkloads,
  type KubeNode,
  type Pod,
  type Workload,
} from './kube-state.js';
import { flag, namespaceOf, type KubectlContext, type KubectlResult, type ParsedArgs } from './kubectl-args.js';
import { deploymentJson, nodeJson, podJson } from './kube-json.js';
import { addonClusterWorkloads, addonNamespaces, crashRestarts } from './addon-workloads.js';

export interface ClusterView {
  nodes: KubeNode[];
  workloads: Workload[];
  pods: Pod[];
}

export function clusterView(kc: KubectlContext): ClusterView {
  const createdAt = kc.state.createdAt ?? kc.now;
  const nodes = nodesOf(kc.store, kc.cluster, createdAt);
  const workloads = [
    ...systemWorkloads(kc.cluster, createdAt, nodes.length),
    ...addonClusterWorkloads(kc.cluster, createdAt, nodes.length),
    ...userWorkloads(kc.state),
  ];
  return { nodes, workloads, pods: podsOf(kc.store, kc.cluster, workloads, nodes) };
}

export function readyCount(pods: Pod[]): number {
  return pods.filter((p) => p.status === 'Running').length;
}

function podsOfWorkload(view: ClusterView, w: Workload): Pod[] {
  return view.pods.filter((p) => p.owner === w);
}

function scope(args: ParsedArgs): { all: boolean; ns: string } {
  return { all: flag(args, '-A', '--all-namespaces') === true, ns: namespaceOf(args) };
}

function inScope(s: { all: boolean; ns: string }, namespace: string): boolean {
  return s.all || namespace === s.ns;
}

/** Rows with a NAMESPACE column only under -A, as kubectl prints them. */
function render(s: { all: boolean; ns: string }, header: string[], rows: Array<{ ns: string; cells: string[] }>): string {
  if (rows.length === 0) return s.all ? 'No resources found\n' : `No resources found in ${s.ns} namespace.\n`;
  return (
    table(
      s.all ? ['NAMESPACE', ...header] : header,
      rows.map((r) => (s.all ? [r.ns, ...r.cells] : r.cells)),
    ) + '\n'
  );
}

/** RESTARTS as kubectl prints it: a crash-looping pod shows its count and when it last restarted. */
function restarts(kc: KubectlContext, p: Pod): string {
  if (p.status !== 'CrashLoopBackOff') return '0';
  const { restarts: n, lastMs } = crashRestarts(p.createdAt, kc.now);
  return `${n} (${age(lastMs, kc.now)} ago)`;
}

function podRows(kc: KubectlContext, pods: Pod[], prefix = ''): Array<{ ns: string; cells: string[] }> {
  return pods.map((p) => {
    const containers = p.owner.containers ?? 1;
    return {
      ns: p.namespace,
      cells: [
        prefix + p.name,
        `${p.status === 'Running' ? containers : 0}/${containers}`,
        p.status,
        restarts(kc, p),
        age(p.createdAt, kc.now),
      ],
    };
  });
}

function getNodes(args: ParsedArgs, kc: KubectlContext, view: ClusterView): string {
  if (flag(args, '-o', '--output') === 'json')
    return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: view.nodes.map(nodeJson) }, null, 4) + '\n';
  const wide = flag(args, '-o', '--output') === 'wide';
  const header = [
    'NAME',
    'STATUS',
    'ROLES',
    'AGE',
    'VERSION',
    ...(wide ? ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'] : []),
  ];
  const rows = view.nodes.map((n) => [
    n.name,
    'Ready',
    '<none>',
    age(n.createdAt, kc.now),
    n.version,
    ...(wide ? [n.ip, '<none>', 'Ubuntu 22.04.5 LTS', '5.15.0-1092-azure', 'containerd://1.7.28-1'] : []),
  ]);
  return table(header, rows) + '\n';
}

function getAll(args: ParsedArgs, kc: KubectlContext, view: ClusterView): string {
  const s = scope(args);
  const sections: string[] = [];
  const pods = view.pods.filter((p) => inScope(s, p.namespace));
  if (pods.length) sections.push(render(s, ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], podRows(kc, pods, 'pod/')));
  const created = kc.state.createdAt ?? kc.now;
  const services = [
    {
      ns: 'default',
      cells: ['service/kubernetes', 'ClusterIP', serviceCidrAddress(kc.cluster, 1), '<none>', '443/TCP', age(created, kc.now)],
    },
    {
      ns: 'kube-system',
      cells: [
        'service/kube-dns',
        'ClusterIP',
        kc.cluster.properties?.networkProfile?.dnsServiceIP ?? '10.0.0.10',
        '<none>',
        '53/UDP,53/TCP',
        age(created, kc.now),
      ],
    },
    {
      ns: 'kube-system',
      cells: ['service/metrics-server', 'ClusterIP', serviceCidrAddress(kc.cluster, 146), '<none>', '443/TCP', age(created, kc.now)],
    },
  ].filter((r) => inScope(s, r.ns));
  if (services.length) sections.push(render(s, ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'], services));
  const daemonSets = view.workloads.filter((w) => w.kind === 'DaemonSet' && inScope(s, w.namespace));
  if (daemonSets.length) {
    const rows = daemonSets.map((w) => {
      const ready = String(readyCount(podsOfWorkload(view, w)));
      return {
        ns: w.namespace,
        cells: [
          `daemonset.apps/${w.name}`,
          String(w.replicas),
          String(w.replicas),
          ready,
          String(w.replicas),
          ready,
          'kubernetes.io/os=linux',
          age(w.createdAt, kc.now),
        ],
      };
    });
    sections.push(render(s, ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'], rows));
  }
  const deployments = view.workloads.filter((w) => w.kind === 'Deployment' && inScope(s, w.namespace));
  if (deployments.length) {
    const rows = deployments.map((w) => {
      const ready = readyCount(podsOfWorkload(view, w));
      return {
        ns: w.namespace,
        cells: [`deployment.apps/${w.name}`, `${ready}/${w.replicas}`, String(w.replicas), String(ready), age(w.createdAt, kc.now)],
      };
    });
    sections.push(render(s, ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'], rows));
    const rsRows = deployments.map((w) => {
      const ready = String(readyCount(podsOfWorkload(view, w)));
      return {
        ns: w.namespace,
        cells: [`replicaset.apps/${w.name}-${replicaSetHash(w)}`, String(w.replicas), String(w.replicas), ready, age(w.createdAt, kc.now)],
      };
    });
    sections.push(render(s, ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'], rsRows));
  }
  if (sections.length === 0) return s.all ? 'No resources found\n' : `No resources found in ${s.ns} namespace.\n`;
  return sections.join('\n');
}

function selectorMatches(selector: string | true | undefined, p: Pod): boolean {
  if (typeof selector !== 'string') return true;
  return selector.split(',').every((term) => {
    const [key, value] = term.split('=');
    return key === 'app' || key === 'k8s-app' ? p.owner.name === value : false;
  });
}

function getPods(args: ParsedArgs, kc: KubectlContext, view: ClusterView): string {
  const s = scope(args);
  const pods = view.pods.filter((p) => inScope(s, p.namespace) && selectorMatches(flag(args, '-l', '--selector'), p));
  if (flag(args, '-o', '--output') === 'json')
    return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: pods.map((p) => podJson(p, kc)) }, null, 4) + '\n';
  return render(s, ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], podRows(kc, pods));
}

function getDeployments(args: ParsedArgs, kc: KubectlContext, view: ClusterView, name?: string): KubectlResult {
  const s = scope(args);
  const all = view.workloads.filter((w) => w.kind === 'Deployment' && inScope(s, w.namespace) && (!name || w.name === name));
  if (name && all.length === 0) return { exitCode: 1, logs: `Error from server (NotFound): deployments.apps "${name}" not found\n` };
  const output = flag(args, '-o', '--output');
  if (output === 'json') {
    const docs = all.map((w) => deploymentJson(w, podsOfWorkload(view, w), kc));
    return { exitCode: 0, logs: JSON.stringify(name ? docs[0] : { apiVersion: 'v1', kind: 'List', items: docs }, null, 4) + '\n' };
  }
  const wide = output === 'wide';
  const rows = all.map((w) => {
    const ready = readyCount(podsOfWorkload(view, w));
    return {
      ns: w.namespace,
      cells: [
        w.name,
        `${ready}/${w.replicas}`,
        String(w.replicas),
        String(ready),
        age(w.createdAt, kc.now),
        ...(wide ? [containerName(w.image), w.image, `app=${w.name}`] : []),
      ],
    };
  });
  const header = ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', ...(wide ? ['CONTAINERS', 'IMAGES', 'SELECTOR'] : [])];
  return { exitCode: 0, logs: render(s, header, rows) };
}

export function kubectlGet(args: ParsedArgs, kc: KubectlContext): KubectlResult {
  const [kind, name] = args.positional;
  const view = clusterView(kc);
  switch (kind) {
    case 'nodes':
    case 'node':
    case 'no':
      return { exitCode: 0, logs: getNodes(args, kc, view) };
    case 'all':
      return { exitCode: 0, logs: getAll(args, kc, view) };
    case 'pods':
    case 'pod':
    case 'po':
      return { exitCode: 0, logs: getPods(args, kc, view) };
    case 'deployments':
    case 'deployment':
    case 'deploy':
      return getDeployments(args, kc, view, name);
    case 'namespaces':
    case 'namespace':
    case 'ns': {
      const names = [...BASE_NAMESPACES, ...addonNamespaces(kc.cluster), ...(kc.state.namespaces ?? [])].sort();
      const created = kc.state.createdAt ?? kc.now;
      return {
        exitCode: 0,
        logs:
          table(
            ['NAME', 'STATUS', 'AGE'],
            names.map((n) => [n, 'Active', age(created, kc.now)]),
          ) + '\n',
      };
    }
    case undefined:
      return {
        exitCode: 1,
        logs: 'error: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl get -h\' for help and examples\n',
      };
    default:
      return { exitCode: 1, logs: `error: the server doesn't have a resource type "${kind}"\n` };
  }
}
