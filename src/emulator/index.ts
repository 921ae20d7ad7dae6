/**
 * The local ARM emulator: real Azure SDK clients talk to it unmodified over HTTPS on 127.0.0.1.
 * `startEmulator` is used by `secure-aks emulator`, by `--emulator` runs and by tests.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, type RunningEmulator } from './core/server.js';
import { providers } from './providers/registry.js';
import { parseTimingProfile, type TimingProfile } from './core/timing.js';
import { prepareDataDir, startError } from './start-errors.js';
import { blobDataPlane, type BlobServiceLink } from './blob/data-plane.js';

export interface StartEmulatorOptions {
  /** 0 or omitted: any free port. */
  port?: number;
  /** Where the store, CA and server certificate persist; omitted: in memory only. */
  dataDir?: string;
  /** Simulated seconds per real second (default 60: a nine-minute cluster create takes nine seconds). */
  speed?: number;
  /** Strictness rules to start without, by name (see core/strictness.ts); all are on by default. */
  relax?: readonly string[];
  /** Durations: typical (default, or SECURE_AKS_EMULATOR_TIMING) or pessimistic (documented upper bounds). */
  timing?: TimingProfile;
  /** Seed of the pessimistic profile's jitter (default 1). */
  seed?: number;
}

export interface EmulatorHandle {
  url: string;
  caPem: string;
  /** `<dataDir>/ca.pem` when a data directory is used. */
  caFile?: string;
  /** Links the blob service beside it (Azurite): containers created through ARM are created there too. */
  linkBlobService(link: BlobServiceLink): void;
  close(): Promise<void>;
}

export const DEFAULT_SPEED = 60;
const PORT_FILE = 'emulator.json';

function rememberedPort(dataDir: string): number | undefined {
  try {
    const port = (JSON.parse(readFileSync(join(dataDir, PORT_FILE), 'utf8')) as { port?: unknown }).port;
    return typeof port === 'number' && Number.isInteger(port) && port > 0 ? port : undefined;
  } catch {
    return undefined;
  }
}

export async function startEmulator(options: StartEmulatorOptions = {}): Promise<EmulatorHandle & Pick<RunningEmulator, 'port'>> {
  const speed = options.speed ?? DEFAULT_SPEED;
  if (!(speed > 0)) throw new Error(`The emulator speed must be a positive number; got ${speed}.`);
  const { dataDir, relax } = options;
  const timing = options.timing ?? parseTimingProfile(process.env.SECURE_AKS_EMULATOR_TIMING, 'SECURE_AKS_EMULATOR_TIMING') ?? 'typical';
  parseTimingProfile(timing, 'timing');
  if (dataDir) prepareDataDir(dataDir);
  const config = { dataDir, speed, relax, timing, seed: options.seed, providers };
  // Without an explicit port, come back on the last one: status URLs of operations still in flight
  // (recorded by a client that wants to re-attach) name it.
  const remembered = options.port === undefined && dataDir ? rememberedPort(dataDir) : undefined;
  let emu: RunningEmulator;
  try {
    try {
      emu = await startServer({ ...config, port: remembered ?? options.port });
    } catch (err) {
      if (remembered === undefined || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
      emu = await startServer({ ...config, port: 0 });
    }
  } catch (err) {
    throw startError(err, options.port);
  }
  if (dataDir) writeFileSync(join(dataDir, PORT_FILE), JSON.stringify({ port: emu.port }) + '\n');
  return {
    url: emu.url,
    port: emu.port,
    caPem: emu.caPem,
    caFile: emu.caFile,
    linkBlobService: (link) => {
      emu.ctx.blobService = blobDataPlane(link);
    },
    close: emu.close,
  };
}

export { SUBSCRIPTION_ID as EMULATOR_SUBSCRIPTION_ID, TENANT_ID as EMULATOR_TENANT_ID } from './core/ids.js';
