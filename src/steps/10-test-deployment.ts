import { SecureAksError } from '../core/errors.js';
import type { Change, StepOutputs } from '../core/step.js';
import type { Step, StepContext } from '../engine/step.js';
import { azureCall, getOrUndefined } from '../azure/errors.js';
import { needsWrite } from './desired/diff.js';
import { PROBE_IMAGE, probeCommand } from '../kube/egress-probe.js';
import { parseTables } from '../kube/parse.js';
import { kubectlRead, runKubectl, tail } from '../kube/run.js';
import { egressEvidence, failingChecks, inClusterOnly, STEP_CHECKS } from '../verify/index.js';
import { offPool, USER_POOL } from './desired/cluster-pools.js';

export const TEST_NAMESPACE = 'secure-aks-test';
export const TEST_DEPLOYMENT = 'secure-aks-nginx';
/**
 * nginx from MCR (Azure Linux's build). The 2020 article pulls `nginx` from Docker Hub, which this egress
 * lockdown blocks: the pod would sit in ImagePullBackOff.
 */
export const TEST_IMAGE = 'mcr.microsoft.com/azurelinux/base/nginx:1.25';

const NS_TYPE = 'Kubernetes/namespaces';
const DEPLOY_TYPE = 'Kubernetes/deployments.apps';
const DEPLOY_NAME = `${TEST_NAMESPACE}/${TEST_DEPLOYMENT}`;
const COMMAND_RESULTS_TYPE = 'Microsoft.ContainerService/managedClusters/commandResults';
const REMEDIATION =
  'Check that the firewall allows mcr.microsoft.com and *.data.mcr.microsoft.com (step 4), then run `secure-aks status --resume`.';

/**
 * Reads the namespace and the deployment (one runCommand). Before the cluster runs, both are creations
 * (real objects in the cluster, kept until destroy) and the egress proof is a read-only check: its probe
 * pods are removed as soon as they answer (`kubectl run --rm`).
 */
async function inspect(ctx: StepContext): Promise<Change[]> {
  const aks = await ctx.azure.containerService();
  const cluster = await azureCall(`Reading cluster ${ctx.names.cluster}`, () =>
    getOrUndefined(() => aks.managedClusters.get(ctx.config.resourceGroup, ctx.names.cluster)),
  );
  const notReadable = (): Change[] => [
    { action: 'create', resourceType: NS_TYPE, name: TEST_NAMESPACE },
    { action: 'create', resourceType: DEPLOY_TYPE, name: DEPLOY_NAME },
    {
      action: 'read',
      resourceType: COMMAND_RESULTS_TYPE,
      name: `${ctx.names.cluster}: egress proof, one allowed and one denied request`,
    },
  ];
  if (cluster?.provisioningState !== 'Succeeded') return notReadable();
  const logs = await kubectlRead(
    ctx,
    `kubectl get namespaces && kubectl get deployments -n ${TEST_NAMESPACE} -o wide`,
    'Reading the test deployment',
    REMEDIATION,
  );
  // Refused by Azure RBAC: nothing in the cluster can be read until step 5's role assignment applies.
  if (logs === undefined) return notReadable();
  const tables = parseTables(logs);
  const namespaces = tables.find((t) => t.columns.includes('STATUS') && !t.columns.includes('READY'))?.rows ?? [];
  const deployment = tables.find((t) => t.columns.includes('IMAGES'))?.rows.find((r) => r.NAME === TEST_DEPLOYMENT);
  const nsExists = namespaces.some((r) => r.NAME === TEST_NAMESPACE);
  const image = deployment?.IMAGES;
  return [
    nsExists
      ? { action: 'none', resourceType: NS_TYPE, name: TEST_NAMESPACE }
      : { action: 'create', resourceType: NS_TYPE, name: TEST_NAMESPACE },
    !deployment
      ? { action: 'create', resourceType: DEPLOY_TYPE, name: DEPLOY_NAME }
      : image === TEST_IMAGE
        ? { action: 'none', resourceType: DEPLOY_TYPE, name: DEPLOY_NAME }
        : {
            action: 'update',
            resourceType: DEPLOY_TYPE,
            name: DEPLOY_NAME,
            diff: [{ property: 'image', current: image, desired: TEST_IMAGE }],
          },
  ];
}

/** Error codes of the egress proof: scripts and the journal keep the step's own codes. */
function proofError(check: { id: string; evidence: string; remediation: string }, probeRan: boolean): SecureAksError {
  const code =
    check.id === 'in-cluster.egress-denied' ? 'EgressNotRestricted' : probeRan ? 'EgressAllowedUnreachable' : 'EgressProbeDidNotRun';
  return new SecureAksError(code, `${check.evidence} [${check.id}]`, {
    source: 'azure',
    remediation: `${check.remediation} Then run \`secure-aks status --resume\`.`,
  });
}

/**
 * The egress proof, judged by verify's in-cluster checks (one implementation): the allowed probe must
 * get an HTTP answer, the denied one must not (or get the firewall's own 470).
 */
