import { existsSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CLOUD_ENDPOINTS } from '../azure/clouds.js';
import type { CloudTarget } from '../azure/types.js';
import { UsageError } from '../core/errors.js';
import { prepareDataDir } from '../emulator/start-errors.js';
import { acquireLock } from '../state/lock.js';
import { realStatePath } from '../state/real-path.js';
import type { TargetOptions } from './flags.js';
import { assertSameTarget } from './target-match.js';

export interface ResolvedTarget {
  target: CloudTarget;
  /** How many times faster than Azure it runs: 1 on Azure, the embedded emulator's factor; unknown behind a URL. */
  speed?: number;
  /** Stops the embedded emulator (if this run started one). */
  close(): Promise<void>;
}

/** Default speed of the embedded emulator: a private cluster's nine minutes become nine seconds. */
const DEFAULT_EMBEDDED_SPEED = 60;

function embeddedSpeed(env: NodeJS.ProcessEnv): number {
  const raw = env.SECURE_AKS_EMULATOR_SPEED;
  if (raw === undefined || raw === '') return DEFAULT_EMBEDDED_SPEED;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) {
    throw new UsageError(
      'InvalidEmulatorSpeed',
      `SECURE_AKS_EMULATOR_SPEED="${raw}" is not a positive number.`,
      'Set it to e.g. 60 (sixty times faster than Azure).',
    );
  }
  return n;
}

/**
 * The embedded emulator's data of one deployment: `.<state file name>.emulator/` beside the (real) state
 * file, so two state files in one directory never share a store. States written before record their own
 * directory (`emulatorData`), which is kept.
 */
export function defaultEmulatorData(stateFile: string): string {
  const real = realStatePath(stateFile);
  return join(dirname(real), `.${basename(real)}.emulator`);
}

/**
 * Where this run's ARM calls go: flags first, else what the state file recorded, else real Azure; flags
 * that contradict the recorded target are refused (target-match.ts). `--emulator` starts the embedded
 * emulator on a fresh port with its data beside the state file, so later commands see the same resources.
 */
export async function resolveTarget(
  flags: TargetOptions,
  recorded: CloudTarget | undefined,
  stateFile: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ResolvedTarget> {
  assertSameTarget(flags, recorded, stateFile);
  const noFlags = !flags.emulator && !flags.armEndpoint;
  const cloud = flags.cloud ?? (noFlags ? recorded?.cloud : undefined) ?? 'AzureCloud';

  if (flags.emulator || (noFlags && recorded?.kind === 'emulator')) {
    const dataDir = recorded?.emulatorData ?? defaultEmulatorData(stateFile);
    // Before the store lock goes into it: a path that cannot be a directory is named, not an InternalError.
    prepareDataDir(dataDir);
    const speed = embeddedSpeed(env);
    // One embedded emulator per store at a time: a second one would write back its own copy on close and
    // lose what the first created (states written before per-state directories may share one).
    const storeLock = await acquireLock(join(dataDir, 'store.json'), 'embedded emulator', "embedded emulator's data lock");
    try {
      const { startEmulator } = await import('../emulator/index.js');
      const emu = await startEmulator({ dataDir, speed });
      const caFile = emu.caFile ?? join(dataDir, 'ca.pem');
      if (!existsSync(caFile)) writeFileSync(caFile, emu.caPem, { mode: 0o644 });
      return {
        target: { kind: 'emulator', cloud: 'AzureCloud', armEndpoint: emu.url, caFile, emulatorData: dataDir },
        speed,
        close: () => emu.close().finally(() => storeLock.release()),
      };
    } catch (err) {
      await storeLock.release();
      throw err;
    }
  }

  if (flags.armEndpoint || (noFlags && recorded?.kind === 'endpoint')) {
    const armEndpoint = (flags.armEndpoint ?? recorded!.armEndpoint).replace(/\/$/, '');
    const caFile = flags.armCa ?? (flags.armEndpoint ? undefined : recorded?.caFile);
    if (caFile && !existsSync(caFile)) {
      throw new UsageError(
        'ArmCaNotFound',
        `The CA file ${caFile} given by --arm-ca does not exist.`,
        'Pass the ca.pem the emulator wrote into its --data directory.',
      );
    }
    return { target: { kind: 'endpoint', cloud, armEndpoint, ...(caFile ? { caFile: resolve(caFile) } : {}) }, close: async () => {} };
  }

  if (flags.armCa)
    throw new UsageError(
      'ArmCaWithoutEndpoint',
      '--arm-ca was given without --arm-endpoint.',
      'Pass --arm-endpoint <url> too, or drop --arm-ca.',
    );
  return { target: { kind: 'azure', cloud, armEndpoint: CLOUD_ENDPOINTS[cloud].arm }, speed: 1, close: async () => {} };
}
