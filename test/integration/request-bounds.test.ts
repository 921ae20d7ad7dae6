/**
 * Every request-level wait is bounded and said (real SDK clients built by the product's factory, against
 * the emulator's faults): a Retry-After longer than the cap is waited for at the cap and the line says what
 * Azure asked for; a request that gets no answer is cut off by the request timeout and sent again, long-running
 * operation polls included; a server that never answers ends in RequestTimeout, not a hang.
 */
import { describe, expect, it } from 'vitest';
import { createAzureClients, requestBoundsFromEnv, type RequestBounds } from '../../src/azure/clients.js';
import { withRetryReporter } from '../../src/azure/retry-reporter.js';
import { useTestEmulator, SUB } from '../helpers/emulator.js';

const emu = useTestEmulator();

function clients(bounds: Partial<RequestBounds>) {
  return createAzureClients({
    subscriptionId: SUB,
    target: { kind: 'endpoint', cloud: 'AzureCloud', armEndpoint: emu.url, caFile: emu.caFile },
    pollIntervalMs: 50,
    requestBounds: bounds,
  });
}

async function reported<T>(run: () => Promise<T>): Promise<{ value: T; lines: string[] }> {
  const lines: string[] = [];
  const value = await withRetryReporter((m) => lines.push(m), run);
  return { value, lines };
}

describe('Retry-After is honoured up to a cap, and the wait is said', () => {
  // The line rounds the wait up to whole seconds, so a cap of 0.2 s still reads "retrying in 1 s".
  it('429 with Retry-After 3600: waited for at the cap (0.2 s here), the line names both, then the GET succeeds', async () => {
    const rm = await clients({ retryAfterCapMs: 200 }).resources();
    await rm.resourceGroups.createOrUpdate('rg-cap', { location: 'eastus' });
    await emu.control.fault({ method: 'GET', path: 'resourcegroups/rg-cap$', kind: 'status', status: 429, retryAfter: 3600, times: 1 });
    const started = Date.now();
    const { value, lines } = await reported(() => rm.resourceGroups.get('rg-cap'));
    expect(value.name).toBe('rg-cap');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(lines).toEqual([
      'GET resourcegroups/rg-cap: Azure answered 429 TooManyRequests. Azure asked to retry after 3600 s; retrying in 1 s (1 of 10)',
    ]);
  });

  it('503 with Retry-After within the cap: honoured as asked and said', async () => {
    const rm = await clients({}).resources();
    await rm.resourceGroups.createOrUpdate('rg-503', { location: 'eastus' });
    await emu.control.fault({ method: 'GET', path: 'resourcegroups/rg-503$', kind: 'status', status: 503, retryAfter: 1, times: 1 });
    const { lines } = await reported(() => rm.resourceGroups.get('rg-503'));
    expect(lines).toEqual(['GET resourcegroups/rg-503: Azure answered 503 ServiceUnavailable, retrying in 1 s (1 of 6)']);
  });
});

describe('a request that gets no answer is cut off and sent again', () => {
  it('a stalled GET: abandoned after the request timeout, the line says so, the second try answers', async () => {
    const rm = await clients({ requestTimeoutMs: 500 }).resources();
    await rm.resourceGroups.createOrUpdate('rg-stall', { location: 'eastus' });
    await emu.control.fault({ method: 'GET', path: 'resourcegroups/rg-stall$', kind: 'stall', times: 1 });
    const started = Date.now();
    const { value, lines } = await reported(() => rm.resourceGroups.get('rg-stall'));
    expect(value.name).toBe('rg-stall');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(lines).toEqual(['GET resourcegroups/rg-stall: Azure did not answer within 0.5 s, retrying in 1 s (1 of 6)']);
    // The emulator lets go of the abandoned request as soon as the client closed it (status 0).
    const statuses = (await emu.control.requests()).filter((r) => r.method === 'GET' && /rg-stall$/.test(r.path)).map((r) => r.status);
    expect(statuses).toEqual([0, 200]);
  });

  it('a stalled poll of a long-running operation: the poll is retried and the operation completes', async () => {
    const network = await clients({ requestTimeoutMs: 500 }).network();
    await (await clients({}).resources()).resourceGroups.createOrUpdate('rg-poll', { location: 'eastus' });
    await emu.control.fault({ method: 'GET', path: '/operations/', kind: 'stall', times: 1 });
    const { value, lines } = await reported(() =>
      network.virtualNetworks.beginCreateOrUpdateAndWait(
        'rg-poll',
        'vnet-poll',
        { location: 'eastus', addressSpace: { addressPrefixes: ['10.9.0.0/16'] } },
        { updateIntervalInMs: 50 },
      ),
    );
    expect(value.provisioningState).toBe('Succeeded');
    expect(lines).toEqual([expect.stringMatching(/^GET operations\/\S+: Azure did not answer within 0\.5 s, retrying in 1 s \(1 of 6\)$/)]);
  });

  it('a server that never answers: RequestTimeout naming the request after the bounded retries, not a hang', async () => {
    const rm = await clients({ requestTimeoutMs: 200 }).resources();
    await emu.control.fault({ method: 'GET', path: 'resourcegroups/rg-never$', kind: 'stall' });
    const { lines, value } = await reported(() =>
      rm.resourceGroups.get('rg-never').then(
        () => undefined,
        (e: unknown) => e,
      ),
    );
    expect(value).toMatchObject({
      name: 'RequestTimeoutError',
      code: 'RequestTimeout',
      message: expect.stringMatching(/did not answer GET \/subscriptions\/.*\/resourcegroups\/rg-never within 0\.2 s/),
    });
    expect(lines).toHaveLength(6);
    expect(lines[5]).toMatch(/\(6 of 6\)$/);
  }, 30_000);

  it('Ctrl-C during a capped Retry-After wait ends the wait at once as a cancellation', async () => {
    const rm = await clients({ retryAfterCapMs: 60_000 }).resources();
    await rm.resourceGroups.createOrUpdate('rg-abort', { location: 'eastus' });
    await emu.control.fault({ method: 'GET', path: 'resourcegroups/rg-abort$', kind: 'status', status: 429, retryAfter: 3600 });
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 300);
    const started = Date.now();
    await expect(rm.resourceGroups.get('rg-abort', { abortSignal: abort.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('the bounds from the environment', () => {
  it('SECURE_AKS_REQUEST_TIMEOUT and SECURE_AKS_RETRY_AFTER_CAP are seconds; anything else is a usage error naming the variable', () => {
    expect(requestBoundsFromEnv({})).toEqual({});
    expect(requestBoundsFromEnv({ SECURE_AKS_REQUEST_TIMEOUT: '90', SECURE_AKS_RETRY_AFTER_CAP: '0.5' })).toEqual({
      requestTimeoutMs: 90_000,
      retryAfterCapMs: 500,
    });
    expect(() => requestBoundsFromEnv({ SECURE_AKS_REQUEST_TIMEOUT: 'soon' })).toThrow(
      expect.objectContaining({ code: 'InvalidEnvironment', exitCode: 2, message: expect.stringContaining('SECURE_AKS_REQUEST_TIMEOUT') }),
    );
    expect(() => requestBoundsFromEnv({ SECURE_AKS_RETRY_AFTER_CAP: '-1' })).toThrow(
      expect.objectContaining({ code: 'InvalidEnvironment', exitCode: 2 }),
    );
  });
});
