import type { DriftReport } from '../../drift/detect.js';
import type { StepResult } from '../../engine/result.js';
import type { LockInfo } from '../../state/lock.js';
import type { DeploymentState } from '../../state/schema.js';
import type { OutputFormat } from '../flags.js';
import { renderDrift } from '../render/drift.js';
import { failureDetailLines } from '../render/failure-lines.js';
import { renderJson } from '../render/json.js';
import { renderStatus } from '../render/status.js';
import type { StatusExit } from '../actions/status-exit.js';
import type { RecordedResources } from '../actions/status-resources.js';
import { renderRecordedResources } from '../render/status-resources.js';
import { chooseView, type FailureView, type ViewBase } from './failure.js';

/** What status found: the journal's steps, who holds the lock, and the drift in Azure. */
export interface DeploymentStatus {
  state: Readonly<DeploymentState>;
  steps: StepResult[];
  status: string;
  stateFile: string;
  holder?: LockInfo;
  drift: DriftReport;
  /** What the steps recorded they built (names, addresses, the jumphost). */
  resources: RecordedResources;
  /** The exit code and its reason: 0 healthy, 11 failed, 12 interrupted, 13 drifted or unchecked, 14 incomplete. */
  exit: StatusExit;
  /** This run's log, when a drift check could not run: it holds the requests Azure refused or failed. */
  logFile?: string;
}

export interface StatusView extends FailureView {
  status(s: DeploymentStatus): void;
}

export function statusView(format: OutputFormat, v: ViewBase): StatusView {
  return chooseView(format, v, {
    json: {
      status: ({ state, steps, status, stateFile, drift, resources, exit, logFile }) =>
        renderJson(v.output, {
          command: v.command,
          status,
          steps,
          extra: {
            exitReason: exit.reason,
            deploymentId: state.deploymentId,
            stateFile,
            updatedAt: state.updatedAt,
            target: { kind: state.target.kind, cloud: state.target.cloud, armEndpoint: state.target.armEndpoint },
            config: {
              subscriptionId: state.config.subscriptionId,
              resourceGroup: state.config.resourceGroup,
              location: state.config.location,
              name: state.config.name,
            },
            resources,
            drift,
            ...(logFile ? { logFile } : {}),
          },
        }),
    },
    human: {
      status: (s) => {
        const chalk = v.colors().chalk;
        renderStatus(v.output, chalk, s.state, s.steps, s.status, s.stateFile, s.holder);
        renderRecordedResources(v.output, chalk, s.resources, s.state.config.resourceGroup, s.drift);
        renderDrift(v.output, chalk, s.drift, s.stateFile);
        if (s.logFile) v.output.out(failureDetailLines({ logFile: s.logFile }, chalk).join('\n'));
      },
    },
  });
}
