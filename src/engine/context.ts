import type { AzureClients } from '../azure/types.js';
import type { ResolvedConfig, ResourceNames } from '../config/types.js';
import type { IoHost } from '../io/host.js';
import type { StepRef } from '../io/events.js';
import { SecureAksError } from './errors.js';
import type { Journal } from './journal.js';
import type { InFlightOperation, Step, StepContext, StepId, StepOutputs } from './step.js';

/** What every step's context shares within one run. */
export interface RunEnvironment {
  config: ResolvedConfig;
  names: ResourceNames;
  deploymentId: string;
  azure: AzureClients;
  stateDir: string;
  journal: Journal;
  io: IoHost;
  signal: AbortSignal;
  /** Outputs produced in this run; plan mode leaves it empty and falls back to the journal. */
  outputs: Map<StepId, StepOutputs>;
  /** plan: checks only; recording an operation would mean a check is writing. */
  readOnly: boolean;
}

export function stepRef(step: Step): StepRef {
  return { number: step.number, id: step.id, title: step.title };
}

export function deploymentTags(deploymentId: string): Record<string, string> {
  return { 'managed-by': 'secure-aks', 'secure-aks-deployment': deploymentId };
}

/**
 * A step's window on the run. `outputs(id)` only answers for steps named in `dependsOn`: a step that
 * reads an undeclared step could be scheduled before it, so a wrong declaration fails loudly and at once.
 */
export function createStepContext(step: Step, env: RunEnvironment): StepContext {
  const ref = stepRef(step);
  const inFlightAtStart = env.journal.get(step.id)?.inFlight;
  const tags = deploymentTags(env.deploymentId);
  return {
    config: env.config,
    names: env.names,
    deploymentId: env.deploymentId,
    tags,
    azure: env.azure,
    stateDir: env.stateDir,
    signal: env.signal,
    outputs(id: StepId): StepOutputs {
      if (!step.dependsOn.includes(id)) {
        throw new SecureAksError(
          'UndeclaredDependency',
          `Step ${step.id} read the outputs of ${id} without declaring it in dependsOn.`,
          { source: 'tool', remediation: `Add '${id}' to the dependsOn list of step ${step.id}.` },
        );
      }
      return env.outputs.get(id) ?? env.journal.get(id)?.outputs ?? {};
    },
    progress(message: string): void {
      env.io.notify({ code: 'step.progress', step: ref, message });
    },
    async recordOperation(op: InFlightOperation | undefined): Promise<void> {
      if (env.readOnly) {
        throw new SecureAksError('CheckWrote', `Step ${step.id} started a long-running operation during a read-only check.`, { source: 'tool' });
      }
      await env.journal.update(step.id, { inFlight: op });
    },
    inFlight(): InFlightOperation | undefined {
      return inFlightAtStart;
    },
  };
}
