import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { CLOUD_ENDPOINTS } from './clouds.js';
import type { ArmRecorder } from './record-policy.js';
import { ExitCode, SecureAksError } from '../core/errors.js';
import { REQUEST_TIMEOUT_ENV, requestTimeoutPolicy } from './request-timeout.js';
import { transientRetryPolicy } from './retry-pipeline.js';
import { defaultWaits, RETRY_POLICIES, type RetryWaits, type Scale } from './retry.js';
import type { AzureClients, CloudTarget } from './types.js';

/** One ARM call as the verbose log shows it (never headers or bodies: they may carry tokens). */
export interface ArmCallRecord {
  method: string;
  /** The path without the query (a query may carry a signed token). */
  path: string;
  apiVersion?: string;
  status: number;
  correlationId?: string;
  /** ARM's id of this one request (x-ms-request-id). */
  requestId?: string;
  durationMs: number;
}

export interface ClientFactoryOptions {
  subscriptionId: string;
  target: CloudTarget;
  /** Defaults to a fake bearer credential for loopback endpoints and DefaultAzureCredential otherwise. */
  credential?: TokenCredential;
  /** Where a request-level retry says its wait when no step is waiting (preflight, destroy, verify). */
  onWait?: (message: string) => void;
  /** Called after every ARM response (verbose output, request counting). */
  onArmCall?: (call: ArmCallRecord) => void;
  /** The x-ms-correlation-request-id sent on every request of this run (a new one when absent). */
  correlationId?: string;
  /** Override the LRO poll interval (ms). */
  pollIntervalMs?: number;
  /** --record: every ARM request and answer goes (sanitized) to this recorder's cassette. */
  recorder?: ArmRecorder;
  /** Override how long the retry module waits (see retry.ts); e.g. from SECURE_AKS_ROLE_PROPAGATION_TIMEOUT. */
  waits?: Partial<RetryWaits>;
  /** Override the per-request bounds; by default from the environment (requestBoundsFromEnv). */
  requestBounds?: Partial<RequestBounds>;
  /** The environment the bounds are read from: the command's (main() may run in-process), else the process's. */
  env?: Record<string, string | undefined>;
}

/** How long one request may go unanswered, and the longest Retry-After honoured. */
export interface RequestBounds {
  requestTimeoutMs: number;
  retryAfterCapMs: number;
}

/** The env var that sets the role propagation bound in minutes (a slow tenant may need AKS's 60). */
export const ROLE_PROPAGATION_ENV = 'SECURE_AKS_ROLE_PROPAGATION_TIMEOUT';

/** `waits` overrides from the environment; a value that is not a positive number of minutes is a usage error. */
export function waitsFromEnv(env: Record<string, string | undefined>): Partial<RetryWaits> {
  const raw = env[ROLE_PROPAGATION_ENV];
  if (raw === undefined || raw.trim() === '') return {};
  const minutes = Number(raw);
  if (!Number.isFinite(minutes) || minutes <= 0) {
    throw new SecureAksError('InvalidEnvironment', `${ROLE_PROPAGATION_ENV} must be a positive number of minutes; got "${raw}".`, {
      exitCode: ExitCode.usage,
      source: 'user',
      remediation: `Set ${ROLE_PROPAGATION_ENV} to e.g. 15, or unset it for the default (15 minutes against Azure).`,
    });
  }
  return { rolePropagationMs: minutes * 60_000 };
}

/** The env var that caps how long a Retry-After is honoured, in seconds. */
export const RETRY_AFTER_CAP_ENV = 'SECURE_AKS_RETRY_AFTER_CAP';

/** The transient-HTTP policy's bounds (retry.ts). */
function defaultRequestBounds(scale: Scale): RequestBounds {
  const { requestTimeoutMs, retryAfterCapMs } = RETRY_POLICIES.transientHttp;
  return { requestTimeoutMs: requestTimeoutMs[scale], retryAfterCapMs };
}

function positiveSeconds(env: Record<string, string | undefined>, name: string, example: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new SecureAksError('InvalidEnvironment', `${name} must be a positive number of seconds; got "${raw}".`, {
      exitCode: ExitCode.usage,
      source: 'user',
      remediation: `Set ${name} to e.g. ${example}, or unset it for the default.`,
    });
  }
  return seconds * 1000;
}

