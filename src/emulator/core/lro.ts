/**
 * The long-running-operation engine. An operation is plain data (its outcome is decided when it starts)
 * kept in the store, so an operation in flight survives an emulator restart and completes once its
 * simulated time has passed. Completion is applied lazily: before every request and on a slow timer.
 */
import type { ArmRequest, ArmResource, ArmResponse, EmulatorContext, Lro, LroMode, LroOptions, LroOutcome } from './contract.js';
import { ArmError } from './contract.js';
import type { EmulatorStore } from './store.js';
import { canonicalId, parseResourceId, resourceGroupIdOf } from './ids.js';
import { anotherOperationInProgress } from './errors.js';

export type OperationStatus = 'InProgress' | 'Succeeded' | 'Failed' | 'Canceled';

export interface OperationRecord {
  id: string;
  mode: LroMode;
  method: string;
  resourceId: string;
  statusUrl: string;
  startTime: number;
  dueAt: number;
  endTime?: number;
  status: OperationStatus;
  /** Status polls answered so far (kept in memory only: counting must not cost a store save per poll). */
  polls?: number;
  /** Whether a poll answer carried Retry-After (clients keep the last one as their interval). */
  retryAfterSent?: boolean;
  /** Writes (PUT/PATCH/DELETE) hold the resource; POST actions such as runCommand do not. */
  blocking: boolean;
  /** Kept in flight past its due time until the clock is next advanced (a `hold` fault). */
  held?: boolean;
  outcome: LroOutcome;
}

const OPERATIONS_KEY = '/_emulator/operations';
/** Finished operations stay pollable this long (real time) before they are forgotten. */
const RETAIN_MS = 60 * 60 * 1000;

function setProvisioningState(resource: ArmResource, state: string): ArmResource {
  return { ...resource, properties: { ...(resource.properties ?? {}), provisioningState: state } };
}

/** Ids compared within one provider namespace: a subnet write conflicts with its VNet, not with a role assignment on it. */
function sameFamily(a: string, b: string): boolean {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  if (x === y) return true;
  const [outer, inner] = x.length < y.length ? [x, y] : [y, x];
  if (!inner.startsWith(outer + '/')) return false;
  return !inner.slice(outer.length).includes('/providers/') && outer.includes('/providers/');
}

export class LroEngine implements Lro {
  /** Request-scoped override set by an `lro-failed` fault. */
  private readonly forcedFailures = new WeakMap<ArmRequest, { code: string; message: string }>();
  /** Requests whose operation a `hold` fault keeps in flight. */
  private readonly heldRequests = new WeakSet<ArmRequest>();

  constructor(
    private readonly store: EmulatorStore,
    private readonly ctx: () => EmulatorContext,
  ) {}

  /** Read without scheduling a save: ticks run often and usually change nothing. */
  private get ops(): Record<string, OperationRecord> {
    const data = this.store.peekInternal<{ ops?: Record<string, OperationRecord> }>(OPERATIONS_KEY);
    return (data.ops ??= {});
  }

  failNextOperation(req: ArmRequest, error: { code: string; message: string }): void {
    this.forcedFailures.set(req, error);
  }

  holdNextOperation(req: ArmRequest): void {
    this.heldRequests.add(req);
  }

  /** Lets every held operation complete once its due time has passed (the clock was advanced). */
  releaseHeld(): void {
    for (const op of Object.values(this.ops)) {
      if (!op.held) continue;
      delete op.held;
      this.store.touch();
    }
    this.tick();
  }

