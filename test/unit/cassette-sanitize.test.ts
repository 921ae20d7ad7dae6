/** What a recorded cassette may hold: no credentials, zero GUIDs for subscription and tenant, correlation ids kept. */
import { describe, expect, it } from 'vitest';
import { REDACTED, sanitizeBody, sanitizeHeaders, sanitizeUri, tenantOfBearer, ZERO_GUID } from '../../src/cassette/sanitize.js';

const SUB = '8f3c1d2e-1111-4222-8333-944455556666';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const ids = { subscriptionIds: [SUB], tenantIds: [] };

describe('cassette sanitizing', () => {
  it('replaces subscription ids in paths, headers and bodies, and tenant ids, by zero GUIDs', () => {
    expect(sanitizeUri(`https://management.azure.com/subscriptions/${SUB}/resourceGroups/rg?api-version=1`, ids)).toBe(
      `https://management.azure.com/subscriptions/${ZERO_GUID}/resourceGroups/rg?api-version=1`,
    );
    const other = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
    expect(
      sanitizeHeaders({ 'Azure-AsyncOperation': `https://x/subscriptions/${other}/providers/op` }, ids)['azure-asyncoperation'],
    ).toEqual([`https://x/subscriptions/${ZERO_GUID}/providers/op`]);
    const body = JSON.parse(
      sanitizeBody(JSON.stringify({ subscriptionId: SUB, properties: { tenantId: TENANT, principalId: other } }), ids)!,
    );
    expect(body).toEqual({ subscriptionId: ZERO_GUID, properties: { tenantId: ZERO_GUID, principalId: other } });
  });

  it('drops Authorization and redacts tokens, passwords, secrets and keys; keeps correlation ids', () => {
    const headers = sanitizeHeaders(
      { Authorization: 'Bearer abc', 'x-ms-correlation-request-id': 'c0ffee00-0000-4000-8000-000000000001' },
      ids,
    );
    expect(headers).toEqual({ 'x-ms-correlation-request-id': ['c0ffee00-0000-4000-8000-000000000001'] });
    const body = JSON.parse(
      sanitizeBody(
        JSON.stringify({
          command: 'kubectl get nodes',
          clusterToken: 'tok',
          access_token: 'at',
          osProfile: { adminPassword: 'p@ss' },
          secret: 's',
          key: 'k',
          note: 'eyJhbGciOi.eyJvaWQiOiJ4In0.sig',
        }),
        ids,
      )!,
    );
    expect(body).toEqual({
      command: 'kubectl get nodes',
      clusterToken: REDACTED,
      access_token: REDACTED,
      osProfile: { adminPassword: REDACTED },
      secret: REDACTED,
      key: REDACTED,
      note: REDACTED,
    });
  });

  it('leaves non-JSON text alone except ids and JWTs', () => {
    expect(sanitizeBody(`plain ${SUB} eyJhbGciOi.eyJvaWQiOiJ4In0.sig`, ids)).toBe(`plain ${ZERO_GUID} ${REDACTED}`);
    expect(sanitizeBody(null, ids)).toBeNull();
  });
});

describe('tenant ids a cassette never holds', () => {
  it('replaces the tenant of the x-ms-operation-identifier header, of a bearer token and of tenantId bodies wherever it shows', () => {
    const tenant = '54826b22-38d6-4fb2-bad9-b7b93a3e9c5a';
    const learned = { subscriptionIds: [], tenantIds: [] as string[] };
    const header = sanitizeHeaders(
      { 'x-ms-operation-identifier': `tenantId=${tenant},objectId=0d504196-1423-4569-9a6e-15149656f0ee/eastus/x` },
      learned,
    );
    expect(header['x-ms-operation-identifier']).toEqual([`tenantId=${ZERO_GUID},objectId=0d504196-1423-4569-9a6e-15149656f0ee/eastus/x`]);
    expect(sanitizeBody(JSON.stringify({ properties: { tenantId: tenant } }), learned)).toBe(`{"properties":{"tenantId":"${ZERO_GUID}"}}`);
    expect(sanitizeBody(`see https://login.example/${tenant}/oauth2`, learned)).toBe(`see https://login.example/${ZERO_GUID}/oauth2`);
    const token = `x.${Buffer.from(JSON.stringify({ tid: tenant })).toString('base64url')}.y`;
    expect(tenantOfBearer(`Bearer ${token}`)).toBe(tenant);
    expect(tenantOfBearer('Bearer emulator-token')).toBeUndefined();
  });
});
