import { azureErrorCode, messageOf } from './errors.js';
import { waitOver } from './waits.js';

/**
 * The retry module: every wait this tool makes for Azure is one of the named policies below, waits with
 * `sleep` (the one cancellable wait) and loops with `retryLoop` (the one retry loop). retry-pipeline.ts
 * applies the transient-HTTP policy to single requests inside the SDK clients' pipeline; `withRetries`
 * applies the operation-level policies to a whole call; `pollUntil` polls a resource that is still busy.
 */

/** Whose clock the numbers follow: Azure's, or the emulator's (loopback), which runs Azure's durations faster. */
export type Scale = 'azure' | 'emulator';

/** Tries in all (the first included), and the wait between them: the first, doubling up to the longest. */
export interface Tries {
  readonly attempts: number;
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * The named policies' numbers. Against the emulator they are short but generous: it scales Azure's
 * durations down by a speed factor the CLI does not know, so its bounds cover slow speeds too.
 */
export const RETRY_POLICIES = {
  /** Transient HTTP: one request sent again by retry-pipeline.ts, each wait said as progress. */
  transientHttp: {
    /**
     * 429 and 409 AnotherOperationInProgress: ARM answers them without acting on the request, so any
     * method may be sent again after a wait (https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling).
     */
    busy: {
      azure: { attempts: 11, firstDelayMs: 5000, maxDelayMs: 60_000 },
      emulator: { attempts: 11, firstDelayMs: 100, maxDelayMs: 1000 },
    },
    /**
     * 408, 5xx but 501/505, a broken connection, no answer in time: what the SDK's own retry retried, at
     * its scale (1 s doubling up to 64 s: https://learn.microsoft.com/javascript/api/@azure/core-rest-pipeline/pipelineretryoptions).
     */
    failure: {
      azure: { attempts: 7, firstDelayMs: 1000, maxDelayMs: 64_000 },
      emulator: { attempts: 7, firstDelayMs: 200, maxDelayMs: 2000 },
    },
    /** The longest Retry-After honoured (SECURE_AKS_RETRY_AFTER_CAP): Azure may ask for an hour, and a silent hour looks like a hang. */
    retryAfterCapMs: 60_000,
    /**
     * How long one request may go unanswered (SECURE_AKS_REQUEST_TIMEOUT): ARM answers in seconds (long
     * work is a long-running operation, polled), so a minute of silence is a stuck connection.
     */
    requestTimeoutMs: { azure: 60_000, emulator: 30_000 },
  },
  /** The wait between two sends of a whole operation (busy resource, eventual consistency). */
  operationBackoff: {
    azure: { firstDelayMs: 5000, maxDelayMs: 60_000 },
    emulator: { firstDelayMs: 100, maxDelayMs: 1000 },
  },
  /**
   * Conflict while a resource is busy: an operation that ends Failed because another one runs beside it
   * (https://github.com/Azure/bicep/issues/5132), or AKS refusing a write while the cluster is in an
   * operation (https://aka.ms/aks-pending-operation). A firewall update alone takes minutes
   * (https://learn.microsoft.com/azure/firewall/firewall-known-issues), hence half an hour.
   */
  busyResourceMs: { azure: 30 * 60_000, emulator: 120_000 },
  /**
   * Eventual consistency: a new role assignment takes up to 10 minutes to take effect
   * (https://learn.microsoft.com/azure/role-based-access-control/troubleshooting), AKS says up to 60 for its
   * identity (https://learn.microsoft.com/azure/aks/use-managed-identity); a new identity replicates to
   * RBAC in the meantime. 15 minutes by default, SECURE_AKS_ROLE_PROPAGATION_TIMEOUT for a slow tenant.
   */
  eventualConsistencyMs: { azure: 15 * 60_000, emulator: 60_000 },
  /**
   * Provisioning poll: a long-running operation, or a resource someone else is still changing, read again
   * until it settles. Operations take minutes (docs/azure-behaviour.md), so every 10 s is enough; a
   * Retry-After on a poll answer overrides the interval. Never faster than `minIntervalMs`.
   */
  provisioningPoll: {
    intervalMs: { azure: 10_000, emulator: 100 },
    minIntervalMs: 100,
    /** A resource another operation is changing; a cluster, whose operations take longest (docs/azure-behaviour.md), twice that. */
    budgetMs: 30 * 60_000,
    clusterBudgetMs: 60 * 60_000,
    /**
     * Registering a resource provider runs in the background, `Registering` until done
     * (https://learn.microsoft.com/azure/azure-resource-manager/management/resource-providers-and-types).
     */
    providerRegistrationMs: 10 * 60_000,
  },
  /** A new cluster whose pods are still Pending/ContainerCreating or nodes NotReady is read again a few times. */
  clusterSettling: { attempts: 6, pollIntervals: 3 },
  /** A runCommand pod that did not start (or a throttled/5xx answer) is tried again at once, up to 3 times. */
  runCommand: { attempts: 3 },
} as const;

/** How many times one request is sent before a 5xx (or a dropped connection) is final (fewer for a status never retried). */
export const REQUEST_ATTEMPTS = RETRY_POLICIES.transientHttp.failure.azure.attempts;

/** How long the operation-level waits are; tests and SECURE_AKS_ROLE_PROPAGATION_TIMEOUT override them. */
export interface RetryWaits {
  firstDelayMs: number;
  maxDelayMs: number;
  /** For in-operation conflicts and AKS pending operations. */
  busyBudgetMs: number;
  /** For role assignments to take effect and new identities to replicate. */
  rolePropagationMs: number;
}

export function defaultWaits(scale: Scale): RetryWaits {
  return {
    ...RETRY_POLICIES.operationBackoff[scale],
    busyBudgetMs: RETRY_POLICIES.busyResourceMs[scale],
    rolePropagationMs: RETRY_POLICIES.eventualConsistencyMs[scale],
  };
}

/** The wait before retry number `n` (1-based). */
export function backoffDelay(b: Pick<Tries, 'firstDelayMs' | 'maxDelayMs'>, n: number): number {
  return Math.min(b.maxDelayMs, b.firstDelayMs * 2 ** (n - 1));
}

/** What both the Node AbortSignal and the pipeline's AbortSignalLike offer. */
export interface SignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** Named AbortError, the way toAzureError and the engine recognise a cancellation. */
function abortError(): Error {
  const err = new Error('The operation was aborted.');
  err.name = 'AbortError';
  return err;
}

/** One timer, cleared when `signal` aborts. */
function pause(ms: number, signal?: SignalLike): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A wait longer than this is said again every this often with the time left, so it never looks like a hang. */
export const REMIND_EVERY_MS = 10_000;

export interface SleepOptions {
  /** Ctrl-C must not wait out a back-off: the sleep rejects with an AbortError at once. */
  signal?: SignalLike;
  /** Called every `remindEveryMs` while more than that is left, with the seconds left. */
  remind?: (secondsLeft: number) => void;
  remindEveryMs?: number;
}

/** The one sleep of the tool: cancellable, and saying the time left during a long wait. */
export async function sleep(ms: number, opts: SleepOptions = {}): Promise<void> {
  const every = opts.remindEveryMs ?? REMIND_EVERY_MS;
  let left = ms;
  while (opts.remind && left > every) {
    await pause(every, opts.signal);
    left -= every;
    opts.remind(Math.ceil(left / 1000));
  }
  await pause(left, opts.signal);
}

/** How one try ended. */
export type Outcome<T> = { value: T } | { error: unknown };

/** What to do before the next try. */
export interface NextTry {
  delayMs: number;
  remind?: (secondsLeft: number) => void;
  /** Something to wait for beside the delay (e.g. the cluster's running operation). */
  beside?: Promise<void>;
}

/**
 * The one retry loop: runs `attempt` (try number `n`, from 1), and asks `next` what its outcome means:
 * undefined ends the loop with it (the value returned, the error thrown), a NextTry sleeps and tries
 * again; `next` may also throw an error of its own (a bound spent).
 */
export async function retryLoop<T>(opts: {
  signal?: SignalLike;
  attempt(n: number): Promise<T>;
  next(outcome: Outcome<T>, n: number): NextTry | undefined;
}): Promise<T> {
  for (let n = 1; ; n++) {
    const outcome = await opts.attempt(n).then(
      (value): Outcome<T> => ({ value }),
      (error: unknown): Outcome<T> => ({ error }),
    );
    const next = opts.next(outcome, n);
    if (!next) {
      if ('error' in outcome) throw outcome.error;
      return outcome.value;
    }
    await Promise.all([sleep(next.delayMs, { signal: opts.signal, remind: next.remind }), next.beside]);
  }
}

/**
 * Provisioning poll: reads until `done` holds (a provider registered, a resource someone else is changing
 * settled). Returns the last value; throws `onTimeout(last)` once `timeoutMs` is spent.
 */
export async function pollUntil<T>(opts: {
  read: () => Promise<T>;
  done: (value: T) => boolean;
  /** The LRO poll interval; never faster than provisioningPoll.minIntervalMs. */
  intervalMs: number;
  timeoutMs: number;
  signal: SignalLike;
  onTimeout: (last: T) => Error;
}): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  const intervalMs = Math.max(opts.intervalMs, RETRY_POLICIES.provisioningPoll.minIntervalMs);
  return retryLoop({
    signal: opts.signal,
    attempt: opts.read,
    next: (outcome) => {
      if ('error' in outcome || opts.done(outcome.value)) return undefined;
      if (Date.now() >= deadline) throw opts.onTimeout(outcome.value);
      return { delayMs: intervalMs };
    },
  });
}

