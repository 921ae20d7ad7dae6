/**
 * How destroy writes the state file (no new fields: the step records of src/state/schema.ts say it all).
 * - A deleted resource's id disappears from its step's outputs at once (resource by resource).
 * - A step whose teardown finished goes back to `pending` with no outputs: nothing of it is deployed
 *   (anything left is the user's and was reported as kept). `init` would build it again from scratch.
 * - A step whose teardown failed is `failed` with Azure's code and message, and a hint to re-run destroy.
 * A re-run after a crash does not need the journal to continue: it asks Azure what is left.
 */
import { rm } from 'node:fs/promises';
import type { StepErrorRecord } from '../azure/errors.js';
import type { StepId, StepOutputs } from '../core/step.js';
import type { StateStore } from '../state/store.js';
import { sameId } from '../azure/ids.js';
import type { TeardownHooks } from './execute.js';

const refersTo = (value: StepOutputs[string], id: string) =>
  typeof value === 'string' ? sameId(value, id) : Array.isArray(value) && value.some((v) => sameId(v, id));

export function destroyJournal(store: StateStore, jumphostKeyPath: string): TeardownHooks {
  return {
    async onOutcome(resource, outcome) {
      const outputs = store.step(resource.step)?.outputs;
      if (outcome.kind === 'kept' || !outputs) return;
      const left = Object.fromEntries(Object.entries(outputs).filter(([, v]) => !refersTo(v, resource.id)));
      if (Object.keys(left).length !== Object.keys(outputs).length) await store.updateStep(resource.step, { outputs: left });
    },
    async onStepComplete(step) {
      // The jumphost's private key opens nothing any more once the VM is gone: do not leave it lying around.
      // Only this deployment's key: another state file in the same directory has its own.
      if (step === 'bastion') await rm(jumphostKeyPath, { force: true });
      if (!store.step(step)) return;
      await store.updateStep(step, {
        status: 'pending',
        outputs: undefined,
        startedAt: undefined,
        finishedAt: undefined,
        error: undefined,
        inFlight: undefined,
        changes: undefined,
      });
    },
  };
}

export async function recordFailures(store: StateStore, failed: Partial<Record<StepId, StepErrorRecord>>): Promise<void> {
  for (const [step, error] of Object.entries(failed)) {
    if (!error) continue;
    await store.updateStep(step as StepId, {
      status: 'failed',
      finishedAt: new Date().toISOString(),
      error,
    });
  }
}
