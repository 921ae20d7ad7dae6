import { SecureAksError } from '../core/errors.js';
import type { StepId } from '../core/step.js';

export interface Schedulable {
  readonly id: StepId;
  readonly dependsOn: readonly StepId[];
  /** For a dependency named here: start once these of its outputs are published (see Step.needs). */
  readonly needs?: Partial<Record<StepId, readonly string[]>>;
}

export type Outcome = 'done' | 'skipped' | 'failed' | 'interrupted';
export type FinalState = Outcome | 'pending';

/** What the scheduler learns from outside the items' promises. */
export interface ScheduleHooks {
  /** Output keys an item has published so far (compared with the `needs` of its dependents). */
  published?(id: StepId): Iterable<string>;
  /** Registers the function that wakes the scheduler after a publication, so dependents start at once. */
  subscribe?(wake: () => void): void;
  /** Once per item: its final state, or 'pending' as soon as it is certain never to start. */
  settled?(id: StepId, state: FinalState): void;
}

const finished = (s: FinalState | undefined) => s === 'done' || s === 'skipped';

/** Refuses a dependency graph that names an unknown step or has a cycle: a bug in a step declaration. */
export function validateGraph(items: readonly Schedulable[]): void {
  const ids = new Set(items.map((i) => i.id));
  for (const item of items) {
    for (const dep of item.dependsOn) {
      if (!ids.has(dep)) {
        throw new SecureAksError('StepGraphInvalid', `Step ${item.id} depends on ${dep}, which is not part of this run.`, {
          source: 'tool',
        });
      }
    }
    for (const dep of Object.keys(item.needs ?? {}) as StepId[]) {
      if (!item.dependsOn.includes(dep)) {
        throw new SecureAksError('StepGraphInvalid', `Step ${item.id} needs outputs of ${dep} but does not list it in dependsOn.`, {
          source: 'tool',
        });
      }
    }
  }
  const state = new Map<StepId, 'visiting' | 'visited'>();
  const byId = new Map(items.map((i) => [i.id, i]));
  const visit = (id: StepId, path: StepId[]): void => {
    if (state.get(id) === 'visited') return;
    if (state.get(id) === 'visiting') {
      throw new SecureAksError('StepGraphInvalid', `Steps depend on each other in a cycle: ${[...path, id].join(' -> ')}.`, {
        source: 'tool',
      });
    }
    state.set(id, 'visiting');
    for (const dep of byId.get(id)!.dependsOn) visit(dep, [...path, id]);
    state.set(id, 'visited');
  };
  for (const item of items) visit(item.id, []);
}

/**
 * May `item` start? Each dependency must have finished (done or skipped), except one named in `needs`:
 * there it is enough that the listed outputs are published.
 */
export function mayStart(
  item: Schedulable,
  stateOf: (id: StepId) => FinalState | undefined,
  published: (id: StepId) => Iterable<string>,
): boolean {
  return item.dependsOn.every((dep) => {
    if (finished(stateOf(dep))) return true;
    const keys = item.needs?.[dep];
    if (!keys) return false;
    const have = new Set(published(dep));
    return keys.every((k) => have.has(k));
  });
}

/**
 * Starts each item as soon as what it depends on is ready (see mayStart), so independent items run
 * concurrently and a dependent can start while the step it needs is still finishing something long.
 * After a failure (or an abort) nothing new starts, but running items finish: stopping them halfway
 * would leave Azure operations orphaned. Items never started end 'pending'.
 */
export async function schedule<T extends Schedulable>(
  items: readonly T[],
  run: (item: T) => Promise<Outcome>,
  signal?: AbortSignal,
  hooks: ScheduleHooks = {},
): Promise<Map<StepId, FinalState>> {
  validateGraph(items);
  const result = new Map<StepId, FinalState>(items.map((i) => [i.id, 'pending']));
  const running = new Map<StepId, Promise<void>>();
  const published = (id: StepId) => hooks.published?.(id) ?? [];
  let stopped = false;
  let wake: () => void = () => undefined;
  hooks.subscribe?.(() => wake());

  const stop = () => {
    if (stopped) return;
    stopped = true;
    // Items waiting inside apply for one of these must not wait forever.
    for (const item of items) if (result.get(item.id) === 'pending' && !running.has(item.id)) hooks.settled?.(item.id, 'pending');
  };
  const ready = (item: T) =>
    result.get(item.id) === 'pending' && !running.has(item.id) && mayStart(item, (id) => result.get(id), published);

  for (;;) {
    if (signal?.aborted) stop();
    if (!stopped) {
      for (const item of items.filter(ready)) {
        const p = run(item)
          .catch((): Outcome => 'failed')
          .then((outcome) => {
            result.set(item.id, outcome);
            running.delete(item.id);
            hooks.settled?.(item.id, outcome);
            if (outcome === 'failed' || outcome === 'interrupted') stop();
          });
        running.set(item.id, p);
      }
    }
    if (running.size === 0) {
      stop();
      return result;
    }
    const woken = new Promise<void>((resolve) => (wake = resolve));
    await Promise.race([...running.values(), woken]);
  }
}
