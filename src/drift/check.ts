/**
 * Asks Azure for drift on behalf of `status`: reaches the deployment's recorded target, runs the checks,
 * and turns "cannot ask now" (a run holds the lock, Azure unreachable) into a reason instead of a failure:
 * status must still show the journal.
 */
import { dirname, resolve } from 'node:path';
import { readFile } from 'node:fs/promises';
import { createAzureClients, type ArmCallRecord } from '../azure/clients.js';
import { translateAzureError } from '../azure/errors.js';
import { SecureAksError } from '../engine/errors.js';
import { acquireLock, lockFileFor, processAlive, type StateLock } from '../state/lock.js';
import type { DeploymentState } from '../state/schema.js';
import type { TargetOptions } from '../cli/flags.js';
import { resolveTarget, type ResolvedTarget } from '../cli/target.js';
import { detectDrift, notChecked, type DriftReport } from './detect.js';

async function liveHolder(stateFile: string): Promise<string | undefined> {
  const raw = await readFile(lockFileFor(stateFile), 'utf8').catch(() => undefined);
  if (!raw) return undefined;
  try {
    const info = JSON.parse(raw) as { pid: number; host: string; command: string };
    return processAlive(info.pid) ? `a ${info.command} run (pid ${info.pid} on ${info.host}) holds the state lock; check again when it ends` : undefined;
  } catch {
    return undefined;
  }
}

export async function checkDrift(options: {
  state: Readonly<DeploymentState>;
  stateFile: string;
  target: TargetOptions;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  onArmCall?: (call: ArmCallRecord) => void;
}): Promise<DriftReport> {
  const busy = await liveHolder(options.stateFile);
  if (busy) return notChecked(busy);
  let lock: StateLock | undefined;
  let target: ResolvedTarget | undefined;
  try {
    // The embedded emulator keeps its data beside the state file: only one process may serve it at a time.
    if (options.state.target.kind === 'emulator') lock = await acquireLock(options.stateFile, 'status');
    target = await resolveTarget(options.target, options.state.target, options.stateFile, options.env);
    const azure = createAzureClients({ subscriptionId: options.state.config.subscriptionId, target: target.target, onArmCall: options.onArmCall });
    const { STEPS } = await import('../steps/index.js');
    return await detectDrift({ state: options.state, steps: STEPS, azure, stateDir: dirname(resolve(options.stateFile)), signal: options.signal });
  } catch (err) {
    const typed = err instanceof SecureAksError ? err : translateAzureError(err);
    return notChecked(`${typed.code}: ${typed.message}`);
  } finally {
    await target?.close().catch(() => undefined);
    await lock?.release().catch(() => undefined);
  }
}
