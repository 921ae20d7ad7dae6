/**
 * Every deployment state kept in one place, for `secure-aks list`: the blobs of a container (under a name
 * prefix), or the state files of a local directory. Listing only reads: it takes no lease and no lock, and
 * a blob's holder comes from the listing itself (its lease state and holder metadata), not a request per blob.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import type { StateBackend } from './backend.js';
import type { BlobAccess } from './blob/access.js';
import { containerClient } from './blob/access.js';
import { BlobStateBackend } from './blob/backend.js';
import { storageError } from './blob/errors.js';
import { holderOf } from './blob/metadata.js';
import { FileStateBackend } from './file-backend.js';
import { ACCOUNT, CONTAINER, blobLocation, isBlobState } from './location.js';
import type { LockInfo } from './lock.js';

/** A container of blob states, optionally narrowed to names starting with `prefix`. */
export interface BlobBackendLocation {
  account: string;
  container: string;
  /** A blob name prefix (`teams/payments/`), or '' for the whole container. */
  prefix: string;
  /** `az://<account>/<container>[/<prefix>]`, as messages name it. */
  url: string;
}

/** Something that may hold a deployment's state; reading it says whether it does. */
export interface StateCandidate {
  /** The `--state` value that names it. */
  state: string;
  backend: StateBackend;
  /** Blobs: the run holding its lease, as the listing said (files ask their lock when read). */
  holder?: LockInfo;
}

/** What was found and is not a deployment, and why (a foreign blob, a placeholder, a damaged state). */
export interface SkippedState {
  state: string;
  reason: string;
}

export interface StateListing {
  candidates: StateCandidate[];
  skipped: SkippedState[];
}

/** A state document is a few tens of kilobytes: a blob far larger is something else, and is not downloaded. */
export const MAX_STATE_BYTES = 4 * 1024 * 1024;

function invalidBackend(value: string, what: string): UsageError {
  return new UsageError(
    'InvalidBackendUrl',
    `--backend ${value} is not a usable blob backend: ${what}.`,
    'Write it as az://<storage account>/<container>[/<prefix>], e.g. az://stplatformstate/secure-aks or az://stplatformstate/secure-aks/teams/payments/.',
  );
}

/** `az://<account>/<container>[/<prefix>]`, checked against Azure's naming rules before any request. */
export function blobBackendLocation(value: string): BlobBackendLocation {
  if (!isBlobState(value)) throw invalidBackend(value, 'it does not start with az://');
  // A SAS or key never rides along: access is by Entra ID only (the query would also be taken as a name).
  if (/[?#]/.test(value))
    throw invalidBackend(
      `${value.replace(/[?#].*$/s, '')}?…`,
      'it has a query or fragment (a SAS token is never accepted, nor repeated here; sign in instead)',
    );
  const [account = '', container = '', ...rest] = value.slice('az://'.length).split('/');
  const prefix = rest.join('/');
  if (!ACCOUNT.test(account))
    throw invalidBackend(value, `the storage account name "${account}" must be 3-24 lowercase letters and digits`);
  if (!container) throw invalidBackend(value, 'the container name is missing');
  if (!CONTAINER.test(container))
    throw invalidBackend(
      value,
      `the container name "${container}" must be 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit`,
    );
  if (prefix.split('/').some((part, i, all) => (part === '' && i < all.length - 1) || part === '.' || part === '..'))
    throw invalidBackend(value, `the prefix "${prefix}" has an empty, "." or ".." segment`);
  return { account, container, prefix, url: `az://${account}/${container}${prefix ? `/${prefix}` : ''}` };
}

/** The container a blob `--state` sits in: `list` without --backend lists the states beside it. */
export function containerOfState(state: string): BlobBackendLocation {
  const loc = blobLocation(state)!;
  return { account: loc.account, container: loc.container, prefix: '', url: `az://${loc.account}/${loc.container}` };
}

/**
 * The blobs of the container under the prefix (current versions only: snapshots are not listed). An empty
 * blob is the placeholder a lock makes before the first write, and a blob too large or with a name no
 * `--state` can spell is not a state: each is skipped with its reason.
 */
export async function listBlobStates(loc: BlobBackendLocation, access: BlobAccess, leaseSeconds: number): Promise<StateListing> {
  const listing: StateListing = { candidates: [], skipped: [] };
  try {
    const container = await containerClient(loc.account, loc.container, access);
    for await (const item of container.listBlobsFlat({ prefix: loc.prefix || undefined, includeMetadata: true })) {
      const state = `az://${loc.account}/${loc.container}/${item.name}`;
      const leased = item.properties.leaseState === 'leased';
      const holder = leased ? (holderOf(item.metadata) ?? unknownHolder()) : undefined;
      const size = item.properties.contentLength ?? 0;
      if (size === 0) {
        listing.skipped.push({
          state,
          reason: leased ? 'no state yet: a run is starting this deployment' : 'an empty lock placeholder (no state yet)',
        });
        continue;
      }
      if (size > MAX_STATE_BYTES) {
        listing.skipped.push({ state, reason: `${size} bytes, far larger than a secure-aks state` });
        continue;
      }
      let blob;
      try {
        blob = blobLocation(state)!;
      } catch {
        listing.skipped.push({ state, reason: 'its name cannot be a --state path' });
        continue;
      }
      listing.candidates.push({ state, backend: new BlobStateBackend(blob, access, leaseSeconds), ...(holder ? { holder } : {}) });
    }
  } catch (err) {
    throw storageError({ account: loc.account, container: loc.container, blob: loc.prefix, url: loc.url }, err) ?? err;
  }
  return listing;
}

function unknownHolder(): LockInfo {
  return { pid: 0, host: 'an unknown host', command: 'unknown', startedAt: 'unknown' };
}

/**
 * The `*.json` files directly in `dir` (the local `.secure-aks/`); its other entries are a state's own
 * companions (locks, run logs, keys, emulator data) and are not listed. A missing directory lists nothing.
 */
export async function listLocalStates(dir: string): Promise<StateListing> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { candidates: [], skipped: [] };
    throw new UsageError(
      'StateDirectoryUnreadable',
      `Cannot read the directory ${dir} (${(err as NodeJS.ErrnoException).code}).`,
      'Check its permissions, or pass --backend az://<account>/<container>.',
    );
  }
  const candidates = entries
    .filter((e) => e.isFile() && e.name.endsWith('.json') && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const state = join(dir, name);
      return { state, backend: new FileStateBackend(state) };
    });
  return { candidates, skipped: [] };
}
