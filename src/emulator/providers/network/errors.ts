/**
 * The ARM errors this provider raises, each with Azure's status and code and a message that names the
 * resource and says what to do next.
 */
import { ArmError } from '../../core/contract.js';

export { anotherOperationInProgress, resourceNotFound } from '../../core/errors.js';

export function badRequest(code: string, message: string, target?: string): ArmError {
  return new ArmError(400, code, message, target ? { target } : {});
}

/** Microsoft.Network's own answer for a missing child (subnet, rule...), empty details included. */
export function childNotFound(id: string): ArmError {
  return new ArmError(404, 'NotFound', `Resource ${id} not found.`, { details: [] });
}

/** A reference (subnet, public IP, route table...) in a request body points at nothing. */
export function invalidReference(referencedId: string, byId: string): ArmError {
  return badRequest(
    'InvalidResourceReference',
    `Resource ${referencedId} referenced by resource ${byId} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
  );
}

/**
 * Writes to a child (subnet, route, rule) while its parent or a sibling is changing: Azure answers 429 with
 * Retry-After, and the SDK's retry policy waits and tries again.
 */
export function retryableDueToAnotherOperation(id: string, busyId: string): ArmError {
  const message = `Operation on ${id} cannot be performed now because operation on ${busyId} is in progress. Retry after a few seconds.`;
  return new ArmError(429, 'RetryableError', message, {
    details: [{ code: 'RetryableErrorDueToAnotherOperation', message }],
    headers: { 'Retry-After': '1' },
  });
}

export function inUse(code: string, id: string, users: string[], what: string): ArmError {
  return badRequest(
    code,
    `${what} ${id} is in use by ${users.slice(0, 5).join(', ')} and cannot be deleted. Remove those associations or resources first, then delete it again.`,
  );
}
