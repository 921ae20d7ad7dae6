/**
 * Azure Storage's refusals of a blob state, as errors a user can act on. Codes and statuses are the Blob
 * service's (https://learn.microsoft.com/rest/api/storageservices/blob-service-error-codes); an Entra ID
 * caller without a data role gets 403 AuthorizationPermissionMismatch
 * (https://learn.microsoft.com/azure/storage/blobs/authorize-access-azure-active-directory).
 */
import { AuthError, ExitCode, SecureAksError, UsageError } from '../../core/errors.js';
import type { BlobStateLocation } from '../location.js';

interface StorageFailure {
  statusCode?: number;
  code?: string;
  message?: string;
}

export function storageCode(err: unknown): { status?: number; code?: string } {
  const e = err as StorageFailure & { details?: { errorCode?: string } };
  return { status: e?.statusCode, code: e?.code ?? e?.details?.errorCode };
}

const LEASE_LOST = new Set([
  'LeaseIdMismatchWithBlobOperation',
  'LeaseIdMismatchWithLeaseOperation',
  'LeaseLost',
  'LeaseNotPresentWithBlobOperation',
  'LeaseNotPresentWithLeaseOperation',
  'LeaseIdMissing',
  'LeaseIsBrokenAndCannotBeRenewed',
]);

export function leaseLost(loc: BlobStateLocation, cause?: unknown): SecureAksError {
  return new SecureAksError(
    'StateLeaseLost',
    `This run no longer holds the lease on ${loc.url}: it expired or was broken, so another run may be working on it. Nothing more was written.`,
    {
      source: 'user',
      exitCode: ExitCode.locked,
      cause,
      remediation: `See who holds it with \`secure-aks status --state ${loc.url}\`; when no run does, continue with \`secure-aks status --resume --state ${loc.url}\`.`,
    },
  );
}

/** A write over a version this run did not read: another writer changed the blob in between. */
export function stateChanged(loc: BlobStateLocation, expected: string | undefined, cause?: unknown): SecureAksError {
  return new SecureAksError(
    'StateChangedElsewhere',
    `The state at ${loc.url} changed after this run read it (it expected version ${expected ?? '(none: a new state)'}); another run or a hand edit wrote it. This run's write was refused, nothing was overwritten.`,
    {
      source: 'user',
      exitCode: ExitCode.locked,
      cause,
      remediation: `Look at the versions with \`secure-aks state history --state ${loc.url}\` (\`state restore <version>\` brings one back), then continue with \`secure-aks status --resume --state ${loc.url}\`.`,
    },
  );
}

/** Any other refusal, by what the user can do about it; undefined when it is not a storage failure we know. */
export function storageError(loc: BlobStateLocation, err: unknown): SecureAksError | undefined {
  if (err instanceof SecureAksError) return err;
  const { status, code } = storageCode(err);
  const where = `container ${loc.container} of storage account ${loc.account}`;
  if (code && LEASE_LOST.has(code)) return leaseLost(loc, err);
  if (status === 404 && code === 'ContainerNotFound')
    return new UsageError(
      'StateContainerNotFound',
      `The ${where} does not exist (from --state ${loc.url}).`,
      `Create it (az storage container create --auth-mode login --account-name ${loc.account} -n ${loc.container}), or pass --create-state-account to have secure-aks create the account and container.`,
    );
  if (status === 404 && (code === 'ResourceNotFound' || code === 'AccountNotFound'))
    return new UsageError(
      'StateAccountNotFound',
      `Storage account ${loc.account} (from --state ${loc.url}) was not found.`,
      'Check the account name, or pass --create-state-account to have secure-aks create it.',
    );
  // Network rules (firewall, private endpoint only, public access off) refuse with AuthorizationFailure: a
  // role would not help (https://learn.microsoft.com/azure/storage/common/storage-network-security).
  if (status === 403 && code === 'AuthorizationFailure')
    return new AuthError(
      'StateNetworkDenied',
      `Storage account ${loc.account} refused this request from where it came (AuthorizationFailure): its network rules (firewall, private endpoint only, public network access off) do not let this machine in.`,
      "Run from a network the account allows (e.g. a runner in the VNet of its private endpoint), or add this network to the account's firewall rules.",
    );
  if (status === 403 && code === 'AuthorizationPermissionMismatch')
    return new AuthError(
      'StatePermissionDenied',
      `The signed-in identity may not read and write blobs in the ${where} (${code}).`,
      `Assign it the role Storage Blob Data Contributor on the container or account (az role assignment create --role "Storage Blob Data Contributor" --assignee <you> --scope <container id>); Owner alone does not grant data access. Roles take a few minutes to apply.`,
    );
  if (status === 403 && code === 'KeyBasedAuthenticationNotPermitted')
    return new AuthError(
      'StatePermissionDenied',
      `Storage account ${loc.account} refused the request (${code}).`,
      'secure-aks uses Entra ID only; sign in (az login) and try again.',
    );
  if (status === 401 || (status === 403 && code === 'AuthenticationFailed'))
    return new AuthError(
      'StateAuthenticationFailed',
      `Storage account ${loc.account} did not accept this identity's token (${code ?? status}).`,
      'Sign in again (az login, or the workload identity of your pipeline) and try again.',
    );
  const cause = (err as NodeJS.ErrnoException)?.code;
  if (cause === 'ENOTFOUND' || cause === 'ECONNREFUSED' || cause === 'ETIMEDOUT' || cause === 'ECONNRESET')
    return new SecureAksError(
      'StateUnreachable',
      `Storage account ${loc.account} could not be reached (${cause}) for --state ${loc.url}.`,
      {
        source: 'user',
        exitCode: ExitCode.usage,
        cause: err,
        remediation: 'Check the account name, your network path to it (private endpoint, firewall) and --state-endpoint, then try again.',
      },
    );
  return undefined;
}
