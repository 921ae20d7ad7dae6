import type { AzureClients } from '../azure/types.js';
import { ALLOWED_URL, BLOCKED_URL, parseProbe, probeCommand } from '../kube/egress-probe.js';
import { runKubectl, type KubectlResult } from '../kube/run.js';
import type { Evidence, InClusterCommandEvidence, InClusterEvidence } from './evidence.js';

export interface InClusterTarget {
  azure: AzureClients;
  resourceGroup: string;
  clusterName: string;
  signal?: AbortSignal;
  progress?: (message: string) => void;
}

/**
 * Nodes and system pods in one runCommand call (each call starts a command pod, which takes a while on
 * Azure). `;`, not `&&`: the pod list is worth having even when the node list fails.
 */
export const HEALTH_COMMAND = 'kubectl get nodes; kubectl get pods -n kube-system';

export const commandEvidence = (r: KubectlResult): InClusterCommandEvidence => ({
  command: r.command,
  ok: r.exitCode === 0,
  exitCode: r.exitCode,
  logs: r.logs,
});

/** The egress proof as evidence: what each probe pod's curl printed (see probeCommand). */
export function egressEvidence(probe: InClusterCommandEvidence): NonNullable<InClusterEvidence['egress']> {
  const logs = probe.logs ?? '';
  return {
    ...probe,
    allowed: { url: ALLOWED_URL, httpCode: parseProbe(logs, 'allowed') },
    blocked: { url: BLOCKED_URL, httpCode: parseProbe(logs, 'blocked') },
  };
}

/** Evidence holding only in-cluster results: what steps 9 and 10 judge with the in-cluster checks. */
export function inClusterOnly(
  where: Pick<Evidence, 'subscriptionId' | 'resourceGroup' | 'clusterName'>,
  inCluster: InClusterEvidence,
): Evidence {
  return { ...where, readErrors: [], inCluster };
}

export async function runInCluster(target: InClusterTarget, command: string): Promise<InClusterCommandEvidence> {
  const kubectl = {
    azure: target.azure,
    config: { resourceGroup: target.resourceGroup },
    names: { cluster: target.clusterName },
    signal: target.signal ?? new AbortController().signal,
    progress: target.progress ?? (() => undefined),
  };
  try {
    return commandEvidence(await runKubectl(kubectl, command));
  } catch (error) {
    if (kubectl.signal.aborted) throw error; // Ctrl-C ends the audit; it is not a finding
    // The audit goes on: the in-cluster checks report a command that could not run as failed.
    const e = error as { code?: string; message?: string };
    return { command, ok: false, error: `${e.code ? `${e.code}: ` : ''}${e.message ?? String(error)}` };
  }
}

/**
 * Node and system pod state, then the egress proof shared with step 10: short-lived MCR pods, one
 * towards an allowed URL and one towards a URL no rule allows.
 */
export async function collectInCluster(target: InClusterTarget): Promise<InClusterEvidence> {
  const health = await runInCluster(target, HEALTH_COMMAND);
  const probe = await runInCluster(target, probeCommand('default'));
  return { nodes: health, systemPods: health, egress: egressEvidence(probe) };
}
