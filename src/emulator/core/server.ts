/**
 * The emulator's HTTPS server: TLS with its own CA, request parsing, bearer-token check, injected faults,
 * request log, control API, and ARM's error body and headers on every answer.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { ArmRequest, ArmResource, ArmResponse, EmulatorContext, Provider } from './contract.js';
import { ArmError } from './contract.js';
import { EmulatorClock } from './clock.js';
import { handleControl, type CallerPermissions } from './control.js';
import { dispatch } from './dispatch.js';
import { errorBody, invalidRequestContent } from './errors.js';
import { faultError, Faults } from './faults.js';
import { Holds } from './holds.js';
import { DEFAULT_PRINCIPAL_ID, REGIONS } from './ids.js';
import { LroEngine } from './lro.js';
import { pollProvider } from './pollRoutes.js';
import { RequestLog } from './requestLog.js';
import { Router, splitTarget } from './router.js';
import { EmulatorStore } from './store.js';
import { Strictness } from './strictness.js';
import { Timing, type TimingProfile } from './timing.js';
import { ensureTls } from './tls.js';

export interface EmulatorServerOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  /** Simulated seconds per real second. */
  speed?: number;
  /** Strictness rules this emulator starts (and resets to) without. */
  relax?: readonly string[];
  timing?: TimingProfile;
  /** Seed of the pessimistic profile's jitter. */
  seed?: number;
  providers: Provider[];
}

export interface RunningEmulator {
  url: string;
  port: number;
  caPem: string;
  caFile?: string;
  ctx: EmulatorContext;
  close(): Promise<void>;
}

const DEFAULT_CALLER = (): CallerPermissions => ({ actions: ['*'], notActions: [], principalId: DEFAULT_PRINCIPAL_ID });
const TICK_MS = 250;

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function isLoopback(address: string | undefined): boolean {
  return !!address && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));
}

function send(res: ServerResponse, method: string, response: ArmResponse, base: Record<string, string>): void {
  const headers: Record<string, string> = { ...base, ...(response.headers ?? {}) };
  let payload: string | undefined;
  if (response.body !== undefined && method !== 'HEAD' && response.status !== 204) {
    payload = JSON.stringify(response.body);
    headers['Content-Type'] = 'application/json; charset=utf-8';
  }
  headers['Content-Length'] = String(payload ? Buffer.byteLength(payload) : 0);
  res.writeHead(response.status, headers);
  res.end(payload);
}

function toResponse(err: unknown): ArmResponse {
  if (err instanceof ArmError) return { status: err.status, body: errorBody(err), headers: err.extra.headers };
  const message = err instanceof Error ? err.message : String(err);
  return {
    status: 500,
    body: { error: { code: 'InternalServerError', message: `The emulator failed to handle the request: ${message}` } },
  };
}

