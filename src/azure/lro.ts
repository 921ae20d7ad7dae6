import { inOperationPolicy, withRetries, type RetryPolicy } from './retry.js';
import type { InFlightOperation } from '../core/step.js';
import type { AzureContext } from './context.js';
import { sameId } from './ids.js';
import { isNotFound, statusCodeOf, toAzureError } from './errors.js';
import { resumeOpenWait, waitingFor } from './waits.js';

/** Options every LRO call gets: the client's poll interval and the run's cancellation signal. */
export function lroOptions(ctx: Pick<AzureContext, 'azure' | 'signal'>): { updateIntervalInMs: number; abortSignal: AbortSignal } {
  return { updateIntervalInMs: ctx.azure.pollIntervalMs, abortSignal: ctx.signal };
}

/**
 * A write whose LRO may end Failed because of something running beside it (in-operation
 * AnotherOperationInProgress, ReferencedResourceNotProvisioned, RetryableError): the same idempotent
 * PUT/DELETE is sent again after a back-off (retry.ts). Failures are rethrown as toAzureError(…, doing).
 */
export async function lroWrite<T>(
  ctx: Pick<AzureContext, 'azure' | 'signal' | 'progress'>,
  doing: string,
  call: () => Promise<T>,
  remediation?: string,
): Promise<T> {
  try {
    return await withRetries(ctx, doing, [inOperationPolicy(ctx.azure.waits)], call);
  } catch (error) {
    throw toAzureError(error, doing, remediation);
  } finally {
    // A short write beside a long wait (a route written while the firewall is created): the line is the wait's again.
    resumeOpenWait(ctx);
  }
}

/** The journaled operation of an earlier run for this resource, if there is one. */
export function inFlightFor(ctx: Pick<AzureContext, 'inFlight'>, resourceId: string): InFlightOperation | undefined {
  const op = ctx.inFlight();
  return op && sameId(op.resourceId, resourceId) ? op : undefined;
}

/** The poller of the classic clients (network, resources, authorization, msi): core-lro 2. */
export interface ClassicPoller<T> {
  /** The abort signal given here also cuts short the wait between polls (the begin options only cover requests). */
  pollUntilDone(options?: { abortSignal?: AbortSignal }): Promise<T>;
  toString(): string;
}

export interface ClassicLroSpec<T> {
  resourceId: string;
  /** Retry policies beside the in-operation one every journaled LRO gets (e.g. the cluster's). */
  policies?: readonly RetryPolicy[];
  operation: InFlightOperation['operation'];
  /** For progress and errors, e.g. "firewall afw-demo". */
  label: string;
  /** Calls `client.x.beginCreateOrUpdate(…, options)`; with `resumeFrom` the SDK re-attaches and sends nothing new. */
  begin(options: { updateIntervalInMs: number; abortSignal: AbortSignal; resumeFrom?: string }): Promise<ClassicPoller<T>>;
}

/** The poller of the TypeSpec clients (containerservice, compute): core-lro 3. */
export interface ModernPoller<T> extends PromiseLike<T> {
  submitted(): Promise<void>;
  serialize(): Promise<string>;
  pollUntilDone(options?: { abortSignal?: AbortSignal }): Promise<T>;
}

export interface ModernLroSpec<T> {
  resourceId: string;
  policies?: readonly RetryPolicy[];
  operation: InFlightOperation['operation'];
  label: string;
  /** Starts the operation, e.g. `client.managedClusters.createOrUpdate(rg, name, body, lroOptions(ctx))`. */
  start(): ModernPoller<T>;
  /** Re-attaches, e.g. `restorePoller(client, serialized, client.managedClusters.createOrUpdate, lroOptions(ctx))`. */
  restore(serialized: string): ModernPoller<T>;
}

/**
 * Runs a long operation (firewall, cluster) so a crashed or interrupted run can pick it up again:
 * the serialized poller is journaled before waiting, and cleared once the operation reached a terminal
 * state. When the journal already names an operation on this resource, re-attach to it instead of sending
 * a second create.
 */
export async function journaledLro<T>(ctx: AzureContext, spec: ClassicLroSpec<T>): Promise<T> {
  const opts = lroOptions(ctx);
  return runJournaled(ctx, spec, {
    resume: async (from) => (await spec.begin({ ...opts, resumeFrom: from })).pollUntilDone({ abortSignal: ctx.signal }),
    start: async () => {
      const poller = await spec.begin(opts);
      // Ctrl-C must not wait out a Retry-After of minutes.
      return { serialized: poller.toString(), done: () => poller.pollUntilDone({ abortSignal: ctx.signal }) };
    },
  });
}

