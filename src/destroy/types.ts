import type { AzureClients } from '../azure/types.js';
import type { ResolvedConfig, ResourceNames } from '../config/types.js';
import type { StepId } from '../core/step.js';

/** A resource destroy found in Azure and may delete: it carries this deployment's tag, or is a named child of one. */
export interface OwnedResource {
  id: string;
  /** ARM type as Azure spells it, e.g. Microsoft.Network/routeTables. */
  type: string;
  name: string;
  /** The step that created it: its journal entry becomes `pending` once all of its resources are gone. */
  step: StepId;
}

export interface DeletedResource {
  id: string;
  type: string;
}

/** Something destroy left in place, and why (never silently). */
export interface KeptResource {
  id: string;
  type: string;
  reason: string;
}

/** What one teardown action ended with. */
export type ActionOutcome =
  | { kind: 'deleted' }
  /** Already absent: a crashed run, the user, or a parent's deletion got there first. */
  | { kind: 'gone' }
  | { kind: 'kept'; reason: string };

/**
 * One unit of teardown. `run` re-reads Azure before it writes: what was true when the plan was shown
 * (a subnet in use, a foreign rule group) may have changed, and nothing is deleted on stale facts.
 */
export interface TeardownAction {
  resource: OwnedResource;
  /** Puts an adopted resource back instead of deleting it (the confirmation lists these apart). */
  restores?: true;
  run(env: TeardownEnv): Promise<ActionOutcome>;
}

/** Actions in one chain run one after another; the chains of a phase run side by side. */
export type Chain = TeardownAction[];

export interface Phase {
  /** For progress lines, e.g. "jumphost, Bastion and cluster". */
  label: string;
  chains: Chain[];
}

export interface TeardownPlan {
  phases: Phase[];
  /** Found but not ours to delete, with the reason. */
  kept: KeptResource[];
}

/** What every action needs: clients, names, the deployment id and a progress channel. */
export interface TeardownEnv {
  azure: AzureClients;
  config: ResolvedConfig;
  names: ResourceNames;
  deploymentId: string;
  signal: AbortSignal;
  progress(message: string): void;
  /** Runs writes that Azure serialises on one VNet (subnet PUTs) one at a time across chains. */
  oneAtATime<T>(write: () => Promise<T>): Promise<T>;
}

/** A queue for `oneAtATime`: each write starts when the previous one has settled. */
export function serialQueue(): <T>(write: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(write: () => Promise<T>) => {
    const next = tail.then(write, write);
    tail = next.catch(() => undefined);
    return next;
  };
}

/** What the plan deletes. */
export function plannedResources(plan: TeardownPlan): OwnedResource[] {
  return plan.phases.flatMap((p) =>
    p.chains
      .flat()
      .filter((a) => !a.restores)
      .map((a) => a.resource),
  );
}

/** Adopted resources the plan puts back as they were. */
export function restoredResources(plan: TeardownPlan): OwnedResource[] {
  return plan.phases.flatMap((p) =>
    p.chains
      .flat()
      .filter((a) => a.restores)
      .map((a) => a.resource),
  );
}