export async function startServer(options: EmulatorServerOptions): Promise<RunningEmulator> {
  const tls = await ensureTls(options.dataDir);
  const store = new EmulatorStore(options.dataDir);
  const faults = new Faults();
  const holds = new Holds();
  const log = new RequestLog();
  let caller = DEFAULT_CALLER();
  const strictness = new Strictness(options.relax);
  const timing = new Timing(options.timing, options.seed);
  const views = new Map<string, NonNullable<Provider['views']>[string]>();
  for (const p of options.providers) for (const [type, view] of Object.entries(p.views ?? {})) views.set(type.toLowerCase(), view);

  const clock = new EmulatorClock(store, options.speed ?? 60);
  const ctx: EmulatorContext = {
    store,
    lro: undefined as unknown as LroEngine,
    speed: options.speed ?? 60,
    baseUrl: '',
    newGuid: () => randomUUID(),
    regions: REGIONS,
    now: () => clock.now(),
    caller: () => ({ actions: [...caller.actions], notActions: [...caller.notActions], principalId: caller.principalId }),
    present: (r: ArmResource) => {
      const view = views.get(r.type.toLowerCase());
      return view ? view(r, ctx) : structuredClone(r);
    },
    strict: (rule) => strictness.enabled(rule),
    seconds: (key) => timing.seconds(key),
  };
  const lro = new LroEngine(store, () => ctx);
  ctx.lro = lro;
  const router = new Router([pollProvider(lro), ...options.providers]);

  const controlDeps = {
    ctx,
    advanceClock: (azureSeconds: number) => {
      const now = clock.advance(azureSeconds);
      lro.releaseHeld();
      return now;
    },
    strictness,
    faults,
    log,
    setCaller: (c: Partial<CallerPermissions> | undefined) => {
      caller = { ...DEFAULT_CALLER(), ...(c ?? {}) };
    },
    reset: () => {
      store.clear();
      lro.clear();
      faults.clear();
      log.clear();
      strictness.reset();
      caller = DEFAULT_CALLER();
    },
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const method = (req.method ?? 'GET').toUpperCase();
    const { path, query } = splitTarget(req.url ?? '/');
    lro.tick();
    let body: any;
    const parse = () => {
      if (!raw.trim()) return undefined;
      try {
        return JSON.parse(raw);
      } catch (e) {
        throw invalidRequestContent((e as Error).message);
      }
    };

    if (/^\/_emulator(\/|$)/i.test(path)) {
      let response: ArmResponse;
      try {
        if (!isLoopback(req.socket.remoteAddress))
          throw new ArmError(403, 'Forbidden', 'The emulator control API answers loopback callers only.');
        response = handleControl(method, path, parse(), controlDeps);
      } catch (err) {
        response = toResponse(err);
      }
      send(res, method, response, {});
      return;
    }

    const requestId = randomUUID();
    const clientRequestId = headerValue(req, 'x-ms-client-request-id');
    const base: Record<string, string> = {
      'x-ms-request-id': requestId,
      'x-ms-correlation-request-id': headerValue(req, 'x-ms-correlation-request-id') ?? clientRequestId ?? requestId,
      ...(clientRequestId ? { 'x-ms-client-request-id': clientRequestId } : {}),
    };
    const apiVersion = query.get('api-version') ?? undefined;
    const record = (status: number) => log.add({ method, path, apiVersion, status, time: new Date().toISOString() });

    let response: ArmResponse;
    try {
      if (!/^Bearer\s+\S+/i.test(headerValue(req, 'authorization') ?? '')) {
        throw new ArmError(
          401,
          'AuthenticationFailed',
          "Authentication failed. The 'Authorization' header is missing or is not a bearer token.",
        );
      }
      const armReq: ArmRequest = { method, path, query, apiVersion, headers: req.headers, body: undefined, params: {} };
      for (const fault of faults.take(method, path)) {
        if (fault.kind === 'delay' || fault.kind === 'stall') {
          // A stall never answers: the connection stays open, silent, until the client gives up or we close.
          if (!(await holds.wait(fault.kind === 'delay' ? (fault.delayMs ?? 1000) : undefined, (release) => res.once('close', release)))) {
            record(0);
            req.socket.destroy();
            return;
          }
        } else if (fault.kind === 'reset') {
          record(0);
          req.socket.destroy();
          return;
        } else if (fault.kind === 'status') throw faultError(fault);
        else if (fault.kind === 'hold') lro.holdNextOperation(armReq);
        else
          lro.failNextOperation(armReq, {
            code: fault.code ?? 'InternalServerError',
            message: fault.message ?? 'The operation failed (injected fault).',
          });
      }
      body = parse();
      armReq.body = body;
      response = await dispatch(armReq, ctx, router);
    } catch (err) {
      response = toResponse(err);
    }
    record(response.status);
    send(res, method, response, base);
  }

  const server: Server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) send(res, req.method ?? 'GET', toResponse(err), {});
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as { port: number }).port;
  ctx.baseUrl = `https://127.0.0.1:${port}`;
  const timer = setInterval(() => lro.tick(), TICK_MS);
  timer.unref();

  return {
    url: ctx.baseUrl,
    port,
    caPem: tls.caPem,
    caFile: tls.caFile,
    ctx,
    close: async () => {
      clearInterval(timer);
      holds.releaseAll();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      store.flush();
    },
  };
}
