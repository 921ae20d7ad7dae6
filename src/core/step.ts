/** What a step is and reports, as every layer sees it: its id, status, changes and outputs. */
export const STEP_IDS = [
  'identity',
  'network',
  'egress-route',
  'firewall-rules',
  'cluster',
  'private-endpoint',
  'nsg',
  'bastion',
  'health',
  'test-deployment',
] as const;
export type StepId = (typeof STEP_IDS)[number];

export type StepStatus = 'done' | 'skipped' | 'failed' | 'pending' | 'running';

/** One property that differs between what Azure has and what the step wants. */
export interface PropertyDiff {
  property: string;
  current: unknown;
  desired: unknown;
}

/**
 * What `check` found for one resource. `read` is a read-only check the step runs when applied (kubectl
 * through runCommand): it creates nothing in Azure, so a plan shows it but never counts it as a change.
 * `delete` is something of this deployment's that the configuration no longer wants (an add-on turned off).
 */
export interface Change {
  action: 'create' | 'update' | 'delete' | 'none' | 'read';
  /** ARM type, e.g. Microsoft.Network/routeTables or Microsoft.Network/routeTables/routes. */
  resourceType: string;
  name: string;
  /** Resource id when known (always for updates/none). */
  id?: string;
  /** For updates: the properties that differ. */
  diff?: PropertyDiff[];
  /** Said beside the name, e.g. who creates it when it is not this tool ("created by AKS with the cluster"). */
  note?: string;
}

/** True for a change that writes to Azure (or the cluster): a create, an update or a delete. */
export function isWrite(change: Pick<Change, 'action'>): boolean {
  return change.action === 'create' || change.action === 'update' || change.action === 'delete';
}

/** A step that needs nothing more: done, or skipped by the configuration. Anything else (pending, running, failed) runs again. */
export function isFinished(status: string | undefined): boolean {
  return status === 'done' || status === 'skipped';
}

/** Outputs a step returns; stored in the state journal and readable by dependent steps. */
export type StepOutputs = Record<string, string | number | boolean | string[] | undefined>;

/** A resumable long-running operation handle (the serialized poller), journaled while in flight. */
export interface InFlightOperation {
  resourceId: string;
  operation: 'create' | 'update' | 'delete';
  /** poller.toString() of the SDK poller, enough to re-attach after a crash. */
  resumeFrom: string;
  startedAt: string;
}

/**
 * A step's status as reported: the journal's, plus `interrupted` for a step the journal records as running
 * while no run holds the state lock (the process that ran it is gone: killed, crashed, powered off).
 */
export type ReportedStatus = StepStatus | 'interrupted';
