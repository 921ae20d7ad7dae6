import type { ResolvedConfig } from '../config/types.js';
import type { AzureContext } from '../azure/context.js';
import type { Change, StepId, StepOutputs } from '../core/step.js';

/** What a step sees: the Azure context its helpers use, plus the outputs of the steps it depends on. */
export interface StepContext extends AzureContext {
  /** Path of this deployment's jumphost SSH private key, beside the state file (mode 0600). */
  readonly jumphostKeyPath: string;
  /** Outputs of a step this step declared in `dependsOn`; throws for any other step (caught by tests). */
  outputs(step: StepId): StepOutputs;
  /**
   * Makes some outputs available before apply returns (e.g. the resource group id while the identity is
   * still being created), so steps that `needs` only those can start. Merged into the final outputs.
   */
  publish(outputs: StepOutputs): void;
  /**
   * This step's own outputs as the journal recorded them after its last apply (empty before the first).
   * Only for what Azure cannot tag (a maintenance configuration): the journal is then the one record that
   * this deployment created it.
   */
  previousOutputs(): StepOutputs;
  /**
   * Journals these outputs now, before a write whose ownership they record, so a kill -9 after the write
   * cannot lose it (the outputs of a finished apply are journaled only when the step ends). Read back by
   * previousOutputs() from then on.
   */
  remember(outputs: StepOutputs): Promise<void>;
  /**
   * Waits until a step named in dependsOn has finished (done or skipped); afterwards all its outputs are
   * readable. For a step this one started early on (see Step.needs). Rejects when that step failed or
   * will not run in this run.
   */
  waitFor(step: StepId): Promise<void>;
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
  /**
   * Brings Azure to what the step wants and returns the step's outputs. `changes` is advisory: what `check`
   * found just before (what `plan` shows, what the run summary counts), and Azure may have moved since
   * (another run, an operation finishing). So apply reads again what it needs; it may use `changes` to skip
   * what check found in place, and sends only writes that are harmless to repeat (a PUT of the desired
   * state, a provider registration). When every change is `none` it changes no resource.
   */
  apply(ctx: StepContext, changes: Change[]): Promise<StepOutputs>;
  /**
   * Post-conditions, read from Azure after apply: a step that cannot prove what it built is not done.
   * Throws AzureOperationError/SecureAksError naming what does not hold.
   */
  verify(ctx: StepContext): Promise<void>;
}
