/**
 * What a `--state` value names: a local file (the default), or a blob in Azure Storage written as
 * `az://<account>/<container>/<path>`. Names are checked against Azure's rules before any request
 * (https://learn.microsoft.com/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata,
 * https://learn.microsoft.com/azure/storage/common/storage-account-overview#storage-account-name).
 * Only node built-ins here: the lock and path helpers load it in child processes of tests.
 */
import { resolve } from 'node:path';
import { UsageError } from '../core/errors.js';

export interface BlobStateLocation {
  account: string;
  container: string;
  /** The blob's name inside the container, e.g. `teams/payments/prod.json`. */
  blob: string;
  /** The `az://` form, as typed (normalised). */
  url: string;
}

const SCHEME = 'az://';
export const ACCOUNT = /^[a-z0-9]{3,24}$/;
export const CONTAINER = /^(?=.{3,63}$)[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]$/;

export function isBlobState(state: string): boolean {
  return state.toLowerCase().startsWith(SCHEME);
}

function invalidUrl(state: string, what: string, label: string): UsageError {
  return new UsageError(
    'InvalidStateUrl',
    `${label} ${state} is not a usable blob state: ${what}.`,
    'Write it as az://<storage account>/<container>/<path>, e.g. az://stplatformstate/secure-aks/prod.json.',
  );
}

/** The blob a `--state az://...` value names; undefined for a local file. Throws when the URL breaks Azure's naming rules. */
export function blobLocation(state: string, label = '--state'): BlobStateLocation | undefined {
  if (!isBlobState(state)) return undefined;
  const invalid = (s: string, what: string) => invalidUrl(s, what, label);
  const [account = '', container = '', ...rest] = state.slice(SCHEME.length).split('/');
  const blob = rest.join('/');
  if (!ACCOUNT.test(account)) throw invalid(state, `the storage account name "${account}" must be 3-24 lowercase letters and digits`);
  if (!container) throw invalid(state, 'the container name is missing');
  if (!CONTAINER.test(container))
    throw invalid(
      state,
      `the container name "${container}" must be 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit`,
    );
  if (!blob || blob.endsWith('/')) throw invalid(state, 'a path to the state blob inside the container is missing');
  if (blob.length > 1024) throw invalid(state, 'the blob path is longer than 1024 characters');
  if (blob.split('/').some((part) => part === '.' || part === '..' || part === ''))
    throw invalid(state, `the blob path "${blob}" has an empty, "." or ".." segment`);
  return { account, container, blob, url: `${SCHEME}${account}/${container}/${blob}` };
}

/**
 * Where what stays on this machine lives for a state: run logs, the jumphost's SSH private key and the
 * embedded emulator's data sit beside this path. For a file it is the file; for a blob it is a local
 * mirror of the blob's name under `.secure-aks/az/` in the working directory (never uploaded).
 */
export function localStatePath(state: string): string {
  const loc = blobLocation(state);
  return loc ? resolve('.secure-aks', 'az', loc.account, loc.container, loc.blob) : state;
}
