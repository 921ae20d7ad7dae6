/**
 * The ARM emulator in this test's process (random port, a fresh data directory), with its control API
 * and SDK clients built by the product's own client factory. `useTestEmulator` is the usual entry: one
 * emulator per test file, emptied before each test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createAzureClients } from '../../src/azure/clients.js';
import type { AzureClients } from '../../src/azure/types.js';
import { startEmulator, EMULATOR_SUBSCRIPTION_ID } from '../../src/emulator/index.js';
import { emulatorControl, emulatorRequest, type EmulatorControl, type HttpAnswer } from '../../src/emulator/control-client.js';
import type { Provider } from '../../src/emulator/core/contract.js';
import { startServer } from '../../src/emulator/core/server.js';
import type { StrictRule } from '../../src/emulator/core/strict-rules.js';
import type { TimingProfile } from '../../src/emulator/core/timing.js';
import { SPEED } from './speeds.js';

export { EMULATOR_SUBSCRIPTION_ID, type HttpAnswer };
export const SUB = EMULATOR_SUBSCRIPTION_ID;

export interface TestEmulatorOptions {
  port?: number;
  /** Reuse a data directory (restart tests); default a fresh temporary one, removed on close. */
  dataDir?: string;
  /** Simulated seconds per real second: one of SPEED (test/helpers/speeds.ts); default SPEED.azure. */
  speed?: number;
  /** Strictness rules this emulator starts (and resets to) without: name the one a test is not about. */
  relax?: StrictRule[];
  timing?: TimingProfile;
  seed?: number;
  /** Serve these providers instead of the product's registry (core tests with a stand-in provider). */
  providers?: Provider[];
  /**
   * useTestEmulator only: false keeps what earlier tests and the file's beforeAll built (files that build one
   * deployment and look at it from several tests); default true, an empty emulator for every test.
   */
  resetBeforeEach?: boolean;
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
  control: EmulatorControl;
  clients(subscriptionId?: string): AzureClients;
  close(): Promise<void>;
}

export async function startTestEmulator(opts: TestEmulatorOptions = {}): Promise<TestEmulator> {
  const ownDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'secure-aks-emu-'));
  const speed = opts.speed ?? SPEED.azure;
  const config = { port: opts.port, dataDir, speed, relax: opts.relax, timing: opts.timing, seed: opts.seed };
  const emu = opts.providers ? await startServer({ ...config, providers: opts.providers }) : await startEmulator(config);
  const caFile = emu.caFile ?? join(dataDir, 'ca.pem');
  return {
    url: emu.url,
    port: emu.port,
    caPem: emu.caPem,
    caFile,
    dataDir,
    speed,
    http: (method, path, body, headers = {}) =>
      emulatorRequest(emu.url, emu.caPem, method, path, body, { authorization: 'Bearer test-token', ...headers }),
    control: emulatorControl(emu.url, emu.caPem),
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
 * Registers beforeAll/afterAll hooks that start `start()` once for the file and close it, and returns a
 * stand-in that forwards to it once started, so tests keep writing `emu.control...` at the top level.
 */
export function useStarted<T extends { close(): Promise<unknown> }>(what: string, start: () => Promise<T>, timeoutMs?: number): T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  }, timeoutMs);
  afterAll(async () => {
    await started?.close();
  });
  return new Proxy({} as T, {
    get: (_target, key) => {
      if (!started) throw new Error(`${what}: it starts in beforeAll; use it inside a test or hook`);
      return started[key as keyof T];
    },
  });
}

/** One in-process emulator for a whole test file, emptied (`control.reset()`) before each test unless told not to. */
export function useTestEmulator(opts: TestEmulatorOptions = {}): TestEmulator {
  const emu = useStarted('useTestEmulator', () => startTestEmulator(opts));
  if (opts.resetBeforeEach !== false) beforeEach(async () => emu.control.reset());
  return emu;
}
