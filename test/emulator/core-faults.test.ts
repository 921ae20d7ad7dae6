import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, SUB, type TestEmulator } from '../helpers/emulator.js';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
  await (await emu.clients().resources()).resourceGroups.createOrUpdate('rg-f', { location: 'eastus' });
});
afterAll(async () => emu?.close());

const rgPath = `/subscriptions/${SUB}/resourcegroups/rg-f`;

describe('injected faults', () => {
  it('status 429 with Retry-After is retried by the client and succeeds', async () => {
    await emu.control.clearRequests();
    await emu.control.fault({ method: 'GET', path: 'resourcegroups/rg-f$', kind: 'status', status: 429, retryAfter: 1, times: 1 });
    const rm = await emu.clients().resources();
    expect((await rm.resourceGroups.get('rg-f')).name).toBe('rg-f');
    const statuses = (await emu.control.requests()).filter((r) => r.path.toLowerCase() === rgPath).map((r) => r.status);
    expect(statuses).toEqual([429, 200]);
  });

  it('status 429 without Retry-After answers with the given code and no Retry-After', async () => {
    // Raw HTTP: the product's clients now retry a bare 429 themselves (src/azure/retry-pipeline.ts).
    await emu.control.fault({ path: 'resourcegroups/rg-f$', kind: 'status', status: 429, code: 'TooManyRequests', times: 1 });
    const answer = await emu.http('GET', `${rgPath}?api-version=2025-04-01`);
    expect(answer.status).toBe(429);
    expect(answer.body.error.code).toBe('TooManyRequests');
    expect(answer.headers['retry-after']).toBeUndefined();
  });

  it('status 409 with a custom code reaches the caller', async () => {
    await emu.control.fault({
      method: 'PUT',
      path: 'userAssignedIdentities',
      kind: 'status',
      status: 409,
      code: 'Conflict',
      message: 'nope',
      times: 1,
    });
    const msi = await emu.clients().msi();
    await expect(msi.userAssignedIdentities.createOrUpdate('rg-f', 'id1', { location: 'eastus' })).rejects.toMatchObject({
      statusCode: 409,
      code: 'Conflict',
      message: 'nope',
    });
    expect((await msi.userAssignedIdentities.createOrUpdate('rg-f', 'id1', { location: 'eastus' })).name).toBe('id1');
  });

  it('reset drops the connection; the client retries', async () => {
    await emu.control.clearRequests();
    await emu.control.fault({ method: 'GET', path: 'resourcegroups/rg-f$', kind: 'reset', times: 1 });
    const rm = await emu.clients().resources();
    expect((await rm.resourceGroups.get('rg-f')).name).toBe('rg-f');
    expect((await emu.control.requests()).map((r) => r.status)).toEqual([0, 200]);
  });

  it('delay holds the answer back', async () => {
    await emu.control.fault({ path: 'resourcegroups/rg-f$', kind: 'delay', delayMs: 300, times: 1 });
    const started = Date.now();
    await (await emu.clients().resources()).resourceGroups.get('rg-f');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('probability 0 never fires; DELETE faults clears them all', async () => {
    await emu.control.fault({ path: 'rg-f', kind: 'status', status: 500, probability: 0 });
    await (await emu.clients().resources()).resourceGroups.get('rg-f');
    await emu.control.fault({ path: 'rg-f', kind: 'status', status: 404, code: 'Gone' });
    await expect((await emu.clients().resources()).resourceGroups.get('rg-f')).rejects.toMatchObject({ code: 'Gone' });
    await emu.control.clearFaults();
    await (await emu.clients().resources()).resourceGroups.get('rg-f');
  });

  it('stall never answers: the connection stays open and silent', async () => {
    await emu.control.fault({ method: 'GET', path: 'resourcegroups/rg-f$', kind: 'stall', times: 1 });
    const answer = emu.http('GET', `${rgPath}?api-version=2025-04-01`).then(
      () => 'answered',
      () => 'dropped',
    );
    const waited = await Promise.race([answer, new Promise((r) => setTimeout(() => r('silent'), 500))]);
    expect(waited).toBe('silent');
  });

  it('close() does not wait for held answers: a pending delay and a stall are dropped at once', async () => {
    const other = await startTestEmulator();
    await other.control.fault({ path: 'resourcegroups/rg-held', kind: 'delay', delayMs: 600_000, times: 1 });
    await other.control.fault({ path: 'resourcegroups/rg-stalled', kind: 'stall', times: 1 });
    const answers = ['rg-held', 'rg-stalled'].map((rg) =>
      other.http('GET', `/subscriptions/${SUB}/resourcegroups/${rg}?api-version=2025-04-01`).then(
        () => 'answered',
        () => 'dropped',
      ),
    );
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await Promise.all(answers)).toEqual(['dropped', 'dropped']);
  });

  it('refuses a malformed fault', async () => {
    const answer = await emu.http('POST', '/_emulator/faults', { path: '(', kind: 'status', status: 500 });
    expect(answer.status).toBe(400);
    expect((await emu.http('POST', '/_emulator/faults', { path: 'x', kind: 'explode' })).status).toBe(400);
  });
});
