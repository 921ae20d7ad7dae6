import type { AzureClients } from '../azure/types.js';
import type { ResolvedConfig, ResourceNames } from '../config/types.js';
import type { IoHost } from '../io/host.js';
import type { PlannedStep, StepRef } from '../io/events.js';
import { SecureAksError } from '../core/errors.js';
import type { Journal } from './journal.js';
import type { FinalState } from './schedule.js';
import type { InFlightOperation, StepId, StepOutputs } from '../core/step.js';
import type { Step, StepContext } from './step.js';
import { resourceTags, retiredTagNames, USER_TAGS_OUTPUT } from '../core/tags.js';
import { typicalMs } from './typical-durations.js';
import { waitingFor } from '../azure/waits.js';

/**
 * Who is finished and who published what, shared by the scheduler and the step contexts of one run:
 * publications wake the scheduler; `waitFor` inside a step resolves when the scheduler settles a step.
 */
export class RunBoard {
  private readonly wakes: Array<() => void> = [];
  private readonly states = new Map<StepId, FinalState>();
  private readonly waiters = new Map<StepId, Array<(state: FinalState) => void>>();

  onPublish(wake: () => void): void {
    this.wakes.push(wake);
  }

  published(): void {
    for (const wake of this.wakes) wake();
  }

  settle(id: StepId, state: FinalState): void {
    if (this.states.has(id)) return;
    this.states.set(id, state);
    for (const resolve of this.waiters.get(id) ?? []) resolve(state);
    this.waiters.delete(id);
  }

  /** How a step ended, if it has. */
  settled(id: StepId): FinalState | undefined {
    return this.states.get(id);
  }

  whenSettled(id: StepId): Promise<FinalState> {
    const known = this.states.get(id);
    if (known) return Promise.resolve(known);
    return new Promise((resolve) => this.waiters.set(id, [...(this.waiters.get(id) ?? []), resolve]));
  }
}

/** What every step's context shares within one run. */
export interface RunEnvironment {
  config: ResolvedConfig;
  names: ResourceNames;
  deploymentId: string;
  azure: AzureClients;
  jumphostKeyPath: string;
  journal: Journal;
  io: IoHost;
  signal: AbortSignal;
  /** Outputs produced (or published so far) in this run; plan mode leaves it empty and falls back to the journal. */
  outputs: Map<StepId, StepOutputs>;
  /** plan: checks only; recording an operation would mean a check is writing. */
  readOnly: boolean;
  /** Publications and finished steps of this run (absent: nothing runs concurrently, e.g. plan). */
  board?: RunBoard;
}

export function stepRef(step: Step): StepRef {
  return { number: step.number, id: step.id, title: step.title };
}

/** A step as run.start announces it: what it waits for and its typical duration at the target's speed. */
export function plannedStep(step: Step, speed: number | undefined): PlannedStep {
  const typical = typicalMs(step.id, speed);
  return { ...stepRef(step), after: [...step.dependsOn], ...(typical !== undefined ? { typicalMs: typical } : {}) };
}

/** Output keys a step has made available in this run (values that are still undefined do not count). */
export function publishedKeys(env: RunEnvironment, id: StepId): string[] {
  return Object.entries(env.outputs.get(id) ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);
}

function undeclared(step: Step, what: string, remediation: string): SecureAksError {
  return new SecureAksError('UndeclaredDependency', `Step ${step.id} ${what}.`, { source: 'tool', remediation });
}

/** Keys JavaScript itself probes on any object (await, JSON.stringify, inspection): never a step output. */
const LANGUAGE_KEYS = new Set(['then', 'toJSON', 'constructor', 'toString', 'valueOf']);

/** A view of `dep`'s outputs that throws for any key `step` did not list in needs[dep]. */
function guarded(step: Step, dep: StepId, outputs: StepOutputs, keys: readonly string[]): StepOutputs {
  const allowed = new Set(keys);
  return new Proxy(outputs, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && !allowed.has(prop) && !LANGUAGE_KEYS.has(prop)) {
        throw undeclared(
          step,
          `read output ${dep}.${prop}, which is not in its needs (${keys.join(', ') || 'none'})`,
          `Add '${prop}' to needs['${dep}'] of step ${step.id}, or await ctx.waitFor('${dep}') before reading it.`,
        );
      }
      return Reflect.get(target, prop, receiver);
    },
    ownKeys: (target) => Reflect.ownKeys(target).filter((k) => typeof k !== 'string' || allowed.has(k)),
  });
}