/** `requestBounds` overrides from the environment; a value that is not a positive number of seconds is a usage error. */
export function requestBoundsFromEnv(env: Record<string, string | undefined>): Partial<RequestBounds> {
  const requestTimeoutMs = positiveSeconds(env, REQUEST_TIMEOUT_ENV, '120');
  const retryAfterCapMs = positiveSeconds(env, RETRY_AFTER_CAP_ENV, '60');
  return { ...(requestTimeoutMs ? { requestTimeoutMs } : {}), ...(retryAfterCapMs ? { retryAfterCapMs } : {}) };
}

const AKS_SERVER_APP_SCOPE = '6dae42f8-4368-4678-94ff-3960e28e3630/.default';

export function isLoopbackEndpoint(endpoint: string): boolean {
  const host = new URL(endpoint).hostname;
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\./.test(host);
}

/** The emulator accepts any bearer token; never look up a real credential for a loopback endpoint. */
export const emulatorCredential: TokenCredential = {
  async getToken(): Promise<AccessToken> {
    return { token: 'emulator-token', expiresOnTimestamp: Date.now() + 3_600_000 };
  },
};

function armCallPolicy(onArmCall: (call: ArmCallRecord) => void): PipelinePolicy {
  return {
    name: 'secureAksArmCallLog',
    async sendRequest(request, next) {
      const started = Date.now();
      const response = await next(request);
      const url = new URL(request.url);
      const apiVersion = url.searchParams.get('api-version') ?? undefined;
      const requestId = response.headers.get('x-ms-request-id') ?? undefined;
      onArmCall({
        method: request.method,
        path: url.pathname,
        ...(apiVersion ? { apiVersion } : {}),
        status: response.status,
        correlationId: response.headers.get('x-ms-correlation-request-id') ?? requestId,
        ...(requestId ? { requestId } : {}),
        durationMs: Date.now() - started,
      });
      return response;
    },
  };
}

/**
 * One correlation id for every ARM request of a run, as terraform-provider-azurerm sends one per session
 * (https://github.com/terraform-providers/terraform-provider-azurerm/issues/3253): the id a failure prints
 * then finds every operation of the run in the Activity Log, even one whose failure carried no response.
 */
function correlationPolicy(correlationId: string): PipelinePolicy {
  return {
    name: 'secureAksCorrelationId',
    sendRequest(request, next) {
      if (!request.headers.has('x-ms-correlation-request-id')) request.headers.set('x-ms-correlation-request-id', correlationId);
      return next(request);
    },
  };
}

/**
 * Builds every SDK client with one configuration: endpoint, TLS trust of the emulator's CA (never
 * disabling verification), retry options and the ARM call log. Packages are imported on first use so
 * `--help` and commands that need no Azure stay fast.
 */
