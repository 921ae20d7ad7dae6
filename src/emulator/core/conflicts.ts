/**
 * What a write hears while another write runs on the same resource family. ARM's generic answer is 409
 * AnotherOperationInProgress; AKS answers with its own 409 OperationNotAllowed naming the running
 * operation (learn.microsoft.com/troubleshoot/azure/azure-kubernetes/create-upgrade-delete/operationnotallowed,
 * https://aka.ms/aks-pending-operation).
 */
import { ArmError, type EmulatorContext } from './contract.js';
import { anotherOperationInProgress } from './errors.js';
import { parseResourceId } from './ids.js';

const IN_FLIGHT: Record<string, string> = { PUT: 'Updating', PATCH: 'Updating', DELETE: 'Deleting' };

export function aksOperationNotAllowed(state: string): ArmError {
  return new ArmError(
    409,
    'OperationNotAllowed',
    `Operation is not allowed: Another operation (${state}) is in progress, please wait for it to finish before starting a new operation. See https://aka.ms/aks-pending-operation for more details`,
  );
}

/** The running write's resource shows Creating/Updating/Deleting; that word is what AKS puts in its message. */
export function conflictError(ctx: EmulatorContext, id: string, op: { resourceId: string; method: string; statusUrl?: string }): ArmError {
  const ns = parseResourceId(op.resourceId).namespace ?? '';
  if (ns.toLowerCase() === 'microsoft.containerservice' && ctx.strict('aks-pending-operation')) {
    const shown = ctx.store.get(op.resourceId)?.properties?.provisioningState;
    return aksOperationNotAllowed(typeof shown === 'string' && shown !== 'Succeeded' ? shown : (IN_FLIGHT[op.method] ?? 'Updating'));
  }
  return anotherOperationInProgress(id, op.statusUrl);
}
