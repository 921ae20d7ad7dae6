import type { ResolvedConfig } from '../../config/types.js';
import type { RunResult } from '../../engine/result.js';
import type { PreflightReport } from '../../preflight/problems.js';
import type { OutputFormat } from '../flags.js';
import { renderRunJson } from '../render/json.js';
import { planSummary, renderPlan, type ApplyHintInput } from '../render/plan.js';
import { chooseView, type FailureView, type ViewBase } from './failure.js';

export interface PlannedRun {
  result: RunResult;
  deploymentId: string;
  preflight: PreflightReport;
  config: ResolvedConfig;
  /** What the plan ran with, repeated in the `init` command that applies it. */
  apply: ApplyHintInput;
  /** This run's log file, when a check failed. */
  logFile?: string;
}

/** plan's result: each step's changes, the totals and the command that applies them, or the JSON document with the preflight report. */
export interface PlanView extends FailureView {
  plan(run: PlannedRun): void;
}

export function planView(format: OutputFormat, v: ViewBase): PlanView {
  return chooseView(format, v, {
    json: {
      plan: (p) =>
        renderRunJson(v.output, v.command, p.result, {
          deploymentId: p.deploymentId,
          preflight: p.preflight,
          summary: planSummary(p.result.steps),
        }),
    },
    human: {
      plan: (p) => renderPlan(v.output, p.result, { chalk: v.colors().chalk, config: p.config, apply: p.apply, logFile: p.logFile }),
    },
  });
}
