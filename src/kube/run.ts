import { waitingFor } from '../azure/waits.js';
import { retryLoop, RETRY_POLICIES, rolePropagationPolicy, withRetries } from '../azure/retry.js';
import { AzureOperationError, SecureAksError } from '../core/errors.js';
import type { AzureClients } from '../azure/types.js';
import type { ResolvedConfig, ResourceNames } from '../config/types.js';
import { azureErrorCode, statusCodeOf, toAzureError } from '../azure/errors.js';
import { lroOptions } from '../azure/lro.js';

/** What a kubectl command run through the AKS runCommand API printed. */
export interface KubectlResult {
  command: string;
  exitCode: number;
  logs: string;
}

/**
 * What running a command in a cluster needs: a step context has all of it, and `verify` builds one for
 * a cluster it only knows by resource group and name.
 */
export interface KubectlTarget {
  readonly azure: AzureClients;
  readonly config: Pick<ResolvedConfig, 'resourceGroup'>;
  readonly names: Pick<ResourceNames, 'cluster'>;
  readonly signal: AbortSignal;
  progress(message: string): void;
}

/** runCommand failures users report as transient ("pod did not start within 30s", throttling, 5xx). */
const TRANSIENT = /did not start|timed? ?out|timeout|try again|temporar/i;

/** What kubectl prints when Azure RBAC for Kubernetes refuses the caller (no data-plane role, or not yet). */
const AZURE_RBAC_FORBIDDEN = /Error from server \(Forbidden\)[^\n]*User does not have access to the resource in Azure/;

/** kubectl was refused by Azure RBAC for Kubernetes: the caller has no data-plane role on the cluster (yet). */
function isRbacForbidden(result: KubectlResult): boolean {
  return result.exitCode !== 0 && AZURE_RBAC_FORBIDDEN.test(result.logs);
}

/** kubectl's answer was Forbidden: thrown inside the retry loop, so the propagation policy sees it. */
class KubectlForbidden extends Error {
  constructor(readonly result: KubectlResult) {
    super('Forbidden');
  }
}

/**
 * Runs `command` inside the private cluster through POST .../runCommand (the private API server is not
 * reachable from here). With Entra ID integration and local accounts disabled AKS requires a token for its
 * server application, passed as clusterToken; the token goes only into the request body, never into a
 * progress line, error or output. A command pod that fails to start is retried a few times. kubectl
 * refused by Azure RBAC right after step 5 granted the operator's data-plane role is the assignment not
 * having reached the cluster yet: it is retried within the role propagation bound (retry.ts).
 */
export async function runKubectl(ctx: KubectlTarget, command: string, options: { awaitRole?: boolean } = {}): Promise<KubectlResult> {
  // A read-only check answers at once: waiting minutes for a role that step 5 has not granted yet (a run
  // killed between the cluster and its role assignment) would only stall a plan.
  if (options.awaitRole === false) return runOnce(ctx, command);
  const propagation = rolePropagationPolicy(ctx.azure.waits, {
    matches: (error) => error instanceof KubectlForbidden,
    exhausted: (error, waitedMs) =>
      new SecureAksError(
        'KubernetesForbidden',
        `Running "${command}" in cluster ${ctx.names.cluster} was refused by Azure RBAC for ${Math.round(waitedMs / 60_000)} min: ${tail((error as KubectlForbidden).result.logs, 1)}`,
        {
          source: 'user',
          remediation:
            'Your account needs a Kubernetes role on the cluster in Azure RBAC, e.g. "Azure Kubernetes Service RBAC Cluster Admin" ' +
            '(`secure-aks init` grants it to whoever runs it). A new assignment can take minutes to apply; then run `secure-aks status --resume` ' +
            '(SECURE_AKS_ROLE_PROPAGATION_TIMEOUT sets how many minutes a run waits).',
        },
      ),
  });
  return withRetries(ctx, 'runCommand', [propagation], async () => {
    const result = await runOnce(ctx, command);
    if (isRbacForbidden(result)) throw new KubectlForbidden(result);
    return result;
  });
}

/** A runCommand call that failed for a reason worth another try: throttling, a 5xx, a pod that did not start. */
function isTransientFailure(error: unknown): boolean {
  // Our own typed errors (no token for the cluster) and cancellations are final.
  if (error instanceof SecureAksError || (error as Error | undefined)?.name === 'AbortError') return false;
  const status = statusCodeOf(error);
  return status === undefined ? TRANSIENT.test((error as Error)?.message ?? '') : status >= 500 || status === 429;
}

