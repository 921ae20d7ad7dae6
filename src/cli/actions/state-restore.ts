/**
 * `state restore <version>`: a kept version becomes the current state, under the state lock. Taking the
 * lock keeps the version being replaced (the backend snapshots at lock), and the write is conditional on
 * the ETag read under the lease, so nothing another run wrote is lost. Restoring changes the record
 * only: Azure keeps what it has, so the result names the steps whose record changed and points at status.
 */
import { AbortError, InputRequiredError, UsageError } from '../../core/errors.js';
import { summarize } from '../../state/blob/metadata.js';
import type { DeploymentState } from '../../state/schema.js';
import { parseState, saveState } from '../../state/store.js';
import type { Factory } from '../factory.js';
import { stepsFromState } from './journal-steps.js';
import { blobBackend } from './state-history.js';
import type { StateCommandOptions } from './state-options.js';

export const RESTORE_CONFIRM_SOURCE = { key: 'confirmation', flag: '--yes', env: 'SECURE_AKS_YES', configKey: '(none: pass --yes)' };

/** A snapshot id is the time Azure took it, e.g. 2026-12-05T07:23:46.1234567Z. */
const VERSION_ID = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$/;

export interface StepChange {
  id: string;
  title: string;
  /** Its status in the state that was replaced ("none" when there was no state). */
  was: string;
  now: string;
}

export interface RestoredState {
  state: string;
  version: string;
  deploymentId: string;
  /** e.g. "10/10 done". */
  steps?: string;
  /** The deployment the replaced state was of, when it differed (--force). */
  replacedDeploymentId?: string;
  /** Steps whose record changed: Azure may differ from the restored record there. */
  changed: StepChange[];
}

function versionMissing(state: string, version: string, why: string): UsageError {
  return new UsageError(
    'StateVersionNotFound',
    `${why} (${version}) of ${state}.`,
    `List the kept versions with \`secure-aks state history --state ${state}\` and pass one of their ids.`,
  );
}

function changedSteps(before: DeploymentState | undefined, after: DeploymentState): StepChange[] {
  const was = new Map((before ? stepsFromState(before, false) : []).map((s) => [s.id, s.status as string]));
  return stepsFromState(after, false)
    .filter((s) => (was.get(s.id) ?? 'none') !== s.status)
    .map((s) => ({ id: s.id, title: s.title, was: was.get(s.id) ?? 'none', now: s.status }));
}

export async function stateRestore(f: Factory, o: StateCommandOptions): Promise<RestoredState> {
  const version = o.version ?? '';
  const state = o.common.state;
  const backend = blobBackend(f.state(), 'restore');
  if (!VERSION_ID.test(version)) throw versionMissing(state, version, 'That is not a version id');
  // Refuse before the lock when no one can confirm.
  if (!o.common.yes && !f.session().io.interactive) throw new InputRequiredError([RESTORE_CONFIRM_SOURCE]);
  // Read before the lock: taking it keeps the current version, and the version asked for must be in hand first.
  const text = await backend.readVersion(version);
  if (text === undefined) throw versionMissing(state, version, 'There is no kept version');
  await f.lock('state restore', { mustExist: true });
  const restored = parseState(text, `${state} version ${version}`);
  // Read under the lease: this run's write goes only over this version (its ETag).
  const currentText = await backend.read();
  const current = currentText === undefined ? undefined : parseState(currentText, state);
  if (current && current.deploymentId !== restored.deploymentId && !o.force)
    throw new UsageError(
      'StateVersionOtherDeployment',
      `Version ${version} of ${state} is of deployment ${restored.deploymentId}, but the state now holds deployment ${current.deploymentId}.`,
      'Restoring it would make this state describe other Azure resources. Pass --force if that is what you mean, or pick a version of the same deployment (`secure-aks state history`).',
    );
  const io = f.session().io;
  if (!o.common.yes) {
    const ok = await io.requestResponse({
      kind: 'confirm',
      code: 'state.restore.confirm',
      message: `Replace the current state of ${state} (${current ? summarize(currentText!).steps : 'none'}) with version ${version} (${summarize(text).steps})? Azure is not changed.`,
      default: false,
      source: RESTORE_CONFIRM_SOURCE,
    });
    if (!ok) throw new AbortError('Nothing was restored.');
  }
  // Written now: a copy saved before this restore (a pulled file) is older, so pushing it later is refused.
  await saveState(backend, { ...restored, updatedAt: new Date().toISOString() });
  f.stopProgress();
  return {
    state,
    version,
    deploymentId: restored.deploymentId,
    ...(summarize(text).steps ? { steps: summarize(text).steps } : {}),
    ...(current && current.deploymentId !== restored.deploymentId ? { replacedDeploymentId: current.deploymentId } : {}),
    changed: changedSteps(current, restored),
  };
}
