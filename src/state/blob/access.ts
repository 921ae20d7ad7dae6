/**
 * How a blob state is reached: the blob service URL of its account (`https://<account>.blob.<suffix>` of
 * the cloud, or `--state-endpoint`, e.g. Azurite on loopback, addressed path-style), the TLS trust
 * (`--state-ca`, never turning verification off) and the credential. Access is by Microsoft Entra ID
 * only: DefaultAzureCredential, or on a loopback endpoint the emulator's token. No account key, connection
 * string or SAS is ever accepted, built or stored.
 */
import { readFileSync } from 'node:fs';
import type { TokenCredential } from '@azure/core-auth';
import type { ContainerClient, StoragePipelineOptions } from '@azure/storage-blob';
import { CLOUD_ENDPOINTS } from '../../azure/clouds.js';
import { isLoopbackEndpoint } from '../../azure/clients.js';
import type { CloudName } from '../../config/regions.js';
import { emulatorStorageCredential } from '../../core/emulator-storage-token.js';
import { UsageError } from '../../core/errors.js';

export interface BlobAccess {
  /** --state-endpoint: the blob service to use instead of the cloud's, e.g. https://127.0.0.1:10000 (Azurite). */
  endpoint?: string;
  /** --state-ca: a PEM CA certificate to trust for that endpoint. */
  caFile?: string;
  cloud?: CloudName;
  /** Replaces the credential (tests); otherwise chosen by endpoint as above. */
  credential?: TokenCredential;
}

export { emulatorStorageCredential };

/** Azurite's built-in account: it exists only on an emulator, never in a cloud. */
const AZURITE_ACCOUNT = 'devstoreaccount1';

/** The blob service URL of `account`: path-style on an IP or localhost endpoint (as Azurite serves), host-style otherwise. */
export function blobServiceUrl(account: string, access: BlobAccess): string {
  if (!access.endpoint && account === AZURITE_ACCOUNT)
    throw new UsageError(
      'StateEndpointMissing',
      `${AZURITE_ACCOUNT} is Azurite's account: pass --state-endpoint, \`secure-aks emulator --blob\` prints it.`,
      `Add --state-endpoint <the blob endpoint> --state-ca <data dir>/ca.pem (or SECURE_AKS_STATE_ENDPOINT/SECURE_AKS_STATE_CA) instead of reaching ${AZURITE_ACCOUNT}.blob.core.windows.net.`,
    );
  if (!access.endpoint) return `https://${account}.blob.${CLOUD_ENDPOINTS[access.cloud ?? 'AzureCloud'].storageSuffix}`;
  const url = new URL(access.endpoint);
  if (url.protocol !== 'https:')
    throw new UsageError(
      'InvalidStateEndpoint',
      `--state-endpoint ${access.endpoint} is not an https:// URL.`,
      'Azure Storage takes Entra ID tokens only over HTTPS: pass e.g. https://127.0.0.1:10000 (secure-aks emulator --blob prints it).',
    );
  const base = access.endpoint.replace(/\/+$/, '');
  const pathStyle = url.pathname === '/' && (isLoopbackEndpoint(access.endpoint) || /^\d+\.\d+\.\d+\.\d+$/.test(url.hostname));
  return pathStyle ? `${base}/${account}` : base;
}

function caOf(access: BlobAccess): string | undefined {
  if (!access.caFile) return undefined;
  try {
    return readFileSync(access.caFile, 'utf8');
  } catch {
    throw new UsageError(
      'StateCaNotFound',
      `The CA file ${access.caFile} given by --state-ca cannot be read.`,
      'Pass the ca.pem that `secure-aks emulator --blob` wrote into its --data directory.',
    );
  }
}

async function credentialOf(access: BlobAccess): Promise<TokenCredential> {
  if (access.credential) return access.credential;
  if (access.endpoint && isLoopbackEndpoint(access.endpoint)) return emulatorStorageCredential;
  const { DefaultAzureCredential } = await import('@azure/identity');
  return new DefaultAzureCredential({ authorityHost: CLOUD_ENDPOINTS[access.cloud ?? 'AzureCloud'].authority });
}

/** The container client of a blob state (the SDK is loaded on first use: `--help` stays fast). */
export async function containerClient(account: string, container: string, access: BlobAccess): Promise<ContainerClient> {
  const url = blobServiceUrl(account, access);
  const ca = caOf(access);
  const { BlobServiceClient } = await import('@azure/storage-blob');
  // The pipeline passes tlsOptions to Node's https agent, as the ARM clients' does.
  const options: StoragePipelineOptions & { tlsOptions?: { ca: string } } = {
    ...(ca ? { tlsOptions: { ca } } : {}),
    // A lease renewal must not wait out the SDK's default back-off longer than the lease lives.
    retryOptions: { maxTries: 3, tryTimeoutInMs: 10_000, retryDelayInMs: 500, maxRetryDelayInMs: 2_000 },
  };
  const service = new BlobServiceClient(url, await credentialOf(access), options);
  return service.getContainerClient(container);
}
