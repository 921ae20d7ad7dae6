import { AbortError, ExitCode } from '../../core/errors.js';
import { mapBounded } from '../../core/map-bounded.js';
import type { CloudName } from '../../config/regions.js';
import { leaseSeconds } from '../../state/blob/backend.js';
import {
  blobBackendLocation,
  containerOfState,
  listBlobStates,
  listLocalStates,
  type SkippedState,
  type StateListing,
} from '../../state/listing.js';
import { isBlobState } from '../../state/location.js';
import type { CommandContext } from '../context.js';
import { Factory } from '../factory.js';
import type { CommonOptions } from '../flags.js';
import { listView } from '../views/list.js';
import { isDeployment, listEntry } from './list-entry.js';

export interface ListOptions {
  common: CommonOptions;
  /** --backend az://<account>/<container>[/<prefix>]; absent: the container of an az:// --state, else `.secure-aks/`. */
  backend?: string;
  /** Read the states only: no drift check in Azure. */
  offline: boolean;
  /** The cloud whose storage endpoints an az:// backend is on. */
  cloud?: CloudName;
}

/** States read (and drift-checked) at once: enough to be quick over a team's container, few enough to be polite to it. */
export const LIST_PARALLEL = 4;

/** The local directory `list` reads when no blob backend is named. */
export const LOCAL_STATE_DIR = '.secure-aks';

/**
 * list: every deployment state in a blob container (under a prefix) or in `.secure-aks/`, each with its
 * status, last run, holder and drift. It takes no lease or lock, and exits 0 whenever the listing worked:
 * a failed or drifted deployment is a finding shown in the list, not a failure of `list`.
 */
export async function runList(ctx: CommandContext, o: ListOptions): Promise<number> {
  const f = new Factory(ctx, { common: o.common, target: { emulator: false, cloud: o.cloud } });
  const view = listView(o.common.output, f.viewBase('list'));
  return f.run(view, async () => {
    const blob = o.backend ? blobBackendLocation(o.backend) : isBlobState(o.common.state) ? containerOfState(o.common.state) : undefined;
    const listing: StateListing = blob
      ? await listBlobStates(blob, { endpoint: o.common.stateEndpoint, caFile: o.common.stateCa, cloud: o.cloud }, leaseSeconds(ctx.env))
      : await listLocalStates(LOCAL_STATE_DIR);
    const entries = await mapBounded(listing.candidates, LIST_PARALLEL, (c) => {
      // Ctrl-C: no new reads; a drift check in flight stops on the signal and would read as "unchecked".
      if (ctx.signal.aborted) throw new AbortError();
      return listEntry(c, { offline: o.offline, signal: ctx.signal, env: ctx.env, correlationId: f.correlationId });
    });
    if (ctx.signal.aborted) throw new AbortError();
    const skipped: SkippedState[] = [...listing.skipped, ...entries.filter((e): e is SkippedState => !isDeployment(e))].sort((a, b) =>
      a.state < b.state ? -1 : 1,
    );
    view.list({ backend: blob?.url ?? LOCAL_STATE_DIR, local: !blob, deployments: entries.filter(isDeployment), skipped });
    return ExitCode.ok;
  });
}
