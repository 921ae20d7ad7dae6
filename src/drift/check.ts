/**
 * Asks Azure for drift on behalf of `status`, and turns "cannot ask now" (a run holds the lock, Azure
 * unreachable) into a reason instead of a failure: status must still show the journal. Reaching Azure
 * (lock, target, clients) is the caller's, passed in as `connect`.
 */
import { translateAzureError } from '../azure/errors.js';
import type { AzureClients } from '../azure/types.js';
import { SecureAksError } from '../core/errors.js';
import type { StateBackend } from '../state/backend.js';
import type { LockInfo } from '../state/lock.js';
import { jumphostKeyPath } from '../state/jumphost-key.js';
import { backendOf } from '../state/store.js';
import type { DeploymentState } from '../state/schema.js';
import { detectDrift, notChecked, type DriftReport } from './detect.js';

/** Who holds the state lock right now (a live process, or a run on another host), or undefined when no run does. */
export function liveLockHolder(state: string | StateBackend): Promise<LockInfo | undefined> {
  return backendOf(state).holder();
}

/**
 * "an init run (pid 42 on host-a, started …)": the holder named the way a person would say it. A blob
 * state's holder may be a teammate or a pipeline: its user and CI run are named too when it recorded them.
 */
export function describeHolder(info: Pick<LockInfo, 'command' | 'pid' | 'host' | 'startedAt' | 'user' | 'runUrl'>): string {
  const article = /^[aeiou]/i.test(info.command) ? 'an' : 'a';
  const who = `pid ${info.pid} on ${info.host}${info.user ? ` as ${info.user}` : ''}`;
  return `${article} ${info.command} run (${who}${info.startedAt ? `, started ${info.startedAt}` : ''}${info.runUrl ? `, ${info.runUrl}` : ''})`;
}

export async function checkDrift(options: {
  state: Readonly<DeploymentState>;
  /** The state's path or backend: whose lock to ask about, and where the jumphost key sits locally. */
  stateFile: string | StateBackend;
  signal: AbortSignal;
  /** The SDK clients of the deployment's subscription on its target; may throw (a lock, an unreachable target). */
  connect(): Promise<AzureClients>;
}): Promise<DriftReport> {
  const holder = await liveLockHolder(options.stateFile);
  if (holder) return notChecked(`${describeHolder(holder)} holds the state lock; check again when it ends`);
  try {
    const azure = await options.connect();
    const { STEPS } = await import('../steps/index.js');
    return await detectDrift({
      state: options.state,
      steps: STEPS,
      azure,
      jumphostKeyPath: jumphostKeyPath(backendOf(options.stateFile).location, options.state, options.state.config.name),
      signal: options.signal,
    });
  } catch (err) {
    const typed = err instanceof SecureAksError ? err : translateAzureError(err);
    return notChecked(`${typed.code}: ${typed.message}`, true);
  }
}
