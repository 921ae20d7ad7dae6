import { SecureAksError } from '../core/errors.js';
import type { Step, StepContext } from '../engine/step.js';
import { retryLoop, RETRY_POLICIES } from '../azure/retry.js';
import { azureCall, getOrUndefined } from '../azure/errors.js';
import { parseNodes, parsePods, type NodeState, type PodState } from '../kube/parse.js';
import { kubectlOk } from '../kube/run.js';
import { failingChecks, inClusterOnly, STEP_CHECKS } from '../verify/index.js';
import { healthyPods, podScope } from '../verify/checks/in-cluster.js';
import { nodeCountProblems } from './desired/cluster-pools.js';

/** Both commands in one runCommand call: each call starts a pod in the cluster, which takes a while. */
const COMMAND = 'kubectl get nodes && kubectl get all --all-namespaces';
/** States a fresh cluster passes through on its own; worth waiting for before calling it unhealthy. */
const SETTLING = /^(Pending|ContainerCreating|PodInitializing|Init:.*|Terminating|NotReady)$/;

interface HealthReport {
  nodes: NodeState[];
  pods: PodState[];
  problems: string[];
  settling: boolean;
}

/**
 * Judged by verify's in-cluster checks (nodes Ready, pods healthy) on this command's output, plus what
 * only the wizard knows: how many nodes it asked for in each pool.
 */
async function assess(ctx: StepContext): Promise<HealthReport> {
  const logs = await kubectlOk(
    ctx,
    COMMAND,
    'Reading the cluster state',
    'Check that the cluster is running (az aks show), then run `secure-aks status --resume`.',
  );
  const result = { command: COMMAND, ok: true, exitCode: 0, logs };
  const where = { subscriptionId: ctx.azure.subscriptionId, resourceGroup: ctx.config.resourceGroup, clusterName: ctx.names.cluster };
  const problems = failingChecks(inClusterOnly(where, { nodes: result, systemPods: result }), STEP_CHECKS.health).map(
    (c) => `${c.evidence} [${c.id}]`,
  );
  const nodes = parseNodes(logs);
  const pods = parsePods(logs);
  problems.unshift(
    ...nodeCountProblems(
      ctx.config,
      nodes.map((n) => n.name),
    ),
  );
  const stuck = [...nodes.filter((n) => !n.ready).map((n) => n.status), ...pods.filter((p) => !p.healthy).map((p) => p.status)];
  return { nodes, pods, problems, settling: stuck.every((s) => SETTLING.test(s)) };
}

/** Assesses, waiting a little while the only problems are states a new cluster leaves by itself. */
async function assessSettled(ctx: StepContext): Promise<HealthReport> {
  const { attempts, pollIntervals } = RETRY_POLICIES.clusterSettling;
  const report = await retryLoop({
    signal: ctx.signal,
    attempt: () => assess(ctx),
    next: (outcome, n) => {
      if ('error' in outcome || n >= attempts || outcome.value.problems.length === 0 || !outcome.value.settling) return undefined;
      ctx.progress(`waiting for the cluster to settle: ${outcome.value.problems.join('; ')}`);
      return { delayMs: ctx.azure.pollIntervalMs * pollIntervals };
    },
  });
  if (report.problems.length > 0) {
    throw new SecureAksError('ClusterNotHealthy', `Cluster ${ctx.names.cluster} is not healthy: ${report.problems.join(' ')}`, {
      source: 'azure',
      remediation:
        'Pods stuck in ImagePullBackOff usually mean the firewall does not allow their registry; nodes NotReady usually mean a ' +
        'required FQDN is blocked. Inspect with `az aks command invoke`, fix the cause, then run `secure-aks status --resume`.',
    });
  }
  return report;
}

/** The report apply just produced, so the engine's verify right after it does not run the same commands again. */
const fresh = new WeakMap<StepContext, HealthReport>();

export const step: Step = {
  number: 9,
  id: 'health',
  title: 'Cluster health (kubectl through runCommand)',
  dependsOn: ['cluster'],

  // Changes nothing in Azure: the checks run in apply and verify through runCommand (a POST action, never
  // a PUT). Before the cluster runs, `plan` shows the check as a read, never as something to create.
  async check(ctx) {
    const aks = await ctx.azure.containerService();
    const cluster = await azureCall(`Reading cluster ${ctx.names.cluster}`, () =>
      getOrUndefined(() => aks.managedClusters.get(ctx.config.resourceGroup, ctx.names.cluster)),
    );
    if (cluster?.provisioningState === 'Succeeded') return [];
    return [
      {
        action: 'read',
        resourceType: 'Microsoft.ContainerService/managedClusters/commandResults',
        name: `${ctx.names.cluster}: ${COMMAND}`,
      },
    ];
  },

  async apply(ctx) {
    const report = await assessSettled(ctx);
    fresh.set(ctx, report);
    ctx.progress(`${report.nodes.length} node(s) Ready, ${healthyPods(report.pods.length, COMMAND)}`);
    return { nodesReady: report.nodes.length, podsHealthy: report.pods.length, podsCounted: podScope(COMMAND) };
  },

  async verify(ctx) {
    if (fresh.has(ctx)) {
      fresh.delete(ctx);
      return;
    }
    await assessSettled(ctx);
  },
};