  start(req: ArmRequest, options: LroOptions): ArmResponse {
    const ctx = this.ctx();
    const forced = this.forcedFailures.get(req);
    const outcome: LroOutcome = forced ? { ...options.outcome, error: forced } : options.outcome;
    const id = ctx.newGuid();
    const now = ctx.now();
    const resourceId = canonicalId(options.resourceId);
    const parsed = parseResourceId(resourceId);
    const location = (ctx.store.get(resourceId)?.location ?? (options.outcome.final?.location as string | undefined) ?? 'eastus')
      .toLowerCase()
      .replace(/\s/g, '');
    const ns = parsed.namespace ?? 'Microsoft.Resources';
    const apiVersion = req.apiVersion ? `?api-version=${req.apiVersion}` : '';
    const base = `${ctx.baseUrl}/subscriptions/${parsed.subscriptionId}/providers/${ns}/locations/${location}`;
    const asyncUrl = `${base}/operations/${id}${apiVersion}`;
    const locationUrl = `${base}/operationResults/${id}${apiVersion}`;
    const statusUrl = options.mode === 'azure-async-operation' ? asyncUrl : locationUrl;
    const blocking = req.method !== 'POST';
    this.store.touch();
    this.ops[id] = {
      id,
      mode: options.mode,
      method: req.method,
      resourceId,
      statusUrl,
      startTime: now,
      dueAt: now + (options.azureSeconds * 1000) / ctx.speed,
      status: 'InProgress',
      blocking,
      ...(this.heldRequests.has(req) ? { held: true } : {}),
      outcome,
    };
    if (blocking) this.showInFlight(resourceId, options);
    const headers: Record<string, string> =
      options.mode === 'azure-async-operation' ? { 'Azure-AsyncOperation': asyncUrl } : { Location: locationUrl };
    if (options.mode === 'azure-async-operation' && options.alsoLocation) {
      headers.Location =
        options.alsoLocation === 'monitor' ? `${base}/operations/${id}?monitor=true${apiVersion.replace('?', '&')}` : locationUrl;
    }
    if (options.initialRetryAfter) headers['Retry-After'] = String(options.initialRetryAfter);
    return { status: options.initialStatus, body: options.initialBody, headers };
  }

  private showInFlight(resourceId: string, options: LroOptions): void {
    const body = options.initialBody as ArmResource | undefined;
    const base =
      body && typeof body.id === 'string' && body.id.toLowerCase() === resourceId.toLowerCase() ? body : this.store.get(resourceId);
    if (base) this.store.put(setProvisioningState(base, options.inFlightState));
  }

  inFlight(resourceId: string): boolean {
    return Object.values(this.ops).some(
      (op) => op.status === 'InProgress' && op.blocking && op.resourceId.toLowerCase() === resourceId.toLowerCase(),
    );
  }

  /** The running write that a write to `id` would collide with: on it, its parent or its children. */
  conflicting(id: string): OperationRecord | undefined {
    this.tick();
    return Object.values(this.ops).find((op) => op.status === 'InProgress' && op.blocking && sameFamily(op.resourceId, id));
  }

  /** Every operation still remembered (finished ones for an hour), oldest first: for benchmarks and tests. */
  operations(): OperationRecord[] {
    this.tick();
    return Object.values(this.ops)
      .map((op) => structuredClone(op))
      .sort((a, b) => a.startTime - b.startTime);
  }

  /** Completes every operation whose time has come. */
  tick(): void {
    const now = this.ctx().now();
    const ops = this.ops;
    for (const op of Object.values(ops).sort((a, b) => a.dueAt - b.dueAt)) {
      if (op.status === 'InProgress' && op.dueAt <= now && !op.held) this.complete(op, now);
      else if (op.status !== 'InProgress' && (op.endTime ?? now) + RETAIN_MS < now) delete ops[op.id];
      else continue;
      this.store.touch();
    }
  }

  private complete(op: OperationRecord, now: number): void {
    op.endTime = now;
    const { outcome } = op;
    if (outcome.error) {
      op.status = 'Failed';
      const current = this.store.get(op.resourceId);
      if (current && op.blocking) this.store.put(setProvisioningState(outcome.failed ?? current, 'Failed'));
      return;
    }
    op.status = 'Succeeded';
    for (const effect of outcome.effects ?? []) {
      if ('put' in effect) this.putIfGroupExists(effect.put);
      else if (effect.recursive) this.deleteTree(effect.delete);
      else this.store.delete(effect.delete);
    }
    if (outcome.final) this.putIfGroupExists(setProvisioningState(outcome.final, 'Succeeded'));
    else if (op.method === 'DELETE' && !outcome.effects) this.deleteTree(op.resourceId);
  }

