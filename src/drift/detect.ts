/**
 * Drift: what changed in Azure since the journal recorded a step as done. Every done step's read-only
 * check runs again (the same checks `plan` and `init` use), so any change a check would make is drift,
 * and `init` repairs exactly that. Checks compare only what the step owns: what users added themselves
 * (extra subnets, routes, rules, tags) is never drift and never removed.
 */
import type { AzureClients } from '../azure/types.js';
import type { StepErrorRecord } from '../azure/errors.js';
import type { ResolvedConfig } from '../config/types.js';
import { MemoryJournal, type StepJournalEntry } from '../engine/journal.js';
import { planSteps } from '../engine/plan.js';
import { isWrite, type Change, type StepId } from '../core/step.js';
import type { Step } from '../engine/step.js';
import type { IoEvent } from '../io/events.js';
import type { IoHost } from '../io/host.js';
import type { DeploymentState } from '../state/schema.js';
import { describeChange } from './describe.js';

export interface StepDrift {
  number: number;
  id: StepId;
  title: string;
  /** The step's resources as Azure has them differ from what it built. */
  drifted: boolean;
  /** One sentence per difference, e.g. "route default-via-firewall in rt-demo is missing". */
  differences: string[];
  changes: Change[];
  /** The check itself failed (e.g. a permission was removed): drift unknown for this step. */
  error?: StepErrorRecord;
}

export interface DriftReport {
  /** false when Azure was not asked (offline, a run holds the lock, no step done yet). */
  checked: boolean;
  reason?: string;
  /** Azure was asked and the check could not run (unreachable, refused): drift unknown for every step. */
  failed?: boolean;
  drifted: boolean;
  steps: StepDrift[];
}

/** Checks run silently: their progress is not the status command's output. */
function quietHost(): IoHost {
  return {
    interactive: false,
    notify: (_e: IoEvent) => undefined,
    requestResponse: () => Promise.reject(new Error('drift checks never prompt')),
    close: () => undefined,
  };
}

export function notChecked(reason: string, failed = false): DriftReport {
  return { checked: false, reason, drifted: false, steps: [], ...(failed ? { failed } : {}) };
}

/** Azure was asked and could not answer for at least one done step: whether it still matches is unknown. */
export function driftUnknown(drift: Pick<DriftReport, 'failed' | 'steps'>): boolean {
  return !!drift.failed || drift.steps.some((s) => s.error);
}

export async function detectDrift(options: {
  state: Readonly<DeploymentState>;
  steps: readonly Step[];
  azure: AzureClients;
  jumphostKeyPath: string;
  signal?: AbortSignal;
}): Promise<DriftReport> {
  const { state } = options;
  const done = options.steps.filter((s) => state.steps[s.id]?.status === 'done');
  if (done.length === 0) return notChecked('no step is done yet');
  // A scratch copy of the journal: checks read earlier steps' outputs from it and never write.
  const journal = new MemoryJournal(state.steps as Partial<Record<StepId, StepJournalEntry>>);
  const plan = await planSteps({
    steps: options.steps,
    config: state.config as ResolvedConfig,
    deploymentId: state.deploymentId,
    azure: options.azure,
    jumphostKeyPath: options.jumphostKeyPath,
    journal,
    io: quietHost(),
    signal: options.signal,
  });
  const byId = new Map(plan.steps.map((s) => [s.id, s]));
  const steps = done
    .sort((a, b) => a.number - b.number)
    .map((step): StepDrift => {
      const checked = byId.get(step.id);
      // A read-only check the step would run is not a difference in Azure.
      const changes = (checked?.changes ?? []).filter(isWrite);
      const base = { number: step.number, id: step.id, title: step.title };
      if (checked?.status === 'failed') {
        return { ...base, drifted: false, differences: [], changes: [], ...(checked.error ? { error: checked.error } : {}) };
      }
      return { ...base, drifted: changes.length > 0, differences: changes.map(describeChange), changes };
    });
  return { checked: true, drifted: steps.some((s) => s.drifted), steps };
}
