/**
 * Azurite, the official Azure Storage emulator (npm package `azurite`), serving the Blob service in this
 * process on loopback: the shared-state backend's stand-in for Azure Storage in tests and in the
 * `secure-aks emulator --blob` demo. It runs the way Azure answers an Entra ID client: HTTPS (bearer
 * tokens are refused over HTTP), OAuth token checks on (issuer, audience, lifetime), and the api-version
 * check on (the pinned @azure/storage-blob speaks the newest version this Azurite knows). No account key
 * or SAS is ever used; telemetry is off.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTls } from '../core/tls.js';

/** The account Azurite serves by default; `az://devstoreaccount1/<container>/<path>` names a state on it. */
export const AZURITE_ACCOUNT = 'devstoreaccount1';

export interface StartBlobEmulatorOptions {
  /** Where blobs persist (and the TLS material, shared with the ARM emulator's); omitted: in memory. */
  dataDir?: string;
  /** 0 or omitted: any free port. */
  port?: number;
}

export interface BlobEmulatorHandle {
  /** `https://127.0.0.1:<port>`: pass as --state-endpoint; the account name is appended path-style. */
  endpoint: string;
  port: number;
  caPem: string;
  /** A file holding caPem (the data directory's ca.pem, or a private temporary copy). */
  caFile: string;
  close(): Promise<void>;
}

interface AzuriteServer {
  start(): Promise<void>;
  close(): Promise<void>;
  clean(): Promise<void>;
  httpServer: { address(): { port: number } | string | null };
}

export async function startBlobEmulator(options: StartBlobEmulatorOptions = {}): Promise<BlobEmulatorHandle> {
  const scratch = options.dataDir ? undefined : mkdtempSync(join(tmpdir(), 'secure-aks-azurite-'));
  const dir = options.dataDir ?? scratch!;
  const tls = await ensureTls(dir);
  // ensureTls writes the leaf only with a data directory; a scratch directory is one, so the files exist.
  const certFile = join(dir, 'server.pem');
  const keyFile = join(dir, 'server-key.pem');
  const caFile = tls.caFile ?? join(dir, 'ca.pem');
  writeFileSync(caFile, tls.caPem);
  const store = join(dir, 'azurite');
  mkdirSync(store, { recursive: true, mode: 0o700 });

  // Azurite is CommonJS without type declarations; its server classes are loaded by path.
  const require = createRequire(import.meta.url);
  const { default: BlobConfiguration } = require('azurite/dist/src/blob/BlobConfiguration.js') as {
    default: new (...args: unknown[]) => unknown;
  };
  const { default: BlobServer } = require('azurite/dist/src/blob/BlobServer.js') as {
    default: new (config: unknown) => AzuriteServer;
  };
  const config = new BlobConfiguration(
    '127.0.0.1',
    options.port ?? 0,
    undefined, // keep-alive timeout: Azurite's default
    join(store, '__azurite_db_blob__.json'),
    join(store, '__azurite_db_blob_extent__.json'),
    [{ locationId: 'Default', locationPath: join(store, '__blobstorage__'), maxConcurrency: 10 }],
    false, // access log
    undefined,
    false, // debug log
    undefined,
    false, // loose: off, unsupported headers are refused as Azure would
    false, // skipApiVersionCheck: off
    certFile,
    keyFile,
    '',
    'basic', // OAuth: bearer tokens checked for issuer, audience and lifetime
  );
  const server = new BlobServer(config);
  await server.start();
  const address = server.httpServer.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `https://127.0.0.1:${port}`,
    port,
    caPem: tls.caPem,
    caFile,
    close: async () => {
      await server.close();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    },
  };
}
