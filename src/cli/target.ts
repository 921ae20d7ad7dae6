import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { CloudTarget } from '../azure/types.js';
import { UsageError } from '../engine/errors.js';
import type { TargetOptions } from './flags.js';

export const ARM_ENDPOINTS: Record<CloudTarget['cloud'], string> = {
  AzureCloud: 'https://management.azure.com',
  AzureChinaCloud: 'https://management.chinacloudapi.cn',
  AzureUSGovernment: 'https://management.usgovcloudapi.net',
};

export interface ResolvedTarget {
  target: CloudTarget;
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
    throw new UsageError('InvalidEmulatorSpeed', `SECURE_AKS_EMULATOR_SPEED="${raw}" is not a positive number.`, 'Set it to e.g. 60 (sixty times faster than Azure).');
  }
  return n;
}

/**
 * Where this run's ARM calls go: flags first, else what the state file recorded, else real Azure.
 * `--emulator` starts the embedded emulator on a fresh port with its data beside the state file, so
 * later commands see the same resources.
 */
export async function resolveTarget(
  flags: TargetOptions,
  recorded: CloudTarget | undefined,
  stateFile: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ResolvedTarget> {
  const noFlags = !flags.emulator && !flags.armEndpoint;
  const cloud = flags.cloud ?? (noFlags ? recorded?.cloud : undefined) ?? 'AzureCloud';

  if (flags.emulator || (noFlags && recorded?.kind === 'emulator')) {
    const dataDir = (noFlags || flags.emulator ? recorded?.emulatorData : undefined) ?? join(dirname(resolve(stateFile)), 'emulator');
    const { startEmulator } = await import('../emulator/index.js');
    const emu = await startEmulator({ dataDir, speed: embeddedSpeed(env) });
    const caFile = emu.caFile ?? join(dataDir, 'ca.pem');
    if (!existsSync(caFile)) writeFileSync(caFile, emu.caPem, { mode: 0o644 });
    return {
      target: { kind: 'emulator', cloud: 'AzureCloud', armEndpoint: emu.url, caFile, emulatorData: dataDir },
      close: () => emu.close(),
    };
  }

  if (flags.armEndpoint || (noFlags && recorded?.kind === 'endpoint')) {
    const armEndpoint = (flags.armEndpoint ?? recorded!.armEndpoint).replace(/\/$/, '');
    const caFile = flags.armCa ?? (flags.armEndpoint ? undefined : recorded?.caFile);
    if (caFile && !existsSync(caFile)) {
      throw new UsageError('ArmCaNotFound', `The CA file ${caFile} given by --arm-ca does not exist.`, 'Pass the ca.pem the emulator wrote into its --data directory.');
    }
    return { target: { kind: 'endpoint', cloud, armEndpoint, ...(caFile ? { caFile: resolve(caFile) } : {}) }, close: async () => {} };
  }

  if (flags.armCa) throw new UsageError('ArmCaWithoutEndpoint', '--arm-ca was given without --arm-endpoint.', 'Pass --arm-endpoint <url> too, or drop --arm-ca.');
  return { target: { kind: 'azure', cloud, armEndpoint: ARM_ENDPOINTS[cloud] }, close: async () => {} };
}
