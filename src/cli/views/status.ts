import type { DriftReport } from '../../drift/detect.js';
import type { StepResult } from '../../engine/result.js';
import type { LockInfo } from '../../state/lock.js';
import type { DeploymentState } from '../../state/schema.js';
import type { OutputFormat } from '../flags.js';
import { renderDrift } from '../render/drift.js';
import { renderJson } from '../render/json.js';
import { renderStatus } from '../render/status.js';
import { chooseView, type FailureView, type ViewBase } from './failure.js';

/** What status found: the journal's steps, who holds the lock, and the drift in Azure. */
export interface DeploymentStatus {
  state: Readonly<DeploymentState>;
  steps: StepResult[];
  status: string;
  stateFile: string;
  holder?: LockInfo;
  drift: DriftReport;
}

export interface StatusView extends FailureView {
  status(s: DeploymentStatus): void;
}

export function statusView(format: OutputFormat, v: ViewBase): StatusView {
  return chooseView(format, v, {
    json: {
      status: ({ state, steps, status, stateFile, drift }) =>
        renderJson(v.output, {
          command: v.command,
          status,
          steps,
          extra: {
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
            drift,
          },
        }),
    },
    human: {
      status: (s) => {
        const chalk = v.colors().chalk;
        renderStatus(v.output, chalk, s.state, s.steps, s.status, s.stateFile, s.holder);
        renderDrift(v.output, chalk, s.drift, s.stateFile);
      },
    },
  });
}
