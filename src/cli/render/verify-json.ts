import type { ReportedStatus } from '../../core/step.js';
import type { VerifyReport } from '../../verify/index.js';
import type { Output } from './output.js';

/** A wizard step as verify reports it: the README's `-o json` `{ number, id, title, status }`. */
export interface VerifyStepJson {
  number: number;
  id: string;
  title: string;
  status: ReportedStatus;
}

/** Which cluster was audited, and through which ARM endpoint. */
export interface VerifiedCluster {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  armEndpoint: string;
}

/**
 * `verify -o json`: one document with `status` (pass | fail), `steps` (the init steps from the state
 * file; empty for a cluster audited by -g/-n without one) and every check with its evidence.
 */
export function renderVerifyJson(
  output: Output,
  report: VerifyReport,
  steps: VerifyStepJson[],
  cluster: VerifiedCluster,
  /** A failed audit's correlation id and run log, as `correlationId` and `logFile`. */
  support: { correlationId?: string; logFile?: string } = {},
): void {
  const doc = {
    command: 'verify',
    status: report.status,
    cluster,
    steps,
    checks: report.checks.map(({ id, area, title, result, evidence, remediation, docs, baseline }) => ({
      id,
      area,
      title,
      result,
      evidence,
      remediation,
      docs,
      baseline,
    })),
    readErrors: report.readErrors,
    ...(support.correlationId ? { correlationId: support.correlationId } : {}),
    ...(support.logFile ? { logFile: support.logFile } : {}),
  };
  output.out(JSON.stringify(doc, null, 2));
}
