/**
 * Asks Azure for drift on behalf of `status`: reaches the deployment's recorded target, runs the checks,
 * and turns "cannot ask now" (a run holds the lock, Azure unreachable) into a reason instead of a failure:
 * status must still show the journal.
 */
import { createAzureClients, type ArmCallRecord } from '../azure/clients.js';
import type { ArmRecorder } from '../azure/record-policy.js';
import { translateAzureError } from '../azure/errors.js';
import { SecureAksError } from '../engine/errors.js';
import { acquireLock, liveHolder, type LockInfo, type StateLock } from '../state/lock.js';
import { jumphostKeyPath } from '../state/jumphost-key.js';
import type { DeploymentState } from '../state/schema.js';
import type { TargetOptions } from '../cli/flags.js';
import { resolveTarget, type ResolvedTarget } from '../cli/target.js';
import { detectDrift, notChecked, type DriftReport } from './detect.js';

/** Who holds the state lock right now (a live process, or a run on another host), or undefined when no run does. */
export function liveLockHolder(stateFile: string): Promise<LockInfo | undefined> {
  return liveHolder(stateFile);
}

/** "an init run (pid 42 on host-a, started …)": the holder named the way a person would say it. */
export function describeHolder(info: Pick<LockInfo, 'command' | 'pid' | 'host' | 'startedAt'>): string {
  const article = /^[aeiou]/i.test(info.command) ? 'an' : 'a';
  return `${article} ${info.command} run (pid ${info.pid} on ${info.host}${info.startedAt ? `, started ${info.startedAt}` : ''})`;
}

export async function checkDrift(options: {
  state: Readonly<DeploymentState>;
  stateFile: string;
  target: TargetOptions;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  onArmCall?: (call: ArmCallRecord) => void;
  /** Where a request-level retry says its wait. */
  onWait?: (message: string) => void;
  recorder?: ArmRecorder;
}): Promise<DriftReport> {
  const holder = await liveLockHolder(options.stateFile);
  if (holder) return notChecked(`${describeHolder(holder)} holds the state lock; check again when it ends`);
  let lock: StateLock | undefined;
  let target: ResolvedTarget | undefined;
  try {
    // The embedded emulator keeps its data beside the state file: only one process may serve it at a time.
    if (options.state.target.kind === 'emulator') lock = await acquireLock(options.stateFile, 'status');
    target = await resolveTarget(options.target, options.state.target, options.stateFile, options.env);
    const azure = createAzureClients({
      subscriptionId: options.state.config.subscriptionId,
      target: target.target,
      onArmCall: options.onArmCall,
      onWait: options.onWait,
      recorder: options.recorder,
      env: options.env,
    });
    const { STEPS } = await import('../steps/index.js');
    return await detectDrift({
      state: options.state,
      steps: STEPS,
      azure,
      jumphostKeyPath: jumphostKeyPath(options.stateFile, options.state, options.state.config.name),
      signal: options.signal,
    });
  } catch (err) {
    const typed = err instanceof SecureAksError ? err : translateAzureError(err);
    return notChecked(`${typed.code}: ${typed.message}`);
  } finally {
    await target?.close().catch(() => undefined);
    await lock?.release().catch(() => undefined);
  }
}
