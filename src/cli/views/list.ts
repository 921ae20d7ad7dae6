import type { LockInfo } from '../../state/lock.js';
import type { SkippedState } from '../../state/listing.js';
import type { OutputFormat } from '../flags.js';
import { renderList } from '../render/list.js';
import { chooseView, type FailureView, type ViewBase } from './failure.js';

/** `status`'s words for a deployment (its exit reasons), plus `destroyed` and `running` (a live run holds its lock). */
export type ListedStatus = 'done' | 'failed' | 'interrupted' | 'incomplete' | 'destroyed' | 'running';

/** not-deployed: nothing to compare (no step done yet, or destroyed); unchecked says why in `reason`. */
export interface ListedDrift {
  status: 'none' | 'drifted' | 'unchecked' | 'not-deployed';
  reason?: string;
}

export interface ListedDeployment {
  /** The `--state` value that names it. */
  state: string;
  name: string;
  resourceGroup: string;
  region: string;
  deploymentId: string;
  status: ListedStatus;
  /** The command that last wrote the state, and when. */
  lastRun: { command: string; at: string };
  /** The run holding its lock (status `running`). */
  holder?: LockInfo;
  drift: ListedDrift;
}

export interface DeploymentList {
  /** `az://<account>/<container>[/<prefix>]`, or the local directory listed. */
  backend: string;
  /** The local `.secure-aks/` directory was listed (no --backend and no az:// --state). */
  local: boolean;
  deployments: ListedDeployment[];
  skipped: SkippedState[];
}

export interface ListView extends FailureView {
  list(l: DeploymentList): void;
}

export function listView(format: OutputFormat, v: ViewBase): ListView {
  return chooseView(format, v, {
    json: {
      list: ({ backend, deployments, skipped }) =>
        v.output.out(
          JSON.stringify(
            {
              command: v.command,
              backend,
              deployments: deployments.map((d) => ({
                state: d.state,
                name: d.name,
                resourceGroup: d.resourceGroup,
                region: d.region,
                deploymentId: d.deploymentId,
                status: d.status,
                lastRun: d.lastRun,
                ...(d.holder ? { holder: d.holder } : {}),
                drift: d.drift,
              })),
              skipped,
            },
            null,
            2,
          ),
        ),
    },
    human: {
      list: (l) => renderList(v.output, v.colors().chalk, l),
    },
  });
}