/** A wait this long or longer says when the next try comes (shorter ones pass before anyone reads it). */
const SAY_TIME_LEFT_FROM_MS = 5000;

/**
 * An operation-level policy, applied by withRetries around a whole call (retry-pipeline.ts retries single
 * requests): Azure answers that mean "try again" only after the request was accepted, or only after
 * something else has happened (a busy resource settling, a role assignment propagating).
 * Each policy is named, bounded in time and announces every wait through `progress`; when its bound is
 * spent the caller's last error is replaced by the policy's own, naming what to do next.
 */
export interface RetryPolicy {
  readonly name: string;
  matches(error: unknown): boolean;
  /** How long, from its first failure, this policy keeps retrying (ms). */
  readonly budgetMs: number;
  /** Wait before retry number `n` (1-based). */
  delayMs(n: number): number;
  /** The progress line for a wait, e.g. "waiting for role assignment to propagate (up to 15 min)". */
  waiting(error: unknown): string;
  /** Something to wait for before the retry (e.g. the cluster's running operation), beside the delay. */
  settle?(error: unknown): Promise<void>;
  /** The error to throw once the budget is spent (default: the last one). */
  exhausted?(error: unknown): Error;
}

export interface RetryHost {
  progress(message: string): void;
  readonly signal: SignalLike;
}