function judgeEgress(ctx: StepContext, command: string, logs: string): StepOutputs {
  const egress = egressEvidence({ command, ok: true, exitCode: 0, logs });
  const where = { subscriptionId: ctx.azure.subscriptionId, resourceGroup: ctx.config.resourceGroup, clusterName: ctx.names.cluster };
  const failed = failingChecks(inClusterOnly(where, { egress }), STEP_CHECKS['test-deployment']);
  const probeRan = egress.allowed.httpCode !== undefined && egress.blocked.httpCode !== undefined;
  if (!probeRan && failed.length === 0) {
    // Only the denied probe's marker is missing: nothing is proven, which a step must not call success.
    throw new SecureAksError('EgressProbeDidNotRun', `The egress probe pods did not run (image ${PROBE_IMAGE}): ${tail(logs)}`, {
      source: 'azure',
      remediation: REMEDIATION,
    });
  }
  if (failed[0]) throw proofError(failed[0], probeRan);
  return { allowedProbe: 'reachable', blockedProbe: 'blocked' };
}

/**
 * Rollout, then the egress proof, in ONE runCommand call (each call starts a command pod, which takes a
 * while): `prefix` (create namespace / deployment) && rollout status && the two probe pods.
 */
async function rollOutAndProve(ctx: StepContext, prefix: string[]): Promise<StepOutputs> {
  const rollout = `kubectl rollout status deployment/${TEST_DEPLOYMENT} -n ${TEST_NAMESPACE} --timeout=180s`;
  const command = `${[...prefix, rollout].join(' && ')} && ${probeCommand(TEST_NAMESPACE)}`;
  const { logs } = await runKubectl(ctx, command);
  if (!/successfully rolled out/.test(logs)) {
    // The probes ran (or not) after the failure; quote only what came before them.
    const before = logs.split(/\n(?=.*(?:allowed|blocked)=\d{3})|\ncurl: /)[0] ?? logs;
    throw new SecureAksError(
      'TestDeploymentNotReady',
      `Deployment ${DEPLOY_NAME} (image ${TEST_IMAGE}) did not roll out: ${tail(before)}`,
      {
        source: 'azure',
        remediation: REMEDIATION,
      },
    );
  }
  const proof = judgeEgress(ctx, command, logs);
  if (ctx.config.userPool) await provePlacement(ctx);
  ctx.progress('egress proof: mcr.microsoft.com reachable, www.bing.com blocked');
  return { deployment: DEPLOY_NAME, image: TEST_IMAGE, ...proof };
}

/** With a User pool, workloads run there: the System pool's CriticalAddonsOnly taint keeps them off it. */
async function provePlacement(ctx: StepContext): Promise<void> {
  const command = `kubectl get pods -n ${TEST_NAMESPACE} -l app=${TEST_DEPLOYMENT} -o json`;
  const logs = await kubectlRead(ctx, command, 'Reading where the test pods run', REMEDIATION);
  const nodes = ((JSON.parse(logs ?? '{}').items ?? []) as Array<{ spec?: { nodeName?: string } }>).map((p) => p.spec?.nodeName ?? '');
  const stray = offPool(nodes, USER_POOL);
  if (stray.length) {
    throw new SecureAksError(
      'TestDeploymentOffUserPool',
      `Deployment ${DEPLOY_NAME} runs on ${stray.join(', ')}, not on the user pool: the system pool's CriticalAddonsOnly taint is missing.`,
      { source: 'azure', remediation: 'Run `secure-aks init` again to taint the system pool, then `secure-aks verify`.' },
    );
  }
}

/** The outputs apply just proved, so the engine's verify right after it does not repeat the pods. */
const fresh = new WeakMap<StepContext, StepOutputs>();

export const step: Step = {
  number: 10,
  id: 'test-deployment',
  title: 'Test deployment and egress proof',
  // health: the cluster's nodes and system pods must be healthy before a workload can prove anything.
  dependsOn: ['health'],

  skipReason(config) {
    return config.testDeployment ? undefined : 'test deployment disabled (--no-test-deployment)';
  },

  check: inspect,

  async apply(ctx, changes) {
    const prefix: string[] = [];
    if (needsWrite(changes, NS_TYPE, TEST_NAMESPACE)) prefix.push(`kubectl create namespace ${TEST_NAMESPACE}`);
    const planned = changes.find((c) => c.resourceType === DEPLOY_TYPE && c.action !== 'none');
    // Our own test deployment: an old image is replaced by deleting and recreating it.
    if (planned?.action === 'update') prefix.push(`kubectl delete deployment ${TEST_DEPLOYMENT} -n ${TEST_NAMESPACE}`);
    if (planned) prefix.push(`kubectl create deployment ${TEST_DEPLOYMENT} --image=${TEST_IMAGE} --replicas=1 -n ${TEST_NAMESPACE}`);
    if (prefix.length) ctx.progress(`deployment ${DEPLOY_NAME}: creating from ${TEST_IMAGE}`);
    const outputs = await rollOutAndProve(ctx, prefix);
    fresh.set(ctx, outputs);
    return outputs;
  },

  async verify(ctx) {
    if (fresh.has(ctx)) {
      fresh.delete(ctx);
      return;
    }
    await rollOutAndProve(ctx, []);
  },
};
