/**
 * `secure-aks emulator --blob`: Azurite's Blob service beside the ARM emulator, for a shared (blob) state
 * on this machine. Azurite keeps its data in `<data>/azurite` and serves with the ARM emulator's TLS
 * material (ensureTls on the same `<data>` directory), so the one `<data>/ca.pem` is both --arm-ca and
 * --state-ca.
 */
import { AZURITE_ACCOUNT, startBlobEmulator, type BlobEmulatorHandle } from '../../emulator/blob/azurite.js';
import { UsageError } from '../../core/errors.js';

/** The container and blob path the printed example flags name (any may be used). */
const EXAMPLE_STATE = `az://${AZURITE_ACCOUNT}/secure-aks/demo.json`;

export async function startEmulatorBlob(dataDir: string, port: number): Promise<BlobEmulatorHandle> {
  try {
    return await startBlobEmulator({ dataDir, port });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new UsageError(
        'PortInUse',
        `--blob-port ${port} is already in use on 127.0.0.1.`,
        'Pass another --blob-port, or omit it to take any free port.',
      );
    throw err;
  }
}

/** The lines after the ARM endpoint: where blobs are served, and the flags and env of a shared state on it. */
export function blobEmulatorLines(blob: BlobEmulatorHandle): string[] {
  return [
    blob.endpoint,
    `--state ${EXAMPLE_STATE} --state-endpoint ${blob.endpoint} --state-ca ${blob.caFile}`,
    `SECURE_AKS_STATE=${EXAMPLE_STATE} SECURE_AKS_STATE_ENDPOINT=${blob.endpoint} SECURE_AKS_STATE_CA=${blob.caFile}`,
  ];
}
