/** `state history`: the kept versions (snapshots) of an az:// state, newest first, and which one is current. */
import { UsageError } from '../../core/errors.js';
import type { StateBackend } from '../../state/backend.js';
import { BlobStateBackend } from '../../state/blob/backend.js';
import type { Factory } from '../factory.js';
import type { StateCommandOptions } from './state-options.js';

export interface HistoryVersion {
  /** What `state restore` takes: the snapshot's time as Azure names it. */
  version: string;
  /** When the version was kept (the snapshot's time, ISO). */
  keptAt: string;
  /** When the run that wrote it last saved it. */
  updatedAt?: string;
  revision: number;
  /** The command that wrote it (init, destroy, ...). */
  writtenBy?: string;
  deploymentId?: string;
  /** e.g. "10/10 done". */
  steps?: string;
  /** The current state holds this version. */
  current: boolean;
}

export interface StateHistory {
  state: string;
  versions: HistoryVersion[];
  /** The current state's revision when no kept version holds it yet (a run is writing it, or was killed). */
  unkeptRevision?: number;
}

/** The blob backend of an az:// --state; a local file keeps no versions: say how to get them. */
export function blobBackend(backend: StateBackend, what: string): BlobStateBackend {
  if (backend instanceof BlobStateBackend) return backend;
  throw new UsageError(
    'StateHistoryUnavailable',
    `${backend.location} is a local file: local state files keep no versions, so there is nothing to ${what}.`,
    `Keep the state as a blob, which keeps a version at the start and end of every run: \`secure-aks state push az://<account>/<container>/<path> --state ${backend.location}\`, then pass --state az://... from then on.`,
  );
}

export async function stateHistory(f: Factory, o: StateCommandOptions): Promise<StateHistory> {
  const backend = blobBackend(f.state(), 'list');
  const [kept, current] = await Promise.all([backend.history(), backend.current()]);
  if (!kept.length && !current)
    throw new UsageError(
      'NoStateFile',
      `There is no state at ${o.common.state}, and no kept version of one.`,
      'Check the az:// URL (`secure-aks list --backend az://<account>/<container>` lists the deployments there).',
    );
  const versions = kept.map(
    (v): HistoryVersion => ({
      version: v.version,
      keptAt: new Date(v.version).toISOString(),
      ...(v.summary.updatedAt ? { updatedAt: v.summary.updatedAt } : {}),
      revision: v.revision,
      ...(v.summary.command ? { writtenBy: v.summary.command } : {}),
      ...(v.summary.deploymentId ? { deploymentId: v.summary.deploymentId } : {}),
      ...(v.summary.steps ? { steps: v.summary.steps } : {}),
      current: false,
    }),
  );
  // Newest first: the first snapshot of the current revision is the current version.
  const same = current ? versions.find((v) => v.revision === current.revision) : undefined;
  if (same) same.current = true;
  return {
    state: o.common.state,
    versions,
    ...(current && !same ? { unkeptRevision: current.revision } : {}),
  };
}
