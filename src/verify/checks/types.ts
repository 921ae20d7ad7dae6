import type { Evidence } from '../evidence.js';

export type CheckResult = 'pass' | 'fail' | 'warn' | 'not-applicable';
export type CheckArea = 'api-server' | 'egress' | 'network' | 'cluster' | 'in-cluster' | 'addons';

export interface CheckOutcome {
  result: CheckResult;
  /** What the check saw, in one or two sentences naming the resources and values. */
  evidence: string;
  /** Overrides the check's default remediation when the fix depends on what was seen. */
  remediation?: string;
}

export interface Check {
  /** Stable id, `<area>.<name>`: scripts and the README refer to it. */
  id: string;
  area: CheckArea;
  title: string;
  /** Where the requirement comes from (AKS baseline, Azure Firewall docs, CIS AKS benchmark...). */
  baseline: string;
  docs: string;
  /** What to do when the check does not pass. */
  remediation: string;
  run(evidence: Evidence): CheckOutcome;
}

export const pass = (evidence: string): CheckOutcome => ({ result: 'pass', evidence });
export const fail = (evidence: string, remediation?: string): CheckOutcome => ({ result: 'fail', evidence, remediation });
export const warn = (evidence: string, remediation?: string): CheckOutcome => ({ result: 'warn', evidence, remediation });
export const notApplicable = (evidence: string): CheckOutcome => ({ result: 'not-applicable', evidence });

/** Most checks need the cluster; without it they cannot judge anything. */
export const NO_CLUSTER = notApplicable('The managed cluster could not be read.');
