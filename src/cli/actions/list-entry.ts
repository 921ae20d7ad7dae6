/**
 * One row of `secure-aks list`: a state read (never locked), its status in `status`'s words, and its drift
 * from the same read-only check `status` runs, against the target the state recorded.
 */
import { createAzureClients } from '../../azure/clients.js';
import { SecureAksError } from '../../core/errors.js';
import { checkDrift, describeHolder } from '../../drift/check.js';
import { driftUnknown, notChecked } from '../../drift/detect.js';
import type { StateCandidate, SkippedState } from '../../state/listing.js';
import type { LockInfo } from '../../state/lock.js';
import type { DeploymentState } from '../../state/schema.js';
import { parseState } from '../../state/store.js';
import { resolveTarget, type ResolvedTarget } from '../target.js';
import { OFFLINE, type ListedDeployment, type ListedDrift, type ListedStatus } from '../render/list.js';
import { stepsFromState } from './journal-steps.js';
import { statusExit } from './status-exit.js';

export interface EntryContext {
  offline: boolean;
  signal: AbortSignal;
  env: NodeJS.ProcessEnv;
  /** Sent on every ARM request of this listing. */
  correlationId: string;
}

/**
 * `status`'s exit reason as a word (healthy is `done`), with a live lock holder first (`running`: its steps
 * are in flight, not interrupted), a finished destroy (`destroyed`, as status's next-step hint says) and one
 * that stopped part-way (`incomplete`: `secure-aks destroy` deletes what is left).
 */
export function listedStatus(state: DeploymentState, holder: LockInfo | undefined): ListedStatus {
  if (holder && !holder.stopped) return 'running';
  const steps = stepsFromState(state, false);
  if (state.command === 'destroy') {
    if (steps.every((s) => s.status === 'pending')) return 'destroyed';
    // A destroy that stopped part-way: what its steps still record as done is being taken down, not healthy.
    if (!steps.some((s) => s.status === 'failed' || s.status === 'interrupted')) return 'incomplete';
  }
  const { reason } = statusExit(steps, notChecked('not asked'));
  return reason === 'failed' || reason === 'interrupted' ? reason : reason === 'healthy' ? 'done' : 'incomplete';
}

function unchecked(reason: string): ListedDrift {
  return { status: 'unchecked', reason };
}

/** Drift as `status` finds it, said as one word; anything that keeps the check from running is `unchecked` with why. */
async function driftOf(
  c: StateCandidate,
  state: DeploymentState,
  status: ListedStatus,
  holder: LockInfo | undefined,
  x: EntryContext,
): Promise<ListedDrift> {
  if (status === 'destroyed' || !Object.values(state.steps).some((s) => s?.status === 'done')) return { status: 'not-deployed' };
  if (x.offline) return unchecked(OFFLINE);
  if (holder) return unchecked(`${describeHolder(holder)} holds the state lock; check again when it ends`);
  // The embedded emulator's data lives beside the state on the machine that ran it, and serving it takes the
  // state's lock: listing neither has it nor takes locks.
  if (state.target.kind === 'emulator')
    return unchecked(`it runs on the embedded emulator; check it with \`secure-aks status --state ${c.state}\` where it was built`);
  let resolved: ResolvedTarget | undefined;
  try {
    const report = await checkDrift({
      state,
      stateFile: c.backend,
      signal: x.signal,
      connect: async () => {
        resolved = await resolveTarget({ emulator: false }, state.target, c.state, x.env);
        return createAzureClients({
          subscriptionId: state.config.subscriptionId,
          target: resolved.target,
          correlationId: x.correlationId,
          env: x.env,
        });
      },
    });
    if (report.drifted) {
      const drifted = report.steps.filter((s) => s.drifted).map((s) => `step ${s.number} (${s.id})`);
      return { status: 'drifted', reason: `${drifted.join(', ')} no longer match${drifted.length === 1 ? 'es' : ''} Azure` };
    }
    if (driftUnknown(report))
      return unchecked(
        report.reason ??
          report.steps
            .filter((s) => s.error)
            .map((s) => `step ${s.number} (${s.id}): ${s.error!.code}`)
            .join(', '),
      );
    return report.checked ? { status: 'none' } : unchecked(report.reason ?? 'Azure was not asked');
  } finally {
    await resolved?.close();
  }
}

/**
 * Reads one candidate: a deployment, or why it is not one (a foreign blob, a damaged or newer state, gone
 * since the listing). A storage refusal (permission, network) is thrown: the listing as a whole failed.
 */
export async function listEntry(c: StateCandidate, x: EntryContext): Promise<ListedDeployment | SkippedState> {
  const text = await c.backend.read();
  if (text === undefined) return { state: c.state, reason: 'deleted after it was listed' };
  let state: DeploymentState;
  try {
    JSON.parse(text);
  } catch {
    return { state: c.state, reason: 'not a secure-aks state' };
  }
  try {
    state = parseState(text, c.state);
  } catch (err) {
    if (!(err instanceof SecureAksError)) throw err;
    return { state: c.state, reason: err.code === 'StateFileForeign' ? 'not a secure-aks state' : `${err.code}: ${err.message}` };
  }
  const holder = c.holder ?? (c.backend.kind === 'file' ? await c.backend.holder() : undefined);
  const status = listedStatus(state, holder);
  return {
    state: c.state,
    name: state.config.name,
    resourceGroup: state.config.resourceGroup,
    region: state.config.location,
    deploymentId: state.deploymentId,
    status,
    lastRun: { command: state.command, at: state.updatedAt },
    ...(holder ? { holder } : {}),
    drift: await driftOf(c, state, status, holder, x),
  };
}

export function isDeployment(e: ListedDeployment | SkippedState): e is ListedDeployment {
  return 'deploymentId' in e;
}