  /** A resource whose group was deleted meanwhile does not come back. */
  private putIfGroupExists(resource: ArmResource): void {
    const rg = resourceGroupIdOf(resource.id);
    if (rg && rg.toLowerCase() !== resource.id.toLowerCase() && !this.store.get(rg)) return;
    this.store.put(resource);
  }

  private deleteTree(id: string): void {
    this.store.deleteTree(id);
    const prefix = id.toLowerCase();
    for (const op of Object.values(this.ops)) {
      const rid = op.resourceId.toLowerCase();
      if (op.status === 'InProgress' && (rid === prefix || rid.startsWith(prefix + '/'))) {
        this.store.touch();
        op.status = 'Canceled';
        op.endTime = this.ctx().now();
        op.outcome = { error: { code: 'Canceled', message: `The operation was canceled because '${id}' was deleted.` } };
      }
    }
  }

  /** Answers a poll of an operation's status URL. */
  poll(operationId: string, mode: LroMode): ArmResponse {
    this.tick();
    const op = this.ops[operationId];
    if (!op) throw new ArmError(404, 'OperationNotFound', `The operation '${operationId}' was not found. Start the operation again.`);
    op.polls = (op.polls ?? 0) + 1;
    const remainingMs = op.dueAt - this.ctx().now();
    // Whole seconds rounded UP, so the next poll lands just after the end. Rounded down, the last poll comes
    // just before it, and since clients keep the last Retry-After as their interval they wait a whole extra
    // one. Under a second left: no header (the client's own short interval is closer than any whole second),
    // unless this operation already sent one: the client would keep that long interval, so say 1. (A
    // Retry-After on the initial answer does not count: clients read the interval from polls only.)
    const seconds = op.status === 'InProgress' && remainingMs > 0 ? Math.ceil(remainingMs / 1000) : 0;
    const retryAfter: Record<string, string> =
      seconds > 1 || (seconds === 1 && (remainingMs >= 1000 || op.retryAfterSent)) ? { 'Retry-After': String(seconds) } : {};
    if (retryAfter['Retry-After']) op.retryAfterSent = true;
    if (mode === 'azure-async-operation') {
      const body: Record<string, unknown> = {
        id: new URL(op.statusUrl).pathname,
        name: op.id,
        status: op.status,
        startTime: new Date(op.startTime).toISOString(),
      };
      if (op.endTime) body.endTime = new Date(op.endTime).toISOString();
      if (op.status === 'Failed' || op.status === 'Canceled') body.error = op.outcome.error;
      return { status: 200, body, headers: retryAfter };
    }
    if (op.status === 'InProgress') return { status: 202, headers: { Location: op.statusUrl, ...retryAfter } };
    if (op.outcome.error) {
      // ARM answers a failed Location-polled operation with the error itself.
      throw new ArmError(400, op.outcome.error.code, op.outcome.error.message);
    }
    if (op.outcome.result !== undefined) return { status: 200, body: op.outcome.result };
    if (op.outcome.final) {
      const stored = this.store.get(op.resourceId);
      return { status: 200, body: stored ? this.ctx().present(stored) : op.outcome.final };
    }
    return { status: 204 };
  }

  /** Forget every operation (control API reset). */
  clear(): void {
    this.store.peekInternal<{ ops?: Record<string, OperationRecord> }>(OPERATIONS_KEY).ops = {};
    this.store.touch();
  }
}

/**
 * Refuses a write to `id` while an operation runs on it, on its parent or on one of its children
 * (the core already does this for every PUT/PATCH/DELETE route; providers call it for writes that
 * touch other resources, e.g. a policy change that updates a firewall).
 */
export function assertNoOperation(ctx: EmulatorContext, id: string): void {
  const op =
    ctx.lro instanceof LroEngine ? ctx.lro.conflicting(id) : ctx.lro.inFlight(id) ? ({ statusUrl: undefined } as const) : undefined;
  if (op) throw anotherOperationInProgress(id, op.statusUrl);
}
