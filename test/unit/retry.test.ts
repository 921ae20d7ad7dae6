import { createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import { describe, expect, it, vi } from 'vitest';
import { ROLE_PROPAGATION_ENV, waitsFromEnv } from '../../src/azure/clients.js';
import {
  inOperationPolicy,
  isAksPendingOperation,
  pollUntil,
  retryLoop,
  rolePropagationPolicy,
  sleep,
  withRetries,
  type RetryWaits,
} from '../../src/azure/retry.js';
import { transientRetryPolicy } from '../../src/azure/retry-pipeline.js';
import { withRetryReporter } from '../../src/azure/retry-reporter.js';

const WAITS: RetryWaits = { firstDelayMs: 1, maxDelayMs: 4, busyBudgetMs: 200, rolePropagationMs: 50 };
/** Five retries (six tries), 1 ms doubling up to 2 ms. */
const TRIES = { attempts: 6, firstDelayMs: 1, maxDelayMs: 2 };
const host = () => {
  const lines: string[] = [];
  return { lines, progress: (m: string) => void lines.push(m), signal: new AbortController().signal };
};
const failure = (code: string, message = '') => Object.assign(new Error(message), { code });

describe('the retry module', () => {
  it('retries what a policy matches, announcing every wait, and passes other errors through at once', async () => {
    const h = host();
    let calls = 0;
    const result = await withRetries(h, 'subnet x', [inOperationPolicy(WAITS)], async () => {
      if (++calls < 3)
        throw new Error('The long-running operation has failed. AnotherOperationInProgress. Another operation is in progress.');
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(h.lines).toEqual([
      expect.stringMatching(/^subnet x: Azure is busy .*AnotherOperationInProgress/),
      expect.stringMatching(/^subnet x: Azure is busy/),
      // The wait is over: the line says so rather than "busy" until something else is said.
      'subnet x: done after 3 tries',
    ]);
    await expect(
      withRetries(h, 'y', [inOperationPolicy(WAITS)], async () => Promise.reject(failure('InUseSubnetCannotBeDeleted'))),
    ).rejects.toMatchObject({
      code: 'InUseSubnetCannotBeDeleted',
    });
  });

  it("stops at the bound with the policy's own error", async () => {
    const h = host();
    const started = Date.now();
    const policy = rolePropagationPolicy(WAITS, {
      exhausted: (_e, waited) => failure('RoleAssignmentNotPropagated', `after ${waited} ms`),
    });
    await expect(
      withRetries(h, 'cluster c', [policy], async () => Promise.reject(failure('CustomRouteTableMissingPermission'))),
    ).rejects.toMatchObject({
      code: 'RoleAssignmentNotPropagated',
      message: 'after 50 ms',
    });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(h.lines[0]).toBe('cluster c: waiting for role assignment to propagate (up to 1 min)');
  });

  it("recognises AKS's pending-operation refusal only by its code and message", () => {
    const pending = failure(
      'OperationNotAllowed',
      'Operation is not allowed: Another operation (Updating) is in progress ... See https://aka.ms/aks-pending-operation for more details',
    );
    expect(isAksPendingOperation(pending)).toBe(true);
    expect(isAksPendingOperation(failure('OperationNotAllowed', 'Changing property networkPlugin is not allowed.'))).toBe(false);
  });

  it(`reads ${ROLE_PROPAGATION_ENV} in minutes and refuses anything else`, () => {
    expect(waitsFromEnv({})).toEqual({});
    expect(waitsFromEnv({ [ROLE_PROPAGATION_ENV]: '60' })).toEqual({ rolePropagationMs: 3_600_000 });
    expect(() => waitsFromEnv({ [ROLE_PROPAGATION_ENV]: 'soon' })).toThrow(expect.objectContaining({ code: 'InvalidEnvironment' }));
  });
});

describe('request-level retries report their waits to the step whose call waits', () => {
  it('409 AnotherOperationInProgress, then a bare 429, then success: two progress lines, one answer', async () => {
    const request = createPipelineRequest({
      url: 'https://127.0.0.1/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/snet-aks-nodes?api-version=x',
      method: 'PUT',
    });
    const answers = [
      { status: 409, bodyAsText: '{"error":{"code":"AnotherOperationInProgress","message":"busy"}}' },
      { status: 429, bodyAsText: '{"error":{"code":"RetryableError","message":"later"}}' },
      { status: 200, bodyAsText: '{}' },
    ];
    const next = async () => ({ ...answers.shift()!, headers: createHttpHeaders(), request });
    const lines: string[] = [];
    const response = await withRetryReporter(
      (m) => lines.push(m),
      () => transientRetryPolicy({ busy: TRIES }).sendRequest(request, next),
    );
    expect(response.status).toBe(200);
    expect(lines).toEqual([
      'PUT subnets/snet-aks-nodes: Azure answered 409 AnotherOperationInProgress, retrying in 1 s (1 of 5)',
      'PUT subnets/snet-aks-nodes: Azure answered 429 RetryableError, retrying in 1 s (2 of 5)',
    ]);
  });
});

describe('the wait between polls of a long-running operation is capped too', () => {
  it('a 202 asking for 3600 s before the next poll reaches the poller asking for the cap', async () => {
    const request = createPipelineRequest({
      url: 'https://127.0.0.1/subscriptions/s/providers/Microsoft.Network/locations/eastus/operations/op1?api-version=x',
      method: 'GET',
    });
    const next = async () => ({
      status: 202,
      headers: createHttpHeaders({ 'retry-after': '3600' }),
      bodyAsText: '{"status":"InProgress"}',
      request,
    });
    const response = await transientRetryPolicy({ busy: TRIES, retryAfterCapMs: 60_000 }).sendRequest(request, next);
    expect(response.headers.get('retry-after')).toBe('60');
    const short = async () => ({ status: 202, headers: createHttpHeaders({ 'retry-after': '10' }), bodyAsText: '{}', request });
    expect((await transientRetryPolicy({ busy: TRIES }).sendRequest(request, short)).headers.get('retry-after')).toBe('10');
  });
});

describe('a long wait is said again with the time left', () => {
  it('withRetries: a wait of 5 s or more says when the next try comes, and again every 10 s', async () => {
    vi.useFakeTimers();
    try {
      const h = host();
      let calls = 0;
      const waits: RetryWaits = { firstDelayMs: 25_000, maxDelayMs: 60_000, busyBudgetMs: 600_000, rolePropagationMs: 600_000 };
      const done = withRetries(h, 'subnet x', [inOperationPolicy(waits)], async () => {
        if (++calls < 2) throw failure('AnotherOperationInProgress');
        return 'ok';
      });
      await vi.advanceTimersByTimeAsync(25_000);
      expect(await done).toBe('ok');
      const line = 'subnet x: Azure is busy with another operation (AnotherOperationInProgress), retrying (up to 10 min)';
      expect(h.lines).toEqual([
        `${line}; next try in 25 s`,
        `${line}; next try in 15 s`,
        `${line}; next try in 5 s`,
        'subnet x: done after 2 tries',
      ]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('sleep: one reminder per period while more than a period is left', async () => {
    vi.useFakeTimers();
    try {
      const left: number[] = [];
      const done = sleep(2500, { remind: (s) => left.push(s), remindEveryMs: 1000 });
      await vi.advanceTimersByTimeAsync(2500);
      await done;
      expect(left).toEqual([2, 1]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the one loop and the one sleep', () => {
  it('retryLoop: tries again while next asks to, then returns the value or throws the error, or next throws its own', async () => {
    const seen: number[] = [];
    const value = await retryLoop({
      attempt: async (n) => (n < 3 ? Promise.reject(failure('Busy')) : `ok after ${n}`),
      next: (outcome, n) => (seen.push(n), 'error' in outcome ? { delayMs: 1 } : undefined),
    });
    expect(value).toBe('ok after 3');
    expect(seen).toEqual([1, 2, 3]);
    await expect(retryLoop({ attempt: async () => Promise.reject(failure('Final')), next: () => undefined })).rejects.toMatchObject({
      code: 'Final',
    });
    await expect(
      retryLoop({
        attempt: async () => 'never enough',
        next: () => {
          throw failure('BoundSpent');
        },
      }),
    ).rejects.toMatchObject({ code: 'BoundSpent' });
  });

  it('Ctrl-C ends a wait at once with an AbortError: sleep, and a poll with time left', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const waiting = sleep(60_000, { signal: controller.signal });
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    const polling = pollUntil({
      read: async () => 'Registering',
      done: (state) => state === 'Registered',
      intervalMs: 60_000,
      timeoutMs: 600_000,
      signal: controller.signal,
      onTimeout: () => failure('ProviderRegistrationTimeout'),
    });
    await expect(polling).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('pollUntil: reads until done, and ends with its own error once the time is spent', async () => {
    const states = ['Registering', 'Registering', 'Registered'];
    const signal = new AbortController().signal;
    const poll = { intervalMs: 1, signal, onTimeout: (last: string) => failure('StillProvisioning', `still ${last}`) };
    expect(await pollUntil({ ...poll, read: async () => states.shift()!, done: (s) => s === 'Registered', timeoutMs: 10_000 })).toBe(
      'Registered',
    );
    await expect(pollUntil({ ...poll, read: async () => 'Updating', done: () => false, timeoutMs: 300 })).rejects.toMatchObject({
      code: 'StillProvisioning',
      message: 'still Updating',
    });
  });
});
