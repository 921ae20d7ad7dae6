/** The conformance comparer: what counts as agreeing with Azure's recorded answer, and what is ignored. */
import { describe, expect, it } from 'vitest';
import { asyncMode, compareAnswer } from '../../src/conformance/compare.js';
import type { Exchange } from '../../src/conformance/exchange.js';
import { coverage, keyPaths } from '../../src/conformance/key-paths.js';

const recorded = (over: Partial<Exchange>): Exchange => ({
  index: 3,
  method: 'GET',
  uri: 'https://management.azure.com/x',
  status: 200,
  headers: {},
  ...over,
});

describe('conformance comparer', () => {
  it('takes key paths of objects, and of arrays by their elements, whatever their number or order', () => {
    expect([...keyPaths({ a: { b: 1 }, list: [{ x: 1 }, { y: 2 }] })].sort()).toEqual([
      'a',
      'a.b',
      'list',
      'list[]',
      'list[].x',
      'list[].y',
    ]);
    expect(coverage({ a: 1, b: { c: 2 } }, { a: 'other', b: { c: 3 }, extra: true })).toEqual({ ratio: 1, missing: [], total: 3 });
    expect(coverage({ a: 1, b: 2 }, { a: 1 })).toMatchObject({ ratio: 0.5, missing: ['b'] });
    expect(coverage(undefined, { a: 1 }).ratio).toBe(1);
  });

  it('names the async mode by the headers present', () => {
    expect(asyncMode({ 'azure-asyncoperation': 'u', location: 'v', 'retry-after': '10' })).toBe(
      'azure-asyncoperation+location+retry-after',
    );
    expect(asyncMode({})).toBe('none');
  });

  it('matches on status, async mode, error code and terminal values; other values are ignored', () => {
    const want = recorded({ body: { name: 'n', properties: { provisioningState: 'Succeeded', size: 1 } } });
    const same = compareAnswer('c', want, '/x', {
      status: 200,
      headers: {},
      body: { name: 'm', properties: { provisioningState: 'Succeeded', size: 2 } },
    });
    expect(same).toMatchObject({ matched: true, statusAgree: true, asyncAgree: true, coverage: 1, differences: [] });

    const stillRunning = compareAnswer('c', want, '/x', {
      status: 200,
      headers: {},
      body: { name: 'n', properties: { provisioningState: 'Updating', size: 1 } },
    });
    expect(stillRunning.matched).toBe(false);
    expect(stillRunning.differences).toEqual(['properties.provisioningState Succeeded != Updating']);

    const async = compareAnswer('c', recorded({ status: 201, headers: { 'azure-asyncoperation': 'u' } }), '/x', {
      status: 201,
      headers: { 'azure-asyncoperation': 'u', 'retry-after': '10' },
    });
    expect(async).toMatchObject({
      matched: false,
      asyncAgree: false,
      differences: ['async mode azure-asyncoperation != azure-asyncoperation+retry-after'],
    });
  });

  it('compares error codes of recorded errors, and tolerates up to 10% missing key paths', () => {
    const error = recorded({ status: 404, body: { error: { code: 'ResourceNotFound', message: 'm' } } });
    expect(
      compareAnswer('c', error, '/x', { status: 404, headers: {}, body: { error: { code: 'ResourceGroupNotFound', message: 'm' } } }),
    ).toMatchObject({
      matched: false,
      errorCode: { recorded: 'ResourceNotFound', actual: 'ResourceGroupNotFound' },
    });
    const wide = recorded({ body: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i])) });
    const nineOfTen = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i}`, i]));
    expect(compareAnswer('c', wide, '/x', { status: 200, headers: {}, body: nineOfTen })).toMatchObject({
      matched: true,
      coverage: 0.9,
      differences: ['missing k9'],
    });
  });
});
