import type { VerifyReport } from '../../verify/index.js';
import type { OutputFormat } from '../flags.js';
import { renderVerifyHuman } from '../render/verify-human.js';
import { renderVerifyJson, type VerifiedCluster, type VerifyStepJson } from '../render/verify-json.js';
import { chooseView, type FailureView, type ViewBase } from './failure.js';

export interface VerifyView extends FailureView {
  /** `steps` is asked for only by the JSON document (it reads the state lock to tell interrupted steps). */
  report(report: VerifyReport, cluster: VerifiedCluster, steps: () => Promise<VerifyStepJson[]>): Promise<void>;
}

export function verifyView(format: OutputFormat, v: ViewBase): VerifyView {
  return chooseView(format, v, {
    json: {
      report: async (report, cluster, steps) => renderVerifyJson(v.output, report, await steps(), cluster),
    },
    human: {
      report: async (report, cluster) => renderVerifyHuman(v.output, report, cluster, v.colors().chalk),
    },
  });
}
