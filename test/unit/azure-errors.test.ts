import { describe, expect, it } from 'vitest';
import { translateAzureError } from '../../src/azure/errors.js';
import { AzureOperationError } from '../../src/core/errors.js';
import { PreflightError } from '../../src/preflight/problems.js';

describe('errors that stop everything: endpoint unreachable, subscription not found', () => {
  it('a refused connection (raw or wrapped by a step) is EndpointUnreachable, exit 1, with no resume hint', () => {
    const raw = translateAzureError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }));
    const wrapped = translateAzureError(
      new AzureOperationError(
        'ECONNREFUSED',
        "Reading the caller's permissions on /subscriptions/0 failed: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1",
        undefined,
        'resume with `secure-aks status --resume`',
      ),
    );
    for (const e of [raw, wrapped]) {
      expect(e.code).toBe('EndpointUnreachable');
      expect(e.exitCode).toBe(1);
      expect(e.message).toBe('Could not reach the ARM endpoint 127.0.0.1:1 (ECONNREFUSED).');
      expect(e.remediation).not.toMatch(/--resume/);
    }
    const named = translateAzureError(
      Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.example'), {
        code: 'ENOTFOUND',
        name: 'RestError',
        request: { url: 'https://nowhere.example/subscriptions/x?api-version=1' },
      }),
    );
    expect(named.message).toBe('Could not reach the ARM endpoint https://nowhere.example (ENOTFOUND).');
  });

  it("SubscriptionNotFound is one sentence naming the id, exit 2, whatever the SDK's message was", () => {
    const paged = translateAzureError(
      Object.assign(new Error('Pagination failed with unexpected statusCode 404'), {
        name: 'RestError',
        code: 'SubscriptionNotFound',
        statusCode: 404,
        request: { url: 'https://h/subscriptions/1111/providers/Microsoft.Compute/skus' },
      }),
    );
    expect(paged.message).toBe('Subscription 1111 was not found, or the signed-in account cannot use it.');
    expect(paged.exitCode).toBe(2);
    expect(paged.remediation).toMatch(/--subscription/);
    const wrapped = translateAzureError(
      new AzureOperationError(
        'SubscriptionNotFound',
        "Reading x failed: SubscriptionNotFound: The subscription '2222' could not be found.",
        404,
      ),
    );
    expect(wrapped.message).toBe('Subscription 2222 was not found, or the signed-in account cannot use it.');
  });

  it('a preflight failure caused by either reports that cause with its exit status; other preflight failures stay as they are', () => {
    const cause = {
      code: 'EndpointUnreachable',
      fields: ['permissions'],
      kind: 'auth' as const,
      message: 'Could not reach the ARM endpoint h (ECONNREFUSED).',
      remediation: 'r',
    };
    const other = { code: 'QuotaExceeded', fields: ['nodeCount'], kind: 'usage' as const, message: 'm', remediation: 'r' };
    const root = translateAzureError(new PreflightError([other, cause]));
    expect([root.code, root.exitCode, root.message]).toEqual(['EndpointUnreachable', 1, cause.message]);
    const plain = new PreflightError([other]);
    expect(translateAzureError(plain)).toBe(plain);
  });
});