/**
 * A step's window on the run. `outputs(id)` only answers for steps named in `dependsOn`, and for a step
 * named in `needs` only the listed outputs until `waitFor(id)`: a step reading something it did not
 * declare could be scheduled before it exists, so a wrong declaration fails loudly and at once.
 */
export function createStepContext(step: Step, env: RunEnvironment): StepContext {
  const ref = stepRef(step);
  const inFlightAtStart = env.journal.get(step.id)?.inFlight;
  const tags = resourceTags(env.deploymentId, env.config.tags);
  const waited = new Set<StepId>();
  // One function per step context: the waits it announces are kept per progress callback (azure/waits.ts).
  const progress = (message: string): void => env.io.notify({ code: 'step.progress', step: ref, message });
  const assertDeclared = (id: StepId, verb: string) => {
    if (!step.dependsOn.includes(id)) {
      throw undeclared(step, `${verb} ${id} without declaring it in dependsOn`, `Add '${id}' to the dependsOn list of step ${step.id}.`);
    }
  };
  return {
    config: env.config,
    names: env.names,
    deploymentId: env.deploymentId,
    tags,
    retiredTags: retiredTagNames(env.journal.get(step.id)?.outputs?.[USER_TAGS_OUTPUT], tags),
    azure: env.azure,
    jumphostKeyPath: env.jumphostKeyPath,
    signal: env.signal,
    outputs(id: StepId): StepOutputs {
      assertDeclared(id, 'read the outputs of');
      const all = env.outputs.get(id) ?? env.journal.get(id)?.outputs ?? {};
      const keys = step.needs?.[id];
      return keys && !waited.has(id) ? guarded(step, id, all, keys) : all;
    },
    previousOutputs: () => env.journal.get(step.id)?.outputs ?? {},
    async remember(outputs: StepOutputs): Promise<void> {
      if (env.readOnly) {
        throw new SecureAksError('CheckWrote', `Step ${step.id} journaled outputs during a read-only check.`, { source: 'tool' });
      }
      await env.journal.update(step.id, { outputs: { ...env.journal.get(step.id)?.outputs, ...outputs } });
      env.outputs.set(step.id, { ...env.outputs.get(step.id), ...outputs });
    },
    publish(outputs: StepOutputs): void {
      if (env.readOnly) {
        throw new SecureAksError('CheckWrote', `Step ${step.id} published outputs during a read-only check.`, { source: 'tool' });
      }
      env.outputs.set(step.id, { ...env.outputs.get(step.id), ...outputs });
      env.io.notify({ code: 'debug', message: `${step.id} published ${Object.keys(outputs).join(', ')}` });
      env.board?.published();
    },
    async waitFor(id: StepId): Promise<void> {
      assertDeclared(id, 'waited for');
      // Without a board (plan) nothing runs alongside: checks read what Azure has now.
      const board = env.board;
      // A step already over is not waited for, so not announced either.
      const state = board
        ? (board.settled(id) ??
          (await waitingFor({ progress }, `step ${id} to finish`, () => board.whenSettled(id), { done: `step ${id} finished` })))
        : 'done';
      if (state !== 'done' && state !== 'skipped') {
        throw new SecureAksError(
          'DependencyNotDone',
          `Step ${step.id} cannot finish: step ${id} ${state === 'pending' ? 'did not run' : state}.`,
          {
            source: 'tool',
            remediation: `Fix what stopped step ${id}, then run \`secure-aks status --resume\`.`,
          },
        );
      }
      waited.add(id);
    },
    progress,
    async recordOperation(op: InFlightOperation | undefined): Promise<void> {
      if (env.readOnly) {
        throw new SecureAksError('CheckWrote', `Step ${step.id} started a long-running operation during a read-only check.`, {
          source: 'tool',
        });
      }
      await env.journal.update(step.id, { inFlight: op });
    },
    inFlight(): InFlightOperation | undefined {
      return inFlightAtStart;
    },
  };
}
