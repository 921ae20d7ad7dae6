/** What a recorded cassette may hold: no credentials, zero GUIDs for subscription and tenant, correlation ids kept. */
import { describe, expect, it } from 'vitest';
import { REDACTED, sanitizeBody, sanitizeHeaders, sanitizeUri, ZERO_GUID } from '../../src/cassette/sanitize.js';

const SUB = '8f3c1d2e-1111-4222-8333-944455556666';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const ids = { subscriptionIds: [SUB], tenantIds: [] };

describe('cassette sanitizing', () => {
  it('replaces subscription ids in paths, headers and bodies, and tenant ids, by zero GUIDs', () => {
    expect(sanitizeUri(`https://management.azure.com/subscriptions/${SUB}/resourceGroups/rg?api-version=1`, ids)).toBe(
      `https://management.azure.com/subscriptions/${ZERO_GUID}/resourceGroups/rg?api-version=1`,
    );
    const other = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
    expect(sanitizeHeaders({ 'Azure-AsyncOperation': `https://x/subscriptions/${other}/providers/op` }, ids)['azure-asyncoperation']).toEqual([
      `https://x/subscriptions/${ZERO_GUID}/providers/op`,
    ]);
    const body = JSON.parse(sanitizeBody(JSON.stringify({ subscriptionId: SUB, properties: { tenantId: TENANT, principalId: other } }), ids)!);
    expect(body).toEqual({ subscriptionId: ZERO_GUID, properties: { tenantId: ZERO_GUID, principalId: other } });
  });

  it('drops Authorization and redacts tokens, passwords, secrets and keys; keeps correlation ids', () => {
    const headers = sanitizeHeaders({ Authorization: 'Bearer abc', 'x-ms-correlation-request-id': 'c0ffee00-0000-4000-8000-000000000001' }, ids);
    expect(headers).toEqual({ 'x-ms-correlation-request-id': ['c0ffee00-0000-4000-8000-000000000001'] });
    const body = JSON.parse(
      sanitizeBody(
        JSON.stringify({ command: 'kubectl get nodes', clusterToken: 'tok', access_token: 'at', osProfile: { adminPassword: 'p@ss' }, secret: 's', key: 'k', note: 'eyJhbGciOi.eyJvaWQiOiJ4In0.sig' }),
        ids,
      )!,
    );
    expect(body).toEqual({ command: 'kubectl get nodes', clusterToken: REDACTED, access_token: REDACTED, osProfile: { adminPassword: REDACTED }, secret: REDACTED, key: REDACTED, note: REDACTED });
  });

  it('leaves non-JSON text alone except ids and JWTs', () => {
    expect(sanitizeBody(`plain ${SUB} eyJhbGciOi.eyJvaWQiOiJ4In0.sig`, ids)).toBe(`plain ${ZERO_GUID} ${REDACTED}`);
    expect(sanitizeBody(null, ids)).toBeNull();
  });
});
