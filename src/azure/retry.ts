import { azureErrorCode, messageOf } from './errors.js';
import { abortableWithReminders, type SignalLike } from './retry-wait.js';

/** A wait this long or longer says when the next try comes (shorter ones pass before anyone reads it). */
const SAY_TIME_LEFT_FROM_MS = 5000;

/**
 * The operation-level half of the retry module (retry-pipeline.ts retries single requests): Azure answers
 * that mean "try again" only after the request was accepted, or only after something else has happened.
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

/** How long the waits are: seconds against the emulator, Azure's own scale against Azure. */
export interface RetryWaits {
  firstDelayMs: number;
  maxDelayMs: number;
  /** For in-operation conflicts and AKS pending operations. */
  busyBudgetMs: number;
  /** For role assignments to take effect (Azure: up to 10 min; AKS says up to 60 for its identity). */
  rolePropagationMs: number;
}

export interface RetryHost {
  progress(message: string): void;
  readonly signal: SignalLike;
}

const backoff = (waits: RetryWaits) => (n: number) => Math.min(waits.maxDelayMs, waits.firstDelayMs * 2 ** (n - 1));
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
  for (;;) {
    try {
      return await run();
    } catch (error) {
      if ((error as Error | undefined)?.name === 'AbortError') throw error;
      const policy = policies.find((p) => p.matches(error));
      if (!policy) throw error;
      const n = (tries.get(policy.name) ?? 0) + 1;
      tries.set(policy.name, n);
      const since = first.get(policy.name) ?? Date.now();
      first.set(policy.name, since);
      const delay = policy.delayMs(n);
      if (Date.now() - since + delay > policy.budgetMs) throw policy.exhausted?.(error) ?? error;
      const line = `${label}: ${policy.waiting(error)}`;
      host.progress(delay >= SAY_TIME_LEFT_FROM_MS ? `${line}; next try in ${Math.ceil(delay / 1000)} s` : line);
      await Promise.all([
        abortableWithReminders(delay, host.signal, (left) => host.progress(`${line}; next try in ${left} s`)),
        policy.settle?.(error),
      ]);
    }
  }
}
