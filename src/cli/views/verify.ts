import type { VerifyReport } from '../../verify/index.js';
import type { OutputFormat } from '../flags.js';
import { failureDetailLines } from '../render/failure-lines.js';
import { renderVerifyHuman } from '../render/verify-human.js';
import { renderVerifyJson, type VerifiedCluster, type VerifyStepJson } from '../render/verify-json.js';
import { chooseView, type FailureView, type ViewBase } from './failure.js';

export interface VerifyView extends FailureView {
  /**
   * `steps` is asked for only by the JSON document (it reads the state lock to tell interrupted steps);
   * `support` (a failed audit) names the run's correlation id and log, as every failure does.
   */
  report(report: VerifyReport, cluster: VerifiedCluster, steps: () => Promise<VerifyStepJson[]>, support?: VerifySupport): Promise<void>;
}

/** What support asks for after a failed audit: the correlation id of its requests and the run log. */
export interface VerifySupport {
  correlationId?: string;
  logFile?: string;
}

export function verifyView(format: OutputFormat, v: ViewBase): VerifyView {
  return chooseView(format, v, {
    json: {
      report: async (report, cluster, steps, support) => renderVerifyJson(v.output, report, await steps(), cluster, support),
    },
    human: {
      report: async (report, cluster, _steps, support) => {
        renderVerifyHuman(v.output, report, cluster, v.colors().chalk);
        const lines = support ? failureDetailLines(support, v.colors().chalk) : [];
        if (lines.length) v.output.out(lines.join('\n'));
      },
    },
  });
}
