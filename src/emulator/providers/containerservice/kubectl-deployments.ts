/** kubectl create deployment / rollout status / delete deployment against the cluster's stored deployments. */
import type { StoredDeployment } from './kube-state.js';
import { clusterView, readyCount } from './kubectl-get.js';
import { flag, namespaceOf, type KubectlContext, type KubectlResult, type ParsedArgs } from './kubectl-args.js';

const NAME_RULE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function find(kc: KubectlContext, ns: string, name: string): StoredDeployment | undefined {
  return (kc.state.deployments ?? []).find((d) => d.namespace === ns && d.name === name);
}

function namespaceExists(kc: KubectlContext, ns: string): boolean {
  return ['default', 'kube-system', 'kube-public', 'kube-node-lease', ...(kc.state.namespaces ?? [])].includes(ns);
}

export function createDeployment(args: ParsedArgs, kc: KubectlContext): KubectlResult {
  const name = args.positional[0];
  const image = flag(args, '--image');
  const ns = namespaceOf(args);
  if (!name)
    return { exitCode: 1, logs: "error: exactly one NAME is required, got 0\nSee 'kubectl create deployment -h' for help and examples\n" };
  if (typeof image !== 'string' || !image) return { exitCode: 1, logs: 'error: required flag(s) "image" not set\n' };
  if (!NAME_RULE.test(name) || name.length > 63) {
    return {
      exitCode: 1,
      logs: `The Deployment "${name}" is invalid: metadata.name: Invalid value: "${name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'\n`,
    };
  }
  if (!namespaceExists(kc, ns)) return { exitCode: 1, logs: `error: failed to create deployment: namespaces "${ns}" not found\n` };
  if (find(kc, ns, name)) return { exitCode: 1, logs: `error: failed to create deployment: deployments.apps "${name}" already exists\n` };
  const replicasFlag = flag(args, '-r', '--replicas');
  const replicas = typeof replicasFlag === 'string' ? Number(replicasFlag) : 1;
  if (!Number.isInteger(replicas) || replicas < 0)
    return { exitCode: 1, logs: `error: invalid argument "${replicasFlag}" for "-r, --replicas" flag\n` };
  (kc.state.deployments ??= []).push({ namespace: ns, name, image, replicas, createdAt: kc.now });
  return { exitCode: 0, logs: `deployment.apps/${name} created\n` };
}

export function rolloutStatus(args: ParsedArgs, kc: KubectlContext): KubectlResult {
  const [first, second] = args.positional;
  const target = first?.includes('/') ? first : `${first}/${second ?? ''}`;
  const [kind, name] = target.split('/');
  if (!['deployment', 'deployments', 'deploy'].includes(kind) || !name) {
    return { exitCode: 1, logs: 'error: you must provide a resource and name, e.g. deployment/NAME\n' };
  }
  const ns = namespaceOf(args);
  const view = clusterView(kc);
  const w = view.workloads.find((x) => x.kind === 'Deployment' && x.namespace === ns && x.name === name);
  if (!w) return { exitCode: 1, logs: `Error from server (NotFound): deployments.apps "${name}" not found\n` };
  const ready = readyCount(view.pods.filter((p) => p.owner === w));
  if (ready === w.replicas) return { exitCode: 0, logs: `deployment "${name}" successfully rolled out\n` };
  const waiting = `Waiting for deployment "${name}" rollout to finish: ${ready} of ${w.replicas} updated replicas are available...\n`;
  return { exitCode: 1, logs: `${waiting}error: timed out waiting for the condition\n` };
}

export function deleteDeployment(args: ParsedArgs, kc: KubectlContext): KubectlResult {
  const ns = namespaceOf(args);
  const logs: string[] = [];
  let exitCode = 0;
  for (const name of args.positional) {
    const index = (kc.state.deployments ?? []).findIndex((d) => d.namespace === ns && d.name === name);
    if (index < 0) {
      logs.push(`Error from server (NotFound): deployments.apps "${name}" not found`);
      exitCode = 1;
    } else {
      kc.state.deployments!.splice(index, 1);
      logs.push(`deployment.apps "${name}" deleted`);
    }
  }
  if (args.positional.length === 0) return { exitCode: 1, logs: 'error: resource(s) were provided, but no name was specified\n' };
  return { exitCode, logs: logs.join('\n') + '\n' };
}
