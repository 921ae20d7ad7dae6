import type { ResolvedConfig, ResourceNames } from '../config/types.js';
import type { AzureClients } from '../azure/types.js';

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

/** What `check` found for one resource. */
export interface Change {
  action: 'create' | 'update' | 'none';
  /** ARM type, e.g. Microsoft.Network/routeTables or Microsoft.Network/routeTables/routes. */
  resourceType: string;
  name: string;
  /** Resource id when known (always for updates/none). */
  id?: string;
  /** For updates: the properties that differ. */
  diff?: PropertyDiff[];
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

export interface StepContext {
  readonly config: ResolvedConfig;
  readonly names: ResourceNames;
  readonly deploymentId: string;
  /** managed-by / secure-aks-deployment tags to put on everything the step creates. */
  readonly tags: Record<string, string>;
  readonly azure: AzureClients;
  /** Path of this deployment's jumphost SSH private key, beside the state file (mode 0600). */
  readonly jumphostKeyPath: string;
  /** Outputs of a step this step declared in `dependsOn`; throws for any other step (caught by tests). */
  outputs(step: StepId): StepOutputs;
  /**
   * Makes some outputs available before apply returns (e.g. the firewall policy id while the firewall is
   * still being created), so steps that `needs` only those can start. Merged into the final outputs.
   * Optional so contexts built outside the engine (test harnesses running steps one by one) may omit it.
   */
  publish?(outputs: StepOutputs): void;
  /**
   * Waits until a step named in dependsOn has finished (done or skipped); afterwards all its outputs are
   * readable. For a step this one started early on (see Step.needs). Rejects when that step failed or
   * will not run in this run.
   */
  waitFor?(step: StepId): Promise<void>;
  /** A short progress line for the io host (e.g. "firewall afw-demo: Updating"). Never prints directly. */
  progress(message: string): void;
  /** Journal a long-running operation before awaiting it, so a crashed run can re-attach. */
  recordOperation(op: InFlightOperation | undefined): Promise<void>;
  /** The journaled operation of this step from an earlier (crashed) run, if any. */
  inFlight(): InFlightOperation | undefined;
  readonly signal: AbortSignal;
}

export interface Step {
  readonly number: number;
  readonly id: StepId;
  readonly title: string;
  readonly dependsOn: readonly StepId[];
  /**
   * Finer start conditions for steps named in dependsOn: start as soon as the listed outputs of that step
   * are published instead of waiting for it to finish (an empty list: do not wait for it to start at all;
   * `waitFor` it inside apply where it matters). Only the listed outputs are readable until `waitFor`.
   */
  readonly needs?: Partial<Record<StepId, readonly string[]>>;
  /** Why the step does not apply with this configuration (e.g. --no-test-deployment); undefined = it applies. */
  skipReason?(config: ResolvedConfig): string | undefined;
  /** Read-only: asks Azure (never the state file) and returns the changes needed. */
  check(ctx: StepContext): Promise<Change[]>;
  /** Makes exactly the changes `check` returned; with none it only reads. Returns the step's outputs. */
  apply(ctx: StepContext, changes: Change[]): Promise<StepOutputs>;
  /** Post-conditions; throws AzureOperationError/SecureAksError naming what does not hold. */
  verify?(ctx: StepContext): Promise<void>;
  /** Deletes what this step created and tagged with this deployment id. */
  destroy?(ctx: StepContext): Promise<void>;
}
