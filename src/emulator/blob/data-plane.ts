/**
 * The ARM emulator's link to the Azurite beside it: a container the management plane creates
 * (Microsoft.Storage blobContainers PUT) is created in Azurite too, so a state written by Entra ID to that
 * container finds it, as in Azure. Azurite serves only its built-in account (and those listed in
 * AZURITE_ACCOUNTS when it starts); a storage account of any other name has no data plane in the emulator.
 */
import type { StoragePipelineOptions } from '@azure/storage-blob';
import { emulatorStorageCredential } from '../../core/emulator-storage-token.js';
import type { BlobDataPlane } from '../core/contract.js';
import { AZURITE_ACCOUNT } from './azurite.js';

export interface BlobServiceLink {
  /** Azurite's endpoint, e.g. https://127.0.0.1:10000 (accounts addressed path-style). */
  endpoint: string;
  /** The CA its certificate chains to. */
  caPem: string;
}

export function blobDataPlane(link: BlobServiceLink): BlobDataPlane {
  return {
    async createContainer(account, container) {
      if (account !== AZURITE_ACCOUNT) return;
      const { BlobServiceClient } = await import('@azure/storage-blob');
      // The pipeline passes tlsOptions to Node's https agent (as the CLI's blob state client does).
      const options: StoragePipelineOptions & { tlsOptions: { ca: string } } = { tlsOptions: { ca: link.caPem } };
      const service = new BlobServiceClient(`${link.endpoint.replace(/\/+$/, '')}/${account}`, emulatorStorageCredential, options);
      await service.getContainerClient(container).createIfNotExists();
    },
  };
}