const backoff = (waits: RetryWaits) => (n: number) => backoffDelay(waits, n);
const minutes = (ms: number) => `${Math.max(1, Math.round(ms / 60_000))} min`;

/**
 * The LRO was accepted and then ended Failed because of something running beside it: another operation on
 * the resource or its parent, or a referenced resource not yet Succeeded (Azure/bicep#5132,
 * Azure/azure-sdk-for-go#588). The same idempotent PUT/DELETE succeeds once that is over.
 */
const IN_OPERATION_CODES = new Set([
  'AnotherOperationInProgress',
  'ReferencedResourceNotProvisioned',
  'RetryableError',
  'RetryableErrorDueToAnotherOperation',
]);

export function inOperationPolicy(waits: RetryWaits): RetryPolicy {
  return {
    name: 'in-operation-conflict',
    matches: (error) =>
      IN_OPERATION_CODES.has(azureErrorCode(error) ?? '') ||
      /ReferencedResourceNotProvisioned|AnotherOperationInProgress/.test(messageOf(error)),
    budgetMs: waits.busyBudgetMs,
    delayMs: backoff(waits),
    waiting: (error) => `Azure is busy with another operation (${azureErrorCode(error)}), retrying (up to ${minutes(waits.busyBudgetMs)})`,
  };
}

