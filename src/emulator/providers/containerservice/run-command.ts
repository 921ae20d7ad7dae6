/**
 * managedClusters runCommand (`az aks command invoke`): POST answers 202 with a Location pointing at
 * .../commandResults/{id}; that GET answers 202 while the command pod runs (~20 Azure seconds) and then
 * 200 with the result. The command is evaluated when it is submitted and kept as plain data beside the
 * cluster, so a restarted emulator still answers it. Output is capped at 512 kB as AKS caps it.
 */
import { ArmError, type ArmRequest, type ArmResponse, type EmulatorContext } from '../../core/contract.js';
import { aksOperationNotAllowed } from '../../core/conflicts.js';
import { resourceNotFound } from '../../core/errors.js';
import { encodePath } from '../../core/router.js';
import { dataPlaneAuthorizer } from './kube-authz.js';
import type { ClusterState, CommandRecord } from './kube-state.js';
import { runKubectl } from './kubectl.js';

const RUN_COMMAND_AZURE_SECONDS = 20;
const MAX_LOG_BYTES = 512 * 1024;

function clusterId(req: ArmRequest): string {
  const { subscriptionId, resourceGroupName, resourceName } = req.params;
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/${resourceName}`;
}

function capped(logs: string): string {
  const bytes = Buffer.from(logs, 'utf8');
  if (bytes.length <= MAX_LOG_BYTES) return logs;
  return bytes.subarray(0, MAX_LOG_BYTES).toString('utf8') + '\n[output truncated at 512 kB]\n';
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function submitCommand(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const id = clusterId(req);
  const cluster = ctx.store.get(id);
  if (!cluster) throw resourceNotFound(id);
  const command: unknown = req.body?.command;
  if (typeof command !== 'string' || command.trim() === '') {
    throw new ArmError(400, 'InvalidParameter', 'The request payload must carry a non-empty "command" (for example "kubectl get nodes").', {
      target: 'command',
    });
  }
  const state = String(cluster.properties?.provisioningState);
  // While the cluster changes AKS answers what it answers any write then (409, aka.ms/aks-pending-operation).
  if (['Creating', 'Updating', 'Deleting'].includes(state) && ctx.strict('aks-pending-operation')) throw aksOperationNotAllowed(state);
  if (state !== 'Succeeded' || cluster.properties?.powerState?.code !== 'Running') {
    throw new ArmError(
      400,
      'OperationNotAllowed',
      `Cluster ${cluster.name} is in provisioning state ${cluster.properties?.provisioningState} (power state ${cluster.properties?.powerState?.code}); run command needs a running, successfully provisioned cluster.`,
    );
  }
  if (cluster.properties?.disableLocalAccounts === true && !req.body?.clusterToken) {
    throw new ArmError(
      400,
      'BadRequest',
      `Cluster ${cluster.name} has local accounts disabled (Microsoft Entra ID): runCommand needs "clusterToken", an Entra token for the AKS server application (scope 6dae42f8-4368-4678-94ff-3960e28e3630/.default).`,
      { target: 'clusterToken' },
    );
  }
  const kube = ctx.store.internal<ClusterState>(id);
  const now = ctx.now();
  // The command pod's kubectl acts as the caller: with Azure RBAC, only the caller's data-plane roles count.
  const authorize = dataPlaneAuthorizer(ctx, cluster);
  const result = runKubectl(command, { store: ctx.store, cluster, state: kube, now, ...(authorize ? { authorize } : {}) });
  const commandId = ctx.newGuid().replace(/-/g, '');
  const record: CommandRecord = {
    startedAt: now,
    readyAt: now + (RUN_COMMAND_AZURE_SECONDS * 1000) / ctx.speed,
    exitCode: result.exitCode,
    logs: capped(result.logs),
  };
  (kube.commands ??= {})[commandId] = record;
  const location = `${ctx.baseUrl}${encodePath(id)}/commandResults/${commandId}?api-version=${req.apiVersion ?? '2026-04-01'}`;
  return { status: 202, headers: { Location: location } };
}

export function commandResult(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const id = clusterId(req);
  if (!ctx.store.get(id)) throw resourceNotFound(id);
  const record = ctx.store.internal<ClusterState>(id).commands?.[req.params.commandId];
  if (!record)
    throw new ArmError(
      404,
      'NotFound',
      `Command result ${req.params.commandId} was not found for cluster ${req.params.resourceName}. Submit the command again.`,
    );
  const now = ctx.now();
  if (now < record.readyAt) {
    return {
      status: 202,
      headers: { Location: `${ctx.baseUrl}${encodePath(req.path)}?api-version=${req.apiVersion ?? '2026-04-01'}` },
      body: { id: req.params.commandId, properties: { provisioningState: 'Running', startedAt: iso(record.startedAt) } },
    };
  }
  return {
    status: 200,
    body: {
      id: req.params.commandId,
      properties: {
        provisioningState: 'Succeeded',
        exitCode: record.exitCode,
        startedAt: iso(record.startedAt),
        finishedAt: iso(record.readyAt),
        logs: record.logs,
        reason: record.exitCode === 0 ? '' : `command terminated with exit code ${record.exitCode}`,
      },
    },
  };
}