/** One runCommand call, retried (runCommand policy, retry.ts) only for a pod that failed to start or a throttled/5xx answer. */
async function runOnce(ctx: KubectlTarget, command: string): Promise<KubectlResult> {
  const client = await ctx.azure.containerService();
  const { resourceGroup } = ctx.config;
  const cluster = ctx.names.cluster;
  const { attempts } = RETRY_POLICIES.runCommand;
  let lastReason = '';
  const result = await retryLoop<KubectlResult | undefined>({
    signal: ctx.signal,
    attempt: async (n) => {
      ctx.signal.throwIfAborted();
      const clusterToken = await tokenToRun(ctx, command);
      // A runCommand takes from seconds to minutes (a pod is scheduled in the cluster): said while it lasts.
      const answer = await waitingFor(
        ctx,
        `runCommand in cluster ${cluster}`,
        () =>
          client.managedClusters
            .runCommand(resourceGroup, cluster, { command, clusterToken, context: '' }, lroOptions(ctx))
            .pollUntilDone(),
        { line: `runCommand: ${command}${n > 1 ? ` (attempt ${n})` : ''}`, done: `runCommand in cluster ${cluster}: done` },
      );
      const state = (answer.provisioningState ?? 'Succeeded').toLowerCase();
      if (state === 'succeeded') return { command, exitCode: answer.exitCode ?? 0, logs: answer.logs ?? '' };
      lastReason = answer.reason ?? `provisioningState ${answer.provisioningState}`;
      return undefined;
    },
    next: (outcome, n) => {
      if ('value' in outcome) return outcome.value === undefined && TRANSIENT.test(lastReason) && n < attempts ? { delayMs: 0 } : undefined;
      const { error } = outcome;
      if (!isTransientFailure(error) || n >= attempts) {
        throw toAzureError(error, `Running "${command}" in cluster ${cluster}`, runCommandHint(azureErrorCode(error)));
      }
      lastReason = (error as Error).message;
      return { delayMs: 0 };
    },
  });
  if (result) return result;
  throw new AzureOperationError(
    'RunCommandFailed',
    `Running "${command}" in cluster ${cluster} failed: ${lastReason}`,
    undefined,
    runCommandHint(),
  );
}

/** The Entra token runCommand needs for the cluster's server application. */
async function tokenToRun(ctx: KubectlTarget, command: string): Promise<string> {
  try {
    return await ctx.azure.clusterToken();
  } catch (error) {
    throw new SecureAksError(
      'ClusterTokenUnavailable',
      `No Entra ID token for the AKS server application could be obtained to run "${command}".`,
      {
        source: 'user',
        cause: error,
        remediation: 'Sign in again (az login) with an account that may use the cluster, then resume.',
      },
    );
  }
}

function runCommandHint(code?: string): string {
  if (code === 'AuthorizationFailed') {
    return 'Your account needs Microsoft.ContainerService/managedClusters/runcommand/action on the cluster (e.g. Azure Kubernetes Service Cluster User Role) and an Azure RBAC role inside it.';
  }
  return 'The runCommand pod must schedule on a Ready node within about 60 s; check the node pool, then run `secure-aks status --resume`.';
}

/** Runs a command that must succeed; a non-zero exit becomes an error quoting the end of its output. */
export async function kubectlOk(ctx: KubectlTarget, command: string, what: string, remediation: string): Promise<string> {
  return okLogs(await runKubectl(ctx, command), what, remediation);
}

/**
 * kubectlOk for a read-only check: undefined at once when Azure RBAC refuses the caller (step 5 has not
 * granted the operator's role yet, or it is still propagating), where applying would wait for the role.
 */
export async function kubectlRead(ctx: KubectlTarget, command: string, what: string, remediation: string): Promise<string | undefined> {
  const result = await runKubectl(ctx, command, { awaitRole: false });
  return isRbacForbidden(result) ? undefined : okLogs(result, what, remediation);
}

function okLogs(r: KubectlResult, what: string, remediation: string): string {
  if (r.exitCode !== 0) {
    throw new SecureAksError('KubectlFailed', `${what} failed: "${r.command}" exited with ${r.exitCode}: ${tail(r.logs)}`, {
      source: 'azure',
      remediation,
    });
  }
  return r.logs;
}

/** The last lines of a command's output, enough to show the error without flooding the terminal. */
export function tail(logs: string, lines = 5): string {
  return logs.trim().split('\n').slice(-lines).join(' | ');
}
