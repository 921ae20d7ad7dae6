import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CommandContext } from '../context.js';
import type { TimingProfile } from '../../emulator/core/timing.js';
import { AZURITE_ACCOUNT, type BlobEmulatorHandle } from '../../emulator/blob/azurite.js';
import { blobEmulatorLines, startEmulatorBlob } from './emulator-blob.js';

export interface EmulatorOptions {
  port: number;
  data: string;
  speed: number;
  /** Durations: typical, or pessimistic (documented upper bounds with jitter drawn from `seed`). */
  timing: TimingProfile;
  seed: number;
  /** Also serve Azurite's Blob service (a shared state's stand-in for Azure Storage). */
  blob: boolean;
  /** Its port (0: any free port). */
  blobPort: number;
}

/**
 * Serves the emulator until SIGINT/SIGTERM. The endpoint URL is the FIRST line of stdout so a script
 * can start it in the background and read where it listens; with --blob the blob endpoint and the flags
 * of a shared state on it follow.
 */
export async function runEmulator(ctx: CommandContext, options: EmulatorOptions): Promise<number> {
  // startEmulator creates it, or refuses a path that cannot be a directory.
  const dataDir = resolve(options.data);
  const { startEmulator } = await import('../../emulator/index.js');
  const emu = await startEmulator({ port: options.port, dataDir, speed: options.speed, timing: options.timing, seed: options.seed });
  const caFile = emu.caFile ?? join(dataDir, 'ca.pem');
  if (!existsSync(caFile)) writeFileSync(caFile, emu.caPem, { mode: 0o644 });
  let blob: BlobEmulatorHandle | undefined;
  try {
    if (options.blob) blob = await startEmulatorBlob(dataDir, options.blobPort);
    if (blob) emu.linkBlobService({ endpoint: blob.endpoint, caPem: blob.caPem });
  } catch (err) {
    await emu.close();
    throw err;
  }
  ctx.output.out(emu.url);
  if (blob) for (const line of blobEmulatorLines(blob)) ctx.output.out(line);
  ctx.output.err(
    `ARM emulator listening on ${emu.url} (speed x${options.speed}, ${options.timing} timing); CA certificate: ${caFile}. Stop with Ctrl-C.`,
  );
  if (blob)
    ctx.output.err(`Azurite Blob service listening on ${blob.endpoint} (account ${AZURITE_ACCOUNT}, Entra ID tokens only; same CA).`);
  await new Promise<void>((done) => {
    if (ctx.signal.aborted) done();
    else ctx.signal.addEventListener('abort', () => done(), { once: true });
  });
  await Promise.all([emu.close(), blob?.close()]);
  return 0;
}
