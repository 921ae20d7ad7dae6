import type { TeardownResult } from '../../destroy/execute.js';
import type { StepResult } from '../../engine/result.js';
import type { OutputFormat } from '../flags.js';
import { renderDestroy } from '../render/destroy.js';
import { renderJson } from '../render/json.js';
import { chooseView, type FailureView, type ViewBase } from './failure.js';

export interface DestroyedDeployment {
  result: TeardownResult;
  /**
   * Each step as the state file records it once the teardown ended: `pending` when nothing of it is left,
   * `failed` with the error that stopped its teardown, and what it was before for a step not reached.
   */
  steps: StepResult[];
  deploymentId: string;
  stateFile: string;
}

/** destroy's result: what was deleted and kept and what to run next, or the JSON document. */
export interface DestroyView extends FailureView {
  result(d: DestroyedDeployment): void;
}

export function destroyView(format: OutputFormat, v: ViewBase): DestroyView {
  return chooseView(format, v, {
    json: {
      result: ({ result, steps, deploymentId, stateFile }) =>
        renderJson(v.output, {
          command: v.command,
          status: result.status,
          steps,
          extra: { deploymentId, stateFile, deleted: result.deleted, kept: result.kept },
          error: result.error,
        }),
    },
    human: {
      result: (d) => renderDestroy(v.output, d.result, { chalk: v.colors().chalk, deploymentId: d.deploymentId, stateFile: d.stateFile }),
    },
  });
}
