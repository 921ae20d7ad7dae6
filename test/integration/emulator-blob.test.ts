/**
 * `secure-aks emulator --blob`: Azurite beside the ARM emulator, one CA for both, the flags of a shared
 * state printed ready to paste and working as printed; and a state on Azurite's account without
 * --state-endpoint refused before any request instead of reaching for devstoreaccount1.blob.core.windows.net.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runEmulator } from '../../src/cli/actions/emulator.js';
import { BufferedOutput } from '../../src/cli/render/output.js';
import { emulatorControl, emulatorRequest } from '../../src/emulator/control-client.js';
import { EMULATOR_SUBSCRIPTION_ID } from '../../src/emulator/index.js';
import { containerClient } from '../../src/state/blob/access.js';
import { runMain } from '../helpers/cli-main.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'secure-aks-emu-blob-'));
  dirs.push(d);
  return d;
}

async function untilLines(output: BufferedOutput, count: number): Promise<string[]> {
  for (let i = 0; i < 400; i++) {
    const lines = output.stdout.split('\n').filter(Boolean);
    if (lines.length >= count) return lines;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`the emulator printed ${JSON.stringify(output.stdout)}, not ${count} lines`);
}

function getStatus(url: string, ca: string): Promise<number> {
  return new Promise((done, fail) => {
    request(url, { ca }, (res) => {
      res.resume();
      done(res.statusCode ?? 0);
    })
      .on('error', fail)
      .end();
  });
}

describe('secure-aks emulator --blob', () => {
  it('serves the ARM emulator (first line) and Azurite (next lines, with ready-to-paste flags) under one CA, and stops both on the signal', async () => {
    const data = tempDir();
    const output = new BufferedOutput();
    const stop = new AbortController();
    const running = runEmulator(
      { output, env: {}, setExit: () => undefined, signal: stop.signal },
      { port: 0, data, speed: 60, timing: 'typical', seed: 1, blob: true, blobPort: 0 },
    );
    const [armUrl, blobUrl, flags, env] = await untilLines(output, 4);
    expect(armUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(blobUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(blobUrl).not.toBe(armUrl);
    const caFile = join(data, 'ca.pem');
    expect(flags).toBe(`--state az://devstoreaccount1/secure-aks/demo.json --state-endpoint ${blobUrl} --state-ca ${caFile}`);
    expect(env).toBe(
      `SECURE_AKS_STATE=az://devstoreaccount1/secure-aks/demo.json SECURE_AKS_STATE_ENDPOINT=${blobUrl} SECURE_AKS_STATE_CA=${caFile}`,
    );
    expect(output.stderr).toMatch(/Azurite Blob service listening on/);

    // The printed endpoint and CA reach Azurite with an Entra ID token; the same CA verifies the ARM emulator.
    const container = await containerClient('devstoreaccount1', 'secure-aks', { endpoint: blobUrl!, caFile });
    await container.createIfNotExists();
    await container.getBlockBlobClient('demo.json').upload('{}', 2);
    expect((await container.getBlockBlobClient('demo.json').getProperties()).contentLength).toBe(2);
    expect(await getStatus(`${armUrl}/subscriptions?api-version=2022-12-01`, readFileSync(caFile, 'utf8'))).toBeGreaterThan(0);

    // The two are linked: a container made through ARM on devstoreaccount1 exists in Azurite.
    const ca = readFileSync(caFile, 'utf8');
    const control = emulatorControl(armUrl!, ca);
    await control.setProviderState('Microsoft.Storage', 'Registered');
    const arm = (method: string, path: string, body?: unknown) =>
      emulatorRequest(armUrl!, ca, method, `/subscriptions/${EMULATOR_SUBSCRIPTION_ID}/resourceGroups/rg-st${path}`, body, {
        authorization: 'Bearer t',
      });
    await arm('PUT', '?api-version=2025-04-01', { location: 'eastus' });
    const account = '/providers/Microsoft.Storage/storageAccounts/devstoreaccount1';
    expect(
      (await arm('PUT', `${account}?api-version=2025-08-01`, { location: 'eastus', kind: 'StorageV2', sku: { name: 'Standard_LRS' } }))
        .status,
    ).toBe(202);
    await control.advanceClock(60);
    const made = await arm('PUT', `${account}/blobServices/default/containers/from-arm?api-version=2025-08-01`, { properties: {} });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(await (await containerClient('devstoreaccount1', 'from-arm', { endpoint: blobUrl!, caFile })).exists()).toBe(true);

    stop.abort();
    expect(await running).toBe(0);
    await expect(getStatus(blobUrl!, readFileSync(caFile, 'utf8'))).rejects.toThrow(/ECONNREFUSED/);
    await expect(getStatus(armUrl!, readFileSync(caFile, 'utf8'))).rejects.toThrow(/ECONNREFUSED/);
  });

  it('keeps blobs in <data>/azurite across restarts', async () => {
    const data = tempDir();
    for (const write of [true, false]) {
      const output = new BufferedOutput();
      const stop = new AbortController();
      const running = runEmulator(
        { output, env: {}, setExit: () => undefined, signal: stop.signal },
        { port: 0, data, speed: 60, timing: 'typical', seed: 1, blob: true, blobPort: 0 },
      );
      const [, blobUrl] = await untilLines(output, 2);
      const container = await containerClient('devstoreaccount1', 'kept', { endpoint: blobUrl!, caFile: join(data, 'ca.pem') });
      if (write) {
        await container.create();
        await container.getBlockBlobClient('s.json').upload('{"a":1}', 7);
      } else {
        expect((await container.getBlockBlobClient('s.json').downloadToBuffer()).toString()).toBe('{"a":1}');
      }
      stop.abort();
      expect(await running).toBe(0);
    }
  });

  it('refuses a state on devstoreaccount1 without --state-endpoint before any request', async () => {
    const cwd = tempDir();
    const r = await runMain(
      [
        'plan',
        '--emulator',
        '--non-interactive',
        '-g',
        'rg-x',
        '-n',
        'aks-x',
        '-l',
        'eastus',
        '--state',
        'az://devstoreaccount1/secure-aks/x.json',
      ],
      {},
      { cwd },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/devstoreaccount1 is Azurite's account: pass --state-endpoint, `secure-aks emulator --blob` prints it/);
    expect(r.stderr).not.toMatch(/blob\.core\.windows\.net.*ENOTFOUND|at .*\.js:\d+/);
  });
});
