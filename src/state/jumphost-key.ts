/**
 * Where a deployment's jumphost SSH private key lives: beside its state file, in a file named after the
 * state file (`<state file name>.<cluster>-jumphost.key`), so two state files in one directory never share
 * a key and `destroy` deletes only its own. The state records the file name (never the key), so a renamed
 * or linked state file keeps finding it. A deployment whose jumphost step ran before names were per state
 * file keeps the key it was built with, `<cluster>-jumphost.key`.
 */
import { basename, dirname, resolve } from 'node:path';
import { realStatePath } from './real-path.js';
import type { DeploymentState } from './schema.js';

type KeyRecord = Pick<DeploymentState, 'jumphostKeyFile' | 'steps'>;

/** The key's file name (relative to the state file's directory) for this deployment. */
export function jumphostKeyFile(stateFile: string, state: KeyRecord | undefined, clusterName: string): string {
  if (state?.jumphostKeyFile) return state.jumphostKeyFile;
  const bastion = state?.steps.bastion?.status;
  if (bastion === 'running' || bastion === 'done' || bastion === 'failed') return `${clusterName}-jumphost.key`;
  return `${basename(realStatePath(stateFile))}.${clusterName}-jumphost.key`;
}

/** The key's absolute path, beside the real state file. */
export function jumphostKeyPath(stateFile: string, state: KeyRecord | undefined, clusterName: string): string {
  return resolve(dirname(realStatePath(stateFile)), jumphostKeyFile(stateFile, state, clusterName));
}
