import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CommandContext } from '../context.js';
import type { TimingProfile } from '../../emulator/core/timing.js';

export interface EmulatorOptions {
  port: number;
  data: string;
  speed: number;
  /** Durations: typical, or pessimistic (documented upper bounds with jitter drawn from `seed`). */
  timing: TimingProfile;
  seed: number;
}

/**
 * Serves the emulator until SIGINT/SIGTERM. The endpoint URL is the FIRST line of stdout so a script
 * can start it in the background and read where it listens.
 */
export async function runEmulator(ctx: CommandContext, options: EmulatorOptions): Promise<number> {
  // startEmulator creates it, or refuses a path that cannot be a directory.
  const dataDir = resolve(options.data);
  const { startEmulator } = await import('../../emulator/index.js');
  const emu = await startEmulator({ port: options.port, dataDir, speed: options.speed, timing: options.timing, seed: options.seed });
  const caFile = emu.caFile ?? join(dataDir, 'ca.pem');
  if (!existsSync(caFile)) writeFileSync(caFile, emu.caPem, { mode: 0o644 });
  ctx.output.out(emu.url);
  ctx.output.err(
    `ARM emulator listening on ${emu.url} (speed x${options.speed}, ${options.timing} timing); CA certificate: ${caFile}. Stop with Ctrl-C.`,
  );
  await new Promise<void>((done) => {
    if (ctx.signal.aborted) done();
    else ctx.signal.addEventListener('abort', () => done(), { once: true });
  });
  await emu.close();
  return 0;
}
