/**
 * Starts the ARM emulator for a test (random port, a fresh data directory) and offers its control API
 * and SDK clients built by the product's own client factory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createAzureClients } from '../../src/azure/clients.js';
import type { AzureClients } from '../../src/azure/types.js';
import { startEmulator, EMULATOR_SUBSCRIPTION_ID } from '../../src/emulator/index.js';
import type { ArmResource, Provider } from '../../src/emulator/core/contract.js';
import { startServer } from '../../src/emulator/core/server.js';
import type { FaultSpec } from '../../src/emulator/core/faults.js';
import type { RequestRecord } from '../../src/emulator/core/requestLog.js';
import type { StrictRule } from '../../src/emulator/core/strict-rules.js';
import type { TimingProfile } from '../../src/emulator/core/timing.js';

export { EMULATOR_SUBSCRIPTION_ID };
export const SUB = EMULATOR_SUBSCRIPTION_ID;

export interface TestEmulatorOptions {
  port?: number;
  /** Reuse a data directory (restart tests); default a fresh temporary one, removed on close. */
  dataDir?: string;
  speed?: number;
  /** Strictness rules this emulator starts (and resets to) without: name the one a test is not about. */
  relax?: StrictRule[];
  timing?: TimingProfile;
  seed?: number;
  /** Serve these providers instead of the product's registry (core tests with a stand-in provider). */
  providers?: Provider[];
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

export interface TestEmulator {
  url: string;
  port: number;
  caPem: string;
  caFile: string;
  dataDir: string;
  /** Simulated seconds per real second. */
  speed: number;
  /** Raw HTTPS call (bearer token included unless `headers.authorization` is set to ''). */
  http(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpAnswer>;
  control: {
    resources(): Promise<ArmResource[]>;
    requests(): Promise<RequestRecord[]>;
    clearRequests(): Promise<void>;
    fault(spec: FaultSpec): Promise<{ id: string }>;
    clearFaults(): Promise<void>;
    setCaller(perm: { actions: string[]; notActions?: string[]; principalId?: string }): Promise<void>;
    setProviderState(namespace: string, registrationState: 'Registered' | 'NotRegistered'): Promise<void>;
    /** Turns rules on (true) or relaxes them (false), one by name; answers every rule's state. */
    setStrictness(rules: Partial<Record<StrictRule, boolean>>): Promise<Record<StrictRule, boolean>>;
    reset(): Promise<void>;
  };
  clients(subscriptionId?: string): AzureClients;
  close(): Promise<void>;
}

export async function startTestEmulator(opts: TestEmulatorOptions = {}): Promise<TestEmulator> {
  const ownDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'secure-aks-emu-'));
  const emu = opts.providers
    ? await startServer({
        port: opts.port,
        dataDir,
        speed: opts.speed ?? 60,
        relax: opts.relax,
        timing: opts.timing,
        seed: opts.seed,
        providers: opts.providers,
      })
    : await startEmulator({ port: opts.port, dataDir, speed: opts.speed, relax: opts.relax, timing: opts.timing, seed: opts.seed });
  const caFile = emu.caFile ?? join(dataDir, 'ca.pem');

  const http = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const url = new URL(emu.url);
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method,
          path,
          ca: emu.caPem,
          agent: false,
          headers: {
            authorization: 'Bearer test-token',
            ...(payload ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : undefined });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });

  const control = async (method: string, path: string, body?: unknown) => {
    const answer = await http(method, `/_emulator/${path}`, body);
    if (answer.status >= 400) throw new Error(`Control API ${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };

  return {
    url: emu.url,
    port: emu.port,
    caPem: emu.caPem,
    caFile,
    dataDir,
    speed: opts.speed ?? 60,
    http,
    control: {
      resources: () => control('GET', 'resources'),
      requests: () => control('GET', 'requests'),
      clearRequests: () => control('DELETE', 'requests'),
      fault: (spec) => control('POST', 'faults', spec),
      clearFaults: () => control('DELETE', 'faults'),
      setCaller: (perm) => control('PUT', 'caller', perm),
      setProviderState: (namespace, registrationState) => control('POST', 'providers', { namespace, registrationState }),
      setStrictness: (rules) => control('PUT', 'strictness', rules),
      reset: () => control('POST', 'reset'),
    },
    clients: (subscriptionId = EMULATOR_SUBSCRIPTION_ID) =>
      createAzureClients({
        subscriptionId,
        target: { kind: 'endpoint', cloud: 'AzureCloud', armEndpoint: emu.url, caFile },
        pollIntervalMs: 50,
      }),
    close: async () => {
      await emu.close();
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * One emulator for a whole test file, emptied before each test. Registers the hooks and returns a stand-in
 * that forwards to the emulator once beforeAll has started it, so tests keep writing `emu.control...`.
 */
export function useTestEmulator(opts: TestEmulatorOptions = {}): TestEmulator {
  let started: TestEmulator | undefined;
  beforeAll(async () => {
    started = await startTestEmulator(opts);
  });
  afterAll(async () => started?.close());
  beforeEach(async () => started!.control.reset());
  return new Proxy({} as TestEmulator, {
    get: (_target, key) => {
      if (!started) throw new Error('useTestEmulator: the emulator starts in beforeAll; use it inside a test or hook');
      return started[key as keyof TestEmulator];
    },
  });
}
