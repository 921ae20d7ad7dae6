import type { RunResult } from '../../engine/result.js';
import type { PreflightReport } from '../../preflight/problems.js';
import type { OutputFormat } from '../flags.js';
import { renderRunSummary } from '../render/human.js';
import { renderRunJson } from '../render/json.js';
import { chooseView, type FailureView, type ViewBase } from './failure.js';

export interface PlannedRun {
  result: RunResult;
  deploymentId: string;
  preflight: PreflightReport;
  stateFile: string;
}

/** plan's result: each step's finding and what to do next, or the JSON document with the preflight report. */
export interface PlanView extends FailureView {
  plan(run: PlannedRun): void;
}

export function planView(format: OutputFormat, v: ViewBase): PlanView {
  return chooseView(format, v, {
    json: {
      plan: (p) => renderRunJson(v.output, v.command, p.result, { deploymentId: p.deploymentId, preflight: p.preflight }),
    },
    human: {
      plan: (p) => renderRunSummary(v.output, p.result, { command: 'plan', stateFile: p.stateFile, chalk: v.colors().chalk }),
    },
  });
}
