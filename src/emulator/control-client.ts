/**
 * A typed client for the emulator's control API (`/_emulator/...`, see docs/emulator.md), over plain HTTPS
 * trusting the emulator's own CA. Tests, the soak run and the benchmark all drive the emulator through it,
 * whether it runs in their process or as `secure-aks emulator`.
 */
import { request } from 'node:https';
import type { CallerPermissions } from './core/control.js';
import type { ArmResource } from './core/contract.js';
import type { FaultSpec } from './core/faults.js';
import type { RequestRecord } from './core/requestLog.js';
import type { StrictRule } from './core/strict-rules.js';

export type { ArmResource, CallerPermissions, FaultSpec, RequestRecord, StrictRule };

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** One HTTPS call to the emulator with a JSON body and answer; no token unless `headers` carries one. */
export function emulatorRequest(
  baseUrl: string,
  caPem: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const url = new URL(baseUrl);
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        ca: caPem,
        // A fresh connection per call: a kept-alive socket would keep a test's process (or a stopped
        // emulator) waiting for it to time out.
        agent: false,
        headers: {
          ...(payload ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : undefined });
          } catch (err) {
            reject(
              new Error(`${method} ${path} answered ${res.statusCode} with a body that is not JSON: ${text.slice(0, 200)}`, { cause: err }),
            );
          }
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export interface EmulatorControl {
  /** Every stored resource as ARM's GET shows it. */
  resources(): Promise<ArmResource[]>;
  /** The ARM request log, oldest first. */
  requests(): Promise<RequestRecord[]>;
  clearRequests(): Promise<void>;
  fault(spec: FaultSpec): Promise<{ id: string }>;
  clearFaults(): Promise<void>;
  caller(): Promise<CallerPermissions>;
  setCaller(perm: { actions: string[]; notActions?: string[]; principalId?: string }): Promise<CallerPermissions>;
  setProviderState(namespace: string, registrationState: 'Registered' | 'NotRegistered'): Promise<void>;
  strictness(): Promise<Record<StrictRule, boolean>>;
  /** Turns rules on (true) or relaxes them (false), one by name; answers every rule's state. */
  setStrictness(rules: Partial<Record<StrictRule, boolean>>): Promise<Record<StrictRule, boolean>>;
  /** The emulator's now (ISO time): the real clock plus every advance. */
  clock(): Promise<{ now: string }>;
  /**
   * Moves the clock forward by Azure seconds: operations, propagation, replication, registration and
   * command results due by then complete at once, and operations held by a `hold` fault are let go.
   */
  advanceClock(azureSeconds: number): Promise<{ now: string }>;
  /** Empty store, no operations, faults or log, default caller, strictness as started, clock back to real time. */
  reset(): Promise<void>;
}

/** The control API of the emulator at `baseUrl` (e.g. https://127.0.0.1:8443), trusting `caPem`. */
export function emulatorControl(baseUrl: string, caPem: string): EmulatorControl {
  const call = async (method: string, path: string, body?: unknown) => {
    const answer = await emulatorRequest(baseUrl, caPem, method, `/_emulator/${path}`, body);
    if (answer.status >= 400) throw new Error(`Control API ${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  return {
    resources: () => call('GET', 'resources'),
    requests: () => call('GET', 'requests'),
    clearRequests: () => call('DELETE', 'requests'),
    fault: (spec) => call('POST', 'faults', spec),
    clearFaults: () => call('DELETE', 'faults'),
    caller: () => call('GET', 'caller'),
    setCaller: (perm) => call('PUT', 'caller', perm),
    setProviderState: (namespace, registrationState) => call('POST', 'providers', { namespace, registrationState }),
    strictness: () => call('GET', 'strictness'),
    setStrictness: (rules) => call('PUT', 'strictness', rules),
    clock: () => call('GET', 'clock'),
    advanceClock: (azureSeconds) => call('POST', 'clock', { advanceSeconds: azureSeconds }),
    reset: () => call('POST', 'reset'),
  };
}
