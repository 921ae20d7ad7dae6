import { SecureAksError } from './errors.js';
import type { StepId } from './step.js';

export interface Schedulable {
  readonly id: StepId;
  readonly dependsOn: readonly StepId[];
}

export type Outcome = 'done' | 'skipped' | 'failed' | 'interrupted';
export type FinalState = Outcome | 'pending';

/** Refuses a dependency graph that names an unknown step or has a cycle: a bug in a step declaration. */
export function validateGraph(items: readonly Schedulable[]): void {
  const ids = new Set(items.map((i) => i.id));
  for (const item of items) {
    for (const dep of item.dependsOn) {
      if (!ids.has(dep)) {
        throw new SecureAksError('StepGraphInvalid', `Step ${item.id} depends on ${dep}, which is not part of this run.`, { source: 'tool' });
      }
    }
  }
  const state = new Map<StepId, 'visiting' | 'visited'>();
  const byId = new Map(items.map((i) => [i.id, i]));
  const visit = (id: StepId, path: StepId[]): void => {
    if (state.get(id) === 'visited') return;
    if (state.get(id) === 'visiting') {
      throw new SecureAksError('StepGraphInvalid', `Steps depend on each other in a cycle: ${[...path, id].join(' -> ')}.`, { source: 'tool' });
    }
    state.set(id, 'visiting');
    for (const dep of byId.get(id)!.dependsOn) visit(dep, [...path, id]);
    state.set(id, 'visited');
  };
  for (const item of items) visit(item.id, []);
}

/**
 * Starts each item as soon as every item it depends on is done or skipped, so independent items run
 * concurrently. After a failure (or an abort) nothing new starts, but running items finish: stopping
 * them halfway would leave Azure operations orphaned. Items never started end 'pending'.
 */
export async function schedule<T extends Schedulable>(
  items: readonly T[],
  run: (item: T) => Promise<Outcome>,
  signal?: AbortSignal,
): Promise<Map<StepId, FinalState>> {
  validateGraph(items);
  const result = new Map<StepId, FinalState>(items.map((i) => [i.id, 'pending']));
  const running = new Map<StepId, Promise<void>>();
  let stopped = false;

  const ready = (item: T) =>
    result.get(item.id) === 'pending' &&
    !running.has(item.id) &&
    item.dependsOn.every((d) => result.get(d) === 'done' || result.get(d) === 'skipped');

  for (;;) {
    if (signal?.aborted) stopped = true;
    if (!stopped) {
      for (const item of items.filter(ready)) {
        const p = run(item)
          .catch((): Outcome => 'failed')
          .then((outcome) => {
            result.set(item.id, outcome);
            running.delete(item.id);
            if (outcome === 'failed' || outcome === 'interrupted') stopped = true;
          });
        running.set(item.id, p);
      }
    }
    if (running.size === 0) return result;
    await Promise.race(running.values());
  }
}
