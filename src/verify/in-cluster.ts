import type { AzureClients } from '../azure/types.js';
import type { StepContext } from '../engine/step.js';
import { ALLOWED_URL, BLOCKED_URL, parseProbe, probeCommand } from '../steps/lib/kube-egress-probe.js';
import { runKubectl } from '../steps/lib/kube-run.js';
import type { InClusterCommandEvidence, InClusterEvidence } from './evidence.js';

export interface InClusterTarget {
  azure: AzureClients;
  resourceGroup: string;
  clusterName: string;
  signal?: AbortSignal;
  progress?: (message: string) => void;
}

async function run(target: InClusterTarget, command: string): Promise<InClusterCommandEvidence> {
  // runKubectl reads only these members of a step context (azure, config.resourceGroup, names.cluster, signal, progress).
  const ctx = {
    azure: target.azure,
    config: { resourceGroup: target.resourceGroup },
    names: { cluster: target.clusterName },
    signal: target.signal ?? new AbortController().signal,
    progress: target.progress ?? (() => undefined),
  } as unknown as StepContext;
  try {
    const r = await runKubectl(ctx, command);
    return { command, ok: r.exitCode === 0, exitCode: r.exitCode, logs: r.logs };
  } catch (error) {
    const e = error as { code?: string; message?: string };
    return { command, ok: false, error: `${e.code ? `${e.code}: ` : ''}${e.message ?? String(error)}` };
  }
}

/**
 * Node and system pod state, then the egress proof shared with step 10: short-lived MCR pods, one
 * towards an allowed URL and one towards a URL no rule allows.
 */
export async function collectInCluster(target: InClusterTarget): Promise<InClusterEvidence> {
  const nodes = await run(target, 'kubectl get nodes');
  const systemPods = await run(target, 'kubectl get pods -n kube-system');
  const probe = await run(target, probeCommand('default'));
  const logs = probe.logs ?? '';
  return {
    nodes,
    systemPods,
    egress: { ...probe, allowed: { url: ALLOWED_URL, httpCode: parseProbe(logs, 'allowed') }, blocked: { url: BLOCKED_URL, httpCode: parseProbe(logs, 'blocked') } },
  };
}