export function createAzureClients(options: ClientFactoryOptions): AzureClients {
  const { subscriptionId, target } = options;
  const loopback = isLoopbackEndpoint(target.armEndpoint);
  const scale: Scale = loopback ? 'emulator' : 'azure';
  const ca = target.caFile ? readFileSync(target.caFile, 'utf8') : undefined;
  const scope = `${target.armEndpoint.replace(/\/$/, '')}/.default`;
  options.recorder?.addIds({ subscriptionIds: [subscriptionId] });
  const bounds = { ...defaultRequestBounds(scale), ...requestBoundsFromEnv(options.env ?? process.env), ...options.requestBounds };
  const correlationId = options.correlationId ?? randomUUID();

  let credentialPromise: Promise<TokenCredential> | undefined;
  const credential = (): Promise<TokenCredential> =>
    (credentialPromise ??= options.credential
      ? Promise.resolve(options.credential)
      : loopback
        ? Promise.resolve(emulatorCredential)
        : import('@azure/identity').then(
            // Sovereign clouds sign in at their own Entra authority, not login.microsoftonline.com.
            (m) => new m.DefaultAzureCredential({ authorityHost: CLOUD_ENDPOINTS[target.cloud].authority }) as TokenCredential,
          ));

  const common = () => ({
    endpoint: target.armEndpoint,
    ...(ca ? { tlsOptions: { ca } } : {}),
    // The SDK's own retries are off: its throttling strategy sleeps out any Retry-After (an hour, silently)
    // and its back-off says nothing; transientRetryPolicy retries what it did, bounded and announced.
    retryOptions: { maxRetries: 0 },
    additionalPolicies: [
      { policy: correlationPolicy(correlationId), position: 'perCall' as const },
      // perCall: wraps every attempt, so each retry goes through the timeout, the log and the recorder again.
      {
        policy: transientRetryPolicy({
          busy: RETRY_POLICIES.transientHttp.busy[scale],
          failure: RETRY_POLICIES.transientHttp.failure[scale],
          retryAfterCapMs: bounds.retryAfterCapMs,
          onWait: options.onWait,
        }),
        position: 'perCall' as const,
      },
      { policy: requestTimeoutPolicy(bounds.requestTimeoutMs), position: 'perRetry' as const },
      ...(options.onArmCall ? [{ policy: armCallPolicy(options.onArmCall), position: 'perRetry' as const }] : []),
      // perRetry: each attempt on the wire is one recorded interaction, retries included.
      ...(options.recorder ? [{ policy: options.recorder.policy(), position: 'perRetry' as const }] : []),
    ],
  });

  const memo = <T>(make: () => Promise<T>): (() => Promise<T>) => {
    let p: Promise<T> | undefined;
    return () => (p ??= make());
  };

  // A credential proxy so `clients.credential` is usable synchronously while the real one loads lazily.
  const lazyCredential: TokenCredential = {
    getToken: async (scopes, opts) => (await credential()).getToken(scopes, opts),
  };

  return {
    subscriptionId,
    target,
    correlationId,
    credential: lazyCredential,
    pollIntervalMs: options.pollIntervalMs ?? RETRY_POLICIES.provisioningPoll.intervalMs[scale],
    waits: { ...defaultWaits(scale), ...options.waits },
    network: memo(async () => new (await import('@azure/arm-network')).NetworkManagementClient(lazyCredential, subscriptionId, common())),
    containerService: memo(
      async () =>
        new (await import('@azure/arm-containerservice')).ContainerServiceClient(lazyCredential, subscriptionId, {
          ...common(),
          credentials: { scopes: [scope] },
        }),
    ),
    resources: memo(
      async () => new (await import('@azure/arm-resources')).ResourceManagementClient(lazyCredential, subscriptionId, common()),
    ),
    authorization: memo(
      async () => new (await import('@azure/arm-authorization')).AuthorizationManagementClient(lazyCredential, subscriptionId, common()),
    ),
    compute: memo(
      async () =>
        new (await import('@azure/arm-compute')).ComputeManagementClient(lazyCredential, subscriptionId, {
          ...common(),
          credentials: { scopes: [scope] },
        }),
    ),
    msi: memo(async () => new (await import('@azure/arm-msi')).ManagedServiceIdentityClient(lazyCredential, subscriptionId, common())),
    operationalInsights: memo(
      async () =>
        new (await import('@azure/arm-operationalinsights')).OperationalInsightsManagementClient(lazyCredential, subscriptionId, common()),
    ),
    monitor: memo(async () => new (await import('@azure/arm-monitor')).MonitorClient(lazyCredential, subscriptionId, common())),
    security: memo(async () => new (await import('@azure/arm-security')).SecurityCenter(lazyCredential, subscriptionId, common())),
    policy: memo(async () => new (await import('@azure/arm-policy')).PolicyClient(lazyCredential, subscriptionId, common())),
    keyVault: memo(
      async () => new (await import('@azure/arm-keyvault')).KeyVaultManagementClient(lazyCredential, subscriptionId, common()),
    ),
    privateDns: memo(
      async () => new (await import('@azure/arm-privatedns')).PrivateDnsManagementClient(lazyCredential, subscriptionId, common()),
    ),
    storage: memo(
      async () =>
        new (await import('@azure/arm-storage')).StorageManagementClient(lazyCredential, subscriptionId, {
          ...common(),
          credentials: { scopes: [scope] },
        }),
    ),
    async callerPrincipalId() {
      const token = await lazyCredential.getToken(scope);
      return principalIdFromToken(token?.token) ?? UNKNOWN_TOKEN_PRINCIPAL_ID;
    },
    async clusterToken() {
      const token = await lazyCredential.getToken(AKS_SERVER_APP_SCOPE);
      if (!token) throw new Error('No token for the AKS server application');
      return token.token;
    },
  };
}

/**
 * Who we are when the token is not a JWT: only the emulator hands out such tokens, and it treats every
 * request as coming from this principal unless told otherwise, so the role assignments the wizard makes for
 * itself (e.g. its Kubernetes RBAC role on the cluster) are the ones the emulator then checks.
 */
export const UNKNOWN_TOKEN_PRINCIPAL_ID = '11111111-1111-1111-1111-111111111111';

/** The `oid` claim of a JWT access token (no signature check: we only need to know who we are). */
export function principalIdFromToken(token: string | undefined): string | undefined {
  const payload = token?.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { oid?: string };
    return claims.oid;
  } catch {
    return undefined;
  }
}