/** journaledLro for the TypeSpec clients (restorePoller instead of resumeFrom). */
export async function journaledModernLro<T>(ctx: AzureContext, spec: ModernLroSpec<T>): Promise<T> {
  return runJournaled(ctx, spec, {
    resume: (from) => spec.restore(from).pollUntilDone({ abortSignal: ctx.signal }),
    start: async () => {
      const poller = spec.start();
      await poller.submitted();
      return { serialized: await poller.serialize(), done: () => poller.pollUntilDone({ abortSignal: ctx.signal }) };
    },
  });
}

async function runJournaled<T>(
  ctx: AzureContext,
  spec: { resourceId: string; operation: InFlightOperation['operation']; label: string; policies?: readonly RetryPolicy[] },
  how: {
    resume(serialized: string): Promise<T>;
    start(): Promise<{ serialized: string; done(): Promise<T> }>;
  },
): Promise<T> {
  const earlier = inFlightFor(ctx, spec.resourceId);
  if (earlier) {
    ctx.progress(`${spec.label}: re-attaching to the ${earlier.operation} started ${earlier.startedAt}`);
    try {
      return await finish(ctx, spec.label, how.resume(earlier.resumeFrom), earlier.operation);
    } catch (error) {
      // The operation record is gone (e.g. Azure expired it): the resource's own state decides what is next.
      // An operation that ended Failed for a reason worth retrying is sent again below.
      if (!isNotFound(error) && !retryable(ctx, spec.policies, error)) throw error;
      await ctx.recordOperation(undefined);
    }
  }
  // A start refused, or an operation ended Failed, for a reason a policy knows: the same PUT/DELETE again.
  return withRetries(ctx, spec.label, policiesFor(ctx, spec.policies), () => startAndFinish(ctx, spec, how));
}

function policiesFor(ctx: AzureContext, extra: readonly RetryPolicy[] = []): RetryPolicy[] {
  return [inOperationPolicy(ctx.azure.waits), ...extra];
}

function retryable(ctx: AzureContext, extra: readonly RetryPolicy[] | undefined, error: unknown): boolean {
  return policiesFor(ctx, extra).some((p) => p.matches(error));
}

async function startAndFinish<T>(
  ctx: AzureContext,
  spec: { resourceId: string; operation: InFlightOperation['operation']; label: string },
  how: { start(): Promise<{ serialized: string; done(): Promise<T> }> },
): Promise<T> {
  ctx.progress(`${spec.label}: ${spec.operation === 'delete' ? 'deleting' : spec.operation === 'create' ? 'creating' : 'updating'}`);
  let started: { serialized: string; done(): Promise<T> };
  try {
    started = await how.start();
  } catch (error) {
    throw toAzureError(error, `${verb(spec.operation)} ${spec.label}`);
  }
  await ctx.recordOperation({
    resourceId: spec.resourceId,
    operation: spec.operation,
    resumeFrom: started.serialized,
    startedAt: new Date().toISOString(),
  });
  return finish(ctx, spec.label, started.done(), spec.operation);
}

async function finish<T>(ctx: AzureContext, label: string, done: Promise<T>, operation: InFlightOperation['operation']): Promise<T> {
  try {
    // Said until Azure answers: the firewall's ~6 minutes must not show whatever was said before.
    const result = await waitingFor(ctx, `${label} to be ${participle(operation)}`, () => done, { done: `${label}: Succeeded` });
    await ctx.recordOperation(undefined);
    return result;
  } catch (error) {
    // A terminal failure ends the operation: nothing left to re-attach to. Anything else (abort, network)
    // keeps the journal so the next run re-attaches.
    if (isTerminalFailure(error)) await ctx.recordOperation(undefined);
    throw toAzureError(error, `${verb(operation)} ${label}`);
  }
}

function isTerminalFailure(error: unknown): boolean {
  const message = (error as Error | undefined)?.message ?? '';
  if (message.startsWith('The long-running operation has failed')) return true;
  // Azure refused a poll outright (4xx other than throttling/timeouts): retrying the same poller cannot help.
  const status = statusCodeOf(error);
  return status !== undefined && status >= 400 && status < 500 && ![404, 408, 429].includes(status);
}

function participle(operation: InFlightOperation['operation']): string {
  return operation === 'create' ? 'created' : operation === 'delete' ? 'deleted' : 'updated';
}

function verb(operation: InFlightOperation['operation']): string {
  return operation === 'create' ? 'Creating' : operation === 'delete' ? 'Deleting' : 'Updating';
}
