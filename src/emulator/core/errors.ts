/** ARM's error answers, worded as Azure words them, for the core and every provider. */
import { ArmError } from './contract.js';
import { parseResourceId } from './ids.js';

export function resourceNotFound(id: string): ArmError {
  const p = parseResourceId(id);
  const where = p.resourceGroup ? ` under resource group '${p.resourceGroup}'` : '';
  return new ArmError(
    404,
    'ResourceNotFound',
    `The Resource '${p.type ?? 'resource'}/${p.name ?? id}'${where} was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

export function resourceGroupNotFound(name: string): ArmError {
  return new ArmError(404, 'ResourceGroupNotFound', `Resource group '${name}' could not be found.`);
}

export function resourceGroupBeingDeleted(name: string): ArmError {
  return new ArmError(
    409,
    'ResourceGroupBeingDeleted',
    `The resource group '${name}' is in deprovisioning state and cannot perform this operation.`,
  );
}

export function anotherOperationInProgress(id: string, statusUrl?: string): ArmError {
  const tail = statusUrl ? ` To retrieve status of the operation use uri: ${statusUrl}.` : '';
  return new ArmError(409, 'AnotherOperationInProgress', `Another operation on this or dependent resource '${id}' is in progress.${tail}`);
}

export function authorizationFailed(principalId: string, action: string, scope: string): ArmError {
  return new ArmError(
    403,
    'AuthorizationFailed',
    `The client '${principalId}' with object id '${principalId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
}

export function invalidRequestContent(detail: string): ArmError {
  return new ArmError(400, 'InvalidRequestContent', `The request content was invalid and could not be deserialized: ${detail}`);
}

export function missingProperty(path: string): ArmError {
  return new ArmError(400, 'InvalidRequestContent', `The request content is missing the required property '${path}'. Supply it and retry.`);
}

/** The body ARM sends for an error. */
export function errorBody(err: ArmError): { error: Record<string, unknown> } {
  const error: Record<string, unknown> = { code: err.code, message: err.message };
  if (err.extra.target) error.target = err.extra.target;
  if (err.extra.details) error.details = err.extra.details;
  return { error };
}
