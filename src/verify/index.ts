import type { AzureClients } from '../azure/types.js';
import type { ResourceNames } from '../config/types.js';
import { ALL_CHECKS } from './checks/index.js';
import type { CheckArea, CheckResult } from './checks/types.js';
import { collectEvidence } from './collect.js';
import type { Evidence } from './evidence.js';
import { collectInCluster } from './in-cluster.js';
import { clusterAddons } from './addons.js';
import { collectAddonsInCluster } from './in-cluster-addons.js';

export interface VerifyOptions {
  azure: AzureClients;
  resourceGroup: string;
  clusterName: string;
  /** The wizard's resource names when verifying its own deployment. */
  names?: Partial<ResourceNames>;
  /** Run kubectl and the egress probes inside the cluster through runCommand (takes minutes on Azure). */
  inCluster: boolean;
  signal?: AbortSignal;
  /** Progress lines for the io host (which command is running). */
  progress?: (message: string) => void;
}

export interface VerifiedCheck {
  id: string;
  area: CheckArea;
  title: string;
  result: CheckResult;
  evidence: string;
  remediation: string;
  docs: string;
  baseline: string;
}

export interface VerifyReport {
  /** fail when any check fails; warnings and not-applicable do not fail the audit. */
  status: 'pass' | 'fail';
  checks: VerifiedCheck[];
  /** Reads that failed for reasons other than absence (permissions, throttling); checks judged without them. */
  readErrors: string[];
}

/** Judges evidence with every check (or those listed). Pure: steps reuse it with the evidence they gathered. */
export function evaluate(evidence: Evidence, ids?: readonly string[]): VerifiedCheck[] {
  return ALL_CHECKS.filter((c) => !ids || ids.includes(c.id)).map((check) => {
    let outcome;
    try {
      outcome = check.run(evidence);
    } catch (error) {
      // A check must never take the whole audit down; report it as failed with what went wrong.
      outcome = { result: 'fail' as const, evidence: `The check could not evaluate the evidence: ${(error as Error).message}` };
    }
    return {
      id: check.id,
      area: check.area,
      title: check.title,
      result: outcome.result,
      evidence: outcome.evidence,
      remediation: outcome.result === 'pass' || outcome.result === 'not-applicable' ? '' : (outcome.remediation ?? check.remediation),
      docs: check.docs,
      baseline: check.baseline,
    };
  });
}

/**
 * The checks steps of `init` reuse as their post-conditions, so a step and `verify` can never disagree:
 * step 6 the API server's private endpoint and DNS, step 9 node and pod health, step 10 the egress proof.
 */
export const STEP_CHECKS = {
  'private-endpoint': ['api-server.private', 'api-server.private-endpoint', 'api-server.private-dns'],
  health: ['in-cluster.nodes-ready', 'in-cluster.system-pods'],
  'test-deployment': ['in-cluster.egress-allowed', 'in-cluster.egress-denied'],
} as const;

/** The listed checks that fail on this evidence (warnings and not-applicable do not). */
export const failingChecks = (evidence: Evidence, ids: readonly string[]): VerifiedCheck[] =>
  evaluate(evidence, ids).filter((c) => c.result === 'fail');

export const statusOf = (checks: readonly VerifiedCheck[]): 'pass' | 'fail' => (checks.some((c) => c.result === 'fail') ? 'fail' : 'pass');

/** The posture audit behind `secure-aks verify`: read-only except for the short-lived in-cluster probe pods. */
export async function runVerify(opts: VerifyOptions): Promise<VerifyReport> {
  const evidence = await collectEvidence(opts);
  if (opts.inCluster) {
    evidence.inCluster = await collectInCluster({ ...opts, progress: opts.progress });
    const addons = clusterAddons(evidence.cluster);
    if (addons.length && evidence.cluster)
      evidence.inCluster.addons = await collectAddonsInCluster(
        opts,
        addons,
        evidence.cloud ?? 'AzureCloud',
        evidence.cluster.location,
        evidence.keyVault?.host,
      );
  }
  const checks = evaluate(evidence);
  return { status: statusOf(checks), checks, readErrors: evidence.readErrors };
}

export { collectApiServerEvidence, collectEvidence } from './collect.js';
export { collectInCluster, commandEvidence, egressEvidence, HEALTH_COMMAND, inClusterOnly } from './in-cluster.js';
export { checkMetadata, checksMarkdownTable, groupByArea } from './report.js';
export { ALL_CHECKS } from './checks/index.js';
export type { Evidence } from './evidence.js';
export type { CheckArea, CheckResult } from './checks/types.js';
export { apiServerEndpoint } from './checks/api-server.js';