/** AKS refuses a write while an operation runs on the cluster: https://aka.ms/aks-pending-operation. */
export function isAksPendingOperation(error: unknown): boolean {
  return azureErrorCode(error) === 'OperationNotAllowed' && /aks-pending-operation|Another operation \(/i.test(messageOf(error));
}

/** Waits for the cluster's running operation (`settle`), then sends the same write again. */
export function aksPendingOperationPolicy(waits: RetryWaits, settle: () => Promise<void>): RetryPolicy {
  return {
    name: 'aks-pending-operation',
    matches: isAksPendingOperation,
    budgetMs: waits.busyBudgetMs,
    delayMs: backoff(waits),
    waiting: () => `another operation is in progress on the cluster, waiting for it to finish (up to ${minutes(waits.busyBudgetMs)})`,
    settle: () => settle(),
  };
}

/**
 * AKS checks the cluster identity's permissions before it acts, and a role assignment made moments ago may
 * not be effective yet: 400 CustomRouteTableMissingPermission (https://aka.ms/aks/customrt) or
 * LinkedAuthorizationFailed, both marked not retriable by AKS, while `az aks create` itself waits for role
 * propagation. Only for assignments this run made (the caller decides): otherwise the role is missing.
 */
const PROPAGATION_CODES = new Set(['CustomRouteTableMissingPermission', 'LinkedAuthorizationFailed']);

export function isPropagationRefusal(error: unknown): boolean {
  return PROPAGATION_CODES.has(azureErrorCode(error) ?? '');
}

export function rolePropagationPolicy(
  waits: RetryWaits,
  opts: { budgetMs?: number; matches?: (error: unknown) => boolean; exhausted: (error: unknown, waitedMs: number) => Error },
): RetryPolicy {
  const budgetMs = opts.budgetMs ?? waits.rolePropagationMs;
  return {
    name: 'role-propagation',
    matches: opts.matches ?? isPropagationRefusal,
    budgetMs,
    delayMs: backoff(waits),
    waiting: () => `waiting for role assignment to propagate (up to ${minutes(budgetMs)})`,
    exhausted: (error) => opts.exhausted(error, budgetMs),
  };
}

/**
 * A managed identity created moments ago may not be visible to Azure RBAC yet: a role assignment PUT
 * answers 400 PrincipalNotFound (replication lag; https://learn.microsoft.com/azure/role-based-access-control/role-assignments-template#new-service-principal).
 */
export function principalReplicationPolicy(waits: RetryWaits, exhausted: (error: unknown) => Error): RetryPolicy {
  return {
    name: 'principal-replication',
    matches: (error) => azureErrorCode(error) === 'PrincipalNotFound',
    budgetMs: waits.rolePropagationMs,
    delayMs: backoff(waits),
    waiting: () => 'identity not visible to Azure RBAC yet, retrying',
    exhausted,
  };
}

/** Runs `run` until it succeeds, fails with an error no policy matches, or a policy's budget is spent. */
export async function withRetries<T>(host: RetryHost, label: string, policies: readonly RetryPolicy[], run: () => Promise<T>): Promise<T> {
  const first = new Map<string, number>();
  const tries = new Map<string, number>();
  const value = await retryLoop({
    signal: host.signal,
    attempt: run,
    next: (outcome) => {
      if (!('error' in outcome)) return undefined;
      const { error } = outcome;
      if ((error as Error | undefined)?.name === 'AbortError') return undefined;
      const policy = policies.find((p) => p.matches(error));
      if (!policy) return undefined;
      const n = (tries.get(policy.name) ?? 0) + 1;
      tries.set(policy.name, n);
      const since = first.get(policy.name) ?? Date.now();
      first.set(policy.name, since);
      const delay = policy.delayMs(n);
      if (Date.now() - since + delay > policy.budgetMs) throw policy.exhausted?.(error) ?? error;
      const line = `${label}: ${policy.waiting(error)}`;
      host.progress(delay >= SAY_TIME_LEFT_FROM_MS ? `${line}; next try in ${Math.ceil(delay / 1000)} s` : line);
      return { delayMs: delay, remind: (left) => host.progress(`${line}; next try in ${left} s`), beside: policy.settle?.(error) };
    },
  });
  // "waiting for role assignment to propagate" must not outlive the wait.
  const waited = [...tries.values()].reduce((a, b) => a + b, 0);
  if (waited) waitOver(host, `${label}: done after ${waited + 1} tries`);
  return value;
}
