import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestEmulator, SUB } from '../helpers/emulator.js';

const dataDir = mkdtempSync(join(tmpdir(), 'secure-aks-persist-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('persistence and TLS material in the data directory', () => {
  it('keeps the store, the CA and an in-flight operation across a restart', async () => {
    const first = await startTestEmulator({ dataDir, speed: 10 });
    const caPem = readFileSync(join(dataDir, 'ca.pem'), 'utf8');
    expect(caPem).toBe(first.caPem);
    expect(caPem).toMatch(/BEGIN CERTIFICATE/);
    expect(statSync(join(dataDir, 'ca-key.pem')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'server-key.pem')).mode & 0o777).toBe(0o600);

    const rm = await first.clients().resources();
    await rm.resourceGroups.createOrUpdate('rg-keep', { location: 'eastus' });
    await rm.resourceGroups.createOrUpdate('rg-gone', { location: 'eastus' });
    // 20 Azure seconds at speed 10: two real seconds, so the delete is still running at restart.
    const initial = await first.http('DELETE', `/subscriptions/${SUB}/resourcegroups/rg-gone?api-version=2025-04-01`);
    expect(initial.status).toBe(202);
    const location = new URL(String(initial.headers.location));
    const port = first.port;
    await first.close();

    // No port given: it comes back on the remembered one, so recorded status URLs stay valid.
    const second = await startTestEmulator({ dataDir, speed: 10 });
    try {
      expect(second.port).toBe(port);
      expect(second.caPem).toBe(caPem);
      const rm2 = await second.clients().resources();
      expect((await rm2.resourceGroups.get('rg-keep')).name).toBe('rg-keep');
      expect((await rm2.resourceGroups.get('rg-gone')).properties?.provisioningState).toBe('Deleting');
      let status = 202;
      for (let i = 0; i < 100 && status === 202; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = (await second.http('GET', location.pathname + location.search)).status;
      }
      expect(status).toBe(204);
      await expect(rm2.resourceGroups.get('rg-gone')).rejects.toMatchObject({ code: 'ResourceGroupNotFound' });
    } finally {
      await second.close();
    }
  });
});
