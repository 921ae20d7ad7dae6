/**
 * Azurite (the official Azure Storage emulator) in this test's process, on loopback over HTTPS with its
 * OAuth check on, for blob-state tests: `stateFlags` point a CLI run at it, `container` is a client of the
 * test's own (for arranging and inspecting blobs the way another team member's run would).
 */
import type { ContainerClient } from '@azure/storage-blob';
import { AZURITE_ACCOUNT, startBlobEmulator, type BlobEmulatorHandle } from '../../src/emulator/blob/azurite.js';
import { containerClient } from '../../src/state/blob/access.js';
import { useStarted } from './emulator.js';

export { AZURITE_ACCOUNT };

export interface TestAzurite extends BlobEmulatorHandle {
  /** `az://devstoreaccount1/<container>/<path>`. */
  url(container: string, path: string): string;
  /** --state-endpoint and --state-ca for a CLI run. */
  stateFlags: string[];
  /** The same as env vars (for spawned runs). */
  stateEnv: Record<string, string>;
  /** A client of `container` (created when missing). */
  container(name: string): Promise<ContainerClient>;
}

export async function startTestAzurite(): Promise<TestAzurite> {
  const h = await startBlobEmulator();
  return {
    ...h,
    url: (container, path) => `az://${AZURITE_ACCOUNT}/${container}/${path}`,
    stateFlags: ['--state-endpoint', h.endpoint, '--state-ca', h.caFile],
    stateEnv: { SECURE_AKS_STATE_ENDPOINT: h.endpoint, SECURE_AKS_STATE_CA: h.caFile },
    container: async (name) => {
      const c = await containerClient(AZURITE_ACCOUNT, name, { endpoint: h.endpoint, caFile: h.caFile });
      await c.createIfNotExists();
      return c;
    },
  };
}

/** One Azurite per test file (started in beforeAll, closed in afterAll). */
export function useTestAzurite(): TestAzurite {
  return useStarted('useTestAzurite', startTestAzurite);
}
