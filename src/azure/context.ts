import type { InFlightOperation } from '../core/step.js';
import type { ResolvedConfig, ResourceNames } from '../config/types.js';
import type { AzureClients } from './types.js';

/**
 * The part of a step's context the Azure helpers (ids, lro, waits, role assignments) use: where the
 * deployment lives, the clients, Ctrl-C, progress lines and the in-flight journal. The engine's
 * StepContext extends it, so a step passes its own context to any helper.
 */
export interface AzureContext {
  readonly config: ResolvedConfig;
  readonly names: ResourceNames;
  readonly deploymentId: string;
  /** managed-by / secure-aks-deployment tags to put on everything the step creates. */
  readonly tags: Record<string, string>;
  /** User tag names the step put on its resources before that the configuration no longer has (removed from them). */
  readonly retiredTags?: readonly string[];
  readonly azure: AzureClients;
  /** A short progress line for the io host (e.g. "firewall afw-demo: Updating"). Never prints directly. */
  progress(message: string): void;
  /** Journal a long-running operation before awaiting it, so a crashed run can re-attach. */
  recordOperation(op: InFlightOperation | undefined): Promise<void>;
  /** The journaled operation of this step from an earlier (crashed) run, if any. */
  inFlight(): InFlightOperation | undefined;
  readonly signal: AbortSignal;
}
