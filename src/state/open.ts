/** The backend a `--state` value names: a local file, or a blob (`az://...`) reached as `access` says. */
import type { StateBackend } from './backend.js';
import { BlobStateBackend, leaseSeconds } from './blob/backend.js';
import type { BlobAccess } from './blob/access.js';
import { FileStateBackend } from './file-backend.js';
import { refuseCredentialsInEndpoint, refuseCredentialsInState } from './credential-refusal.js';
import { blobLocation } from './location.js';

export function openStateBackend(state: string, access: BlobAccess = {}, env: NodeJS.ProcessEnv = process.env): StateBackend {
  refuseCredentialsInState(state);
  refuseCredentialsInEndpoint(access.endpoint);
  const loc = blobLocation(state);
  return loc ? new BlobStateBackend(loc, access, leaseSeconds(env)) : new FileStateBackend(state);
}
