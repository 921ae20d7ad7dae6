/**
 * What a write hears while another write runs on the same resource family. ARM's generic answer is 409
 * AnotherOperationInProgress; AKS answers with its own 409 OperationNotAllowed naming the running
 * operation (learn.microsoft.com/troubleshoot/azure/azure-kubernetes/create-upgrade-delete/operationnotallowed,
 * https://aka.ms/aks-pending-operation); a VNet written while one of its subnets changes answers 429
 * RetryableError, which clients retry after Retry-After (kubernetes-sigs/cluster-api-provider-azure#4385).
 */
import { ArmError, type EmulatorContext } from './contract.js';
import { anotherOperationInProgress } from './errors.js';
import { parentIdOf, parseResourceId } from './ids.js';
import type { OperationRecord } from './lro.js';

type RunningWrite = Pick<OperationRecord, 'resourceId' | 'method' | 'statusUrl' | 'dueAt'>;

const IN_FLIGHT: Record<string, string> = { PUT: 'Updating', PATCH: 'Updating', DELETE: 'Deleting' };

export function aksOperationNotAllowed(state: string): ArmError {
  return new ArmError(
    409,
    'OperationNotAllowed',
    `Operation is not allowed: Another operation (${state}) is in progress, please wait for it to finish before starting a new operation. See https://aka.ms/aks-pending-operation for more details`,
  );
}

/** The running write's resource shows Creating/Updating/Deleting; that word is what AKS puts in its message. */
export function conflictError(ctx: EmulatorContext, id: string, op: RunningWrite): ArmError {
  const ns = parseResourceId(op.resourceId).namespace ?? '';
  if (ns.toLowerCase() === 'microsoft.containerservice' && ctx.strict('aks-pending-operation')) {
    const shown = ctx.store.get(op.resourceId)?.properties?.provisioningState;
    return aksOperationNotAllowed(typeof shown === 'string' && shown !== 'Succeeded' ? shown : (IN_FLIGHT[op.method] ?? 'Updating'));
  }
  if (
    ctx.strict('dependent-operations') &&
    parseResourceId(op.resourceId).type?.toLowerCase() === 'microsoft.network/virtualnetworks/subnets' &&
    parentIdOf(op.resourceId).toLowerCase() === id.toLowerCase()
  ) {
    return subnetOperationInProgress(ctx, op);
  }
  return anotherOperationInProgress(id, op.statusUrl);
}

function subnetOperationInProgress(ctx: EmulatorContext, op: RunningWrite): ArmError {
  const operationId = op.statusUrl?.split('/').pop()?.split('?')[0] ?? '';
  const seconds = Math.max(1, Math.ceil((op.dueAt - ctx.now()) / 1000));
  const message = `Operation ${op.method === 'DELETE' ? 'Delete' : 'Put'}SubnetOperation (${operationId}) is updating resource ${op.resourceId}. The call can be retried in ${seconds} seconds.`;
  return new ArmError(429, 'RetryableError', 'A retryable error occurred.', {
    details: [{ code: 'RetryableErrorDueToAnotherOperation', message }],
    headers: { 'Retry-After': '1' },
  });
}
