import type { ResolvedConfig } from '../../config/types.js';
import type { SecureAksError } from '../../core/errors.js';
import type { RunResult } from '../../engine/result.js';
import type { OutputFormat } from '../flags.js';
import { renderAccessSummary } from '../render/access-summary.js';
import { renderNothingChanged } from '../render/deployment-summary.js';
import { renderRunSummary } from '../render/human.js';
import { renderRunJson } from '../render/json.js';
import { chooseView, type FailureView, type ViewBase } from './failure.js';

/** What an init (or `status --resume`) run ended with. */
export interface FinishedRun {
  result: RunResult;
  deploymentId: string;
  stateFile: string;
  /** Why the state file is behind the run, if it is. */
  unsaved?: SecureAksError;
  config: ResolvedConfig;
  jumphostKeyPath: string;
  /** Writes Azure accepted during the steps: none means Azure already matched. */
  writes: number;
  /** This run's log file, when the run did not finish (the failure names it). */
  logFile?: string;
}

/** init's result: the step table, then how to reach the cluster; or the JSON document (`stateSaved: false` when behind). */
export interface InitView extends FailureView {
  result(run: FinishedRun): void;
}

export function initView(format: OutputFormat, v: ViewBase): InitView {
  return chooseView(format, v, {
    json: {
      result: ({ result, unsaved, deploymentId, stateFile }) =>
        renderRunJson(v.output, v.command, unsaved ? { ...result, error: unsaved } : result, {
          deploymentId,
          stateFile,
          ...(unsaved ? { stateSaved: false } : {}),
        }),
    },
    human: {
      result: (run) => {
        const chalk = v.colors().chalk;
        renderRunSummary(v.output, run.result, {
          stateFile: run.stateFile,
          chalk,
          unsaved: run.unsaved,
          logFile: run.logFile,
        });
        const finished = run.result.status === 'done' && !run.unsaved;
        if (finished) renderAccessSummary(v.output, chalk, run.config, run.jumphostKeyPath, run.stateFile);
        if (finished && run.writes === 0) renderNothingChanged(v.output, chalk);
      },
    },
  });
}
