/**
 * Azure's errors, in one place: reading what Azure said from whatever the SDK threw (RestError, a failed
 * long-running operation, or our typed errors), wrapping a failed call with what it was doing, and turning
 * any failure into the typed, redacted error the user sees and the journal keeps.
 */
import { AbortError, AuthError, AzureOperationError, ExitCode, SecureAksError } from '../core/errors.js';
import { redactSecrets } from '../core/secrets.js';
import { recognizeAksFailure } from './aks-failures.js';

/** What the state journal keeps about a failed step (never a stack, token or request body). */
export interface StepErrorRecord {
  code: string;
  message: string;
  remediation?: string;
  statusCode?: number;
  /** A well-known failure's one-sentence cause (src/azure/aks-failures.ts) and its Learn page. */
  explanation?: string;
  docs?: string;
  /** What a read-only check found right after the failure (the missing route, rule collection, ...). */
  findings?: string[];
  /** The x-ms-correlation-request-id Azure support asks for. */
  correlationId?: string;
}

interface ArmErrorDetail {
  code?: string;
  message?: string;
}

/**
 * Hints for the Azure error codes this architecture is known to hit (docs/azure-behaviour.md and the Learn pages each hint links). Each says what is
 * most likely wrong in OUR deployment and what to do, because Azure's own message rarely does.
 */
const HINTS: Record<string, string> = {
  CreateVMSSAgentPoolFailed:
    'The nodes could not reach a required endpoint through the firewall. Check that the route table sends 0.0.0.0/0 to the ' +
    "firewall's private IP and that the application rules allow the AzureKubernetesService FQDN tag, mcr.microsoft.com, " +
    '*.data.mcr.microsoft.com, management.azure.com, login.microsoftonline.com, packages.microsoft.com and acs-mirror.azureedge.net ' +
    '(step 4 firewall-rules), then run `secure-aks status --resume`.',
  ExistingRouteTableNotAssociatedWithSubnet:
    'The route table must be associated with the node subnet before the cluster is created (step 3 egress-route). Run `secure-aks status --resume`.',
  RouteTableMissingDefaultRouteError:
    "The route table needs a 0.0.0.0/0 route to the firewall's private IP (step 3 egress-route). Run `secure-aks status --resume`.",
  RouteTableInvalidNextHop:
    'The 0.0.0.0/0 route must use next hop VirtualAppliance (the firewall private IP), not Internet. Fix the route and resume.',
  CustomRouteTableMissingPermission:
    'The cluster identity needs Network Contributor on the route table and the VNet (step 3 egress-route) before the cluster is created. A new assignment can take minutes to propagate: run `secure-aks status --resume` later (see https://aka.ms/aks/customrt).',
  UDRWithNodePublicIPNotAllowed: 'Node public IPs cannot be used with userDefinedRouting; disable node public IPs.',
  SubnetNotFound: 'The node subnet does not exist yet; run the network step (step 2) first with `secure-aks status --resume`.',
  PrincipalNotFound:
    'The new managed identity is not yet visible to Azure RBAC (replication delay). Wait a minute and run `secure-aks status --resume`.',
  RoleAssignmentExists:
    'An equivalent role assignment already exists under another name. It is safe to re-run: the step looks up existing assignments first.',
  AnotherOperationInProgress:
    'Another operation on this resource is still running. Wait for it to finish, then run `secure-aks status --resume`.',
  ResourceGroupBeingDeleted:
    'The resource group is being deleted. Wait until the deletion finishes, or choose another resource group with -g.',
  ResourceGroupNotFound: 'The resource group does not exist; re-run from step 1 with `secure-aks status --resume`.',
  NetcfgSubnetRangeOutsideVnet: 'A subnet range lies outside the VNet range: adjust --vnet-cidr or the subnet flags.',
  NetcfgSubnetRangesOverlap: 'Two subnet ranges overlap: choose non-overlapping --*-subnet-cidr values.',
  InvalidCIDRNotation: 'A CIDR value is malformed: use the form 10.42.0.0/16.',
  LocationNotAvailableForResourceType: 'This resource type is not offered in the chosen region: pick another with -l/--location.',
  InvalidResourceName: 'A resource name is not valid for Azure: choose another --name (letters, digits and hyphens).',
  QuotaExceeded: 'The subscription quota for this region is exhausted: request more quota or choose another region or VM size.',
  SkuNotAvailable: 'The VM size is not available in this region: choose another --node-vm-size or --location.',
};

/**
 * A failed LRO surfaces as a plain Error "The long-running operation has failed. <code>. <message>"
 * (@azure/core-lro). The code ends at the first ". ": a code may itself contain dots.
 */
const LRO_FAILED = /^The long-running operation has failed\.\s*(\S+?)\.(?:\s+([\s\S]*))?$/;

/**
 * The correlation id of the response an SDK error carries (RestError.response), if any. ARM echoes the
 * x-ms-correlation-request-id a client sends (createAzureClients sends one per run), else makes one up.
 */
function correlationOf(err: unknown): string | undefined {
  const headers = (err as { response?: { headers?: { get?(name: string): string | undefined } } } | undefined)?.response?.headers;
  if (typeof headers?.get !== 'function') return undefined;
  return headers.get('x-ms-correlation-request-id') ?? headers.get('x-ms-request-id') ?? undefined;
}

/** Azure's message without a leading "<code>: " (some messages repeat their code). */
function withoutCode(code: string, message: string): string {
  return message.startsWith(`${code}: `) ? message.slice(code.length + 2) : message;
}

function firstDetail(details: unknown): ArmErrorDetail | undefined {
  if (!details || typeof details !== 'object') return undefined;
  const body = details as { error?: { details?: ArmErrorDetail[] }; details?: ArmErrorDetail[] };
  const list = Array.isArray(details) ? (details as ArmErrorDetail[]) : (body.error?.details ?? body.details);
  return Array.isArray(list) ? list.find((d) => d && typeof d.code === 'string') : undefined;
}

function authorizationHint(message: string): string {
  const action = /action '([^']+)'/i.exec(message)?.[1];
  const scope = /scope '([^']+)'/i.exec(message)?.[1];
  return (
    (action ? `The signed-in principal lacks the permission ${action}${scope ? ` on ${scope}` : ''}. ` : '') +
    'Ask for Contributor plus User Access Administrator (or Role Based Access Control Administrator), or Owner, on the ' +
    'subscription or resource group, then run `secure-aks status --resume`.'
  );
}

/** Remediation for an Azure error code, or undefined when we know nothing better than Azure's message. */
export function remediationFor(code: string, message = ''): string | undefined {
  if (code === 'AuthorizationFailed' || code === 'LinkedAuthorizationFailed') return authorizationHint(message);
  return HINTS[code];
}

const CONNECTION_CODES =
  /^(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|CERT_HAS_EXPIRED|UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT)$/;

/**
 * Nothing answered (or nothing trusted answered) at the ARM endpoint: no request reached Azure, so this is
 * neither a permission problem nor something `status --resume` would fix by itself.
 */
function endpointUnreachable(code: string, message: string, url?: string): SecureAksError {
  const where = url ? new URL(url).origin : (/\b(?:connect|getaddrinfo) \w+ (\S+)/.exec(message)?.[1] ?? 'the ARM endpoint');
  return new SecureAksError('EndpointUnreachable', `Could not reach the ARM endpoint ${where} (${code}).`, {
    exitCode: ExitCode.stepFailed,
    source: 'user',
    remediation:
      'If it is the emulator, check that it is running (`secure-aks emulator`) on that address; otherwise check --arm-endpoint (or --cloud), ' +
      'the network, proxy settings (HTTPS_PROXY/NO_PROXY) and that its certificate is trusted (--arm-ca).',
  });
}

/** Azure says the subscription does not exist or the caller cannot see it: one sentence, not the SDK's. */
function subscriptionNotFound(message: string, url?: string): SecureAksError {
  const id = /subscription '([^']+)'/i.exec(message)?.[1] ?? /\/subscriptions\/([^/?\s']+)/i.exec(`${url ?? ''} ${message}`)?.[1];
  return new SecureAksError(
    'SubscriptionNotFound',
    `Subscription ${id ?? '(unknown)'} was not found, or the signed-in account cannot use it.`,
    {
      exitCode: ExitCode.usage,
      source: 'user',
      remediation:
        'Check --subscription (env AZURE_SUBSCRIPTION_ID, config key subscription); `az account list -o table` lists the subscriptions you can use. ' +
        'The emulator serves only 00000000-0000-0000-0000-000000000000.',
    },
  );
}

/**
 * Turns whatever a step threw into a typed error: SDK RestErrors (statusCode/code/message/details),
 * failed long-running operations (a plain Error whose message carries the code) and our own errors.
 * What it answers is journaled and shown, so a secret an Azure message quotes (a token, a signed URL)
 * is redacted here, once for every path.
 */
export function translateAzureError(err: unknown, runCorrelationId?: string): SecureAksError {
  const typed = explained(withoutSecrets(translate(err)));
  if (!(typed instanceof AbortError) && !typed.options.correlationId) {
    const id = correlationOf(err) ?? runCorrelationId;
    if (id) typed.options.correlationId = id;
  }
  return typed;
}

/** A well-known AKS failure gets its one-sentence cause, its Learn page and what to do (aks-failures.ts). */
function explained(error: SecureAksError): SecureAksError {
  if (!(error instanceof AzureOperationError)) return error;
  const known = recognizeAksFailure(error.code, error.message);
  if (!known) return error;
  error.options.explanation = known.explanation;
  error.options.docs ??= known.docs;
  error.options.remediation = known.remediation;
  return error;
}

function withoutSecrets(error: SecureAksError): SecureAksError {
  error.message = redactSecrets(error.message);
  if (error.options.remediation) error.options.remediation = redactSecrets(error.options.remediation);
  return error;
}

function translate(err: unknown): SecureAksError {
  if (err instanceof AzureOperationError) return refine(err);
  if (err instanceof SecureAksError) return err.reported();
  const e = err as { name?: string; message?: string; code?: unknown; statusCode?: unknown; details?: unknown };
  const message = typeof e?.message === 'string' ? e.message : String(err);
  if (e?.name === 'AbortError') return new AbortError();
  const url = (e as { request?: { url?: string } })?.request?.url;
  if (typeof e?.code === 'string' && CONNECTION_CODES.test(e.code)) return endpointUnreachable(e.code, message, url);
  if (e?.code === 'SubscriptionNotFound') return subscriptionNotFound(message, url);

  const lro = LRO_FAILED.exec(message);
  if (lro) {
    const [, code, text = ''] = lro;
    return new AzureOperationError(code, withoutCode(code, text.trim()) || message, undefined, remediationFor(code, text));
  }

  if (typeof e?.statusCode === 'number' || (typeof e?.code === 'string' && e?.name === 'RestError')) {
    const statusCode = typeof e.statusCode === 'number' ? e.statusCode : undefined;
    let code = typeof e.code === 'string' && e.code ? e.code : `HTTP${statusCode ?? ''}`;
    let text = message;
    // ARM wraps the useful reason in details (e.g. DeploymentFailed -> the real code).
    const inner = firstDetail(e.details);
    if ((code === 'DeploymentFailed' || code === 'InvalidTemplateDeployment' || code === 'BadRequest') && inner?.code) {
      code = inner.code;
      text = inner.message ?? text;
    }
    if (code === 'AuthorizationFailed' || code === 'LinkedAuthorizationFailed' || statusCode === 401) {
      return new AuthError(
        code,
        text,
        remediationFor(code, text) ?? 'Sign in again (az login) or check the credential in the environment.',
      );
    }
    return new AzureOperationError(code, text, statusCode, remediationFor(code, text));
  }

  if (e?.name === 'CredentialUnavailableError' || e?.name === 'AuthenticationError' || e?.name === 'AggregateAuthenticationError') {
    return new AuthError(
      'CredentialUnavailable',
      `No Azure credential is available: ${message.split('\n')[0]}`,
      'Run `az login`, or set AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET, or use --emulator.',
    );
  }
  return new SecureAksError('InternalError', message, {
    source: 'tool',
    cause: err,
    remediation: 'Re-run with --verbose and report the output.',
  });
}

const AUTH_CODES = new Set([
  'AuthorizationFailed',
  'LinkedAuthorizationFailed',
  'InvalidAuthenticationToken',
  'ExpiredAuthenticationToken',
]);

/**
 * Steps wrap SDK failures with what they were doing; here the wrapped error gets the exit status and the
 * hint its Azure code deserves (a permission failure exits 4; a known code gets its specific remediation).
 */
function refine(err: AzureOperationError): SecureAksError {
  if (CONNECTION_CODES.test(err.code)) return endpointUnreachable(err.code, err.message);
  if (err.code === 'SubscriptionNotFound') return subscriptionNotFound(err.message);
  const hint = remediationFor(err.code, err.message);
  const keepId = (e: SecureAksError) => {
    if (err.correlationId) e.options.correlationId = err.correlationId;
    return e;
  };
  if (AUTH_CODES.has(err.code) || err.statusCode === 401) {
    return keepId(new AuthError(err.code, err.message, hint ?? err.remediation));
  }
  if (!hint || hint === err.remediation) return err;
  return keepId(new AzureOperationError(err.code, err.message, err.statusCode, hint));
}

/** The journal record of an error (the shape the state file and `status -o json` carry). */
export function toErrorRecord(err: unknown): StepErrorRecord {
  return errorRecordOf(translateAzureError(err));
}

/** The journal record of an error that is already typed and redacted. */
export function errorRecordOf(e: SecureAksError): StepErrorRecord {
  const statusCode = e instanceof AzureOperationError ? e.statusCode : undefined;
  const { explanation, docs, correlationId } = e.options;
  return {
    code: e.code,
    message: e.message,
    ...(explanation ? { explanation } : {}),
    ...(e.remediation ? { remediation: e.remediation } : {}),
    ...(docs ? { docs } : {}),
    ...(statusCode !== undefined ? { statusCode } : {}),
    ...(correlationId ? { correlationId } : {}),
  };
}

interface ErrorLike {
  statusCode?: number;
  code?: string;
  message?: string;
}

/** Azure's error code of a RestError, a failed LRO or a typed error (undefined for anything else). */
export function azureErrorCode(error: unknown): string | undefined {
  const e = error as ErrorLike | undefined;
  if (typeof e?.code === 'string' && e.code.length > 0) return e.code;
  const m = typeof e?.message === 'string' ? LRO_FAILED.exec(e.message) : null;
  return m?.[1];
}

export function statusCodeOf(error: unknown): number | undefined {
  const s = (error as ErrorLike | undefined)?.statusCode;
  return typeof s === 'number' ? s : undefined;
}

export function messageOf(error: unknown): string {
  const m = (error as ErrorLike | undefined)?.message;
  return typeof m === 'string' ? m : String(error);
}

export function isNotFound(error: unknown): boolean {
  const code = azureErrorCode(error);
  return statusCodeOf(error) === 404 || code === 'ResourceNotFound' || code === 'NotFound' || code === 'ResourceGroupNotFound';
}

/** A GET that answers undefined instead of throwing when the resource does not exist. */
export async function getOrUndefined<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/**
 * Turns an SDK failure into an AzureOperationError that keeps Azure's code and message and says which
 * resource was being written.
 */
export function toAzureError(error: unknown, doing: string, remediation?: string): Error {
  // Our typed errors and cancellations (Ctrl-C aborts the signal) keep their identity.
  if (error instanceof SecureAksError || (error as Error | undefined)?.name === 'AbortError') return error as Error;
  const e = error as ErrorLike | undefined;
  const code = azureErrorCode(error) ?? 'AzureRequestFailed';
  const lro = typeof e?.message === 'string' ? LRO_FAILED.exec(e.message) : null;
  const azureMessage = lro ? (lro[2] ?? '') : (e?.message ?? String(error));
  // The code is shown beside the message wherever it is shown: said once, not twice.
  const wrapped = new AzureOperationError(
    code,
    `${doing} failed: ${withoutCode(code, azureMessage.trim())}`,
    statusCodeOf(error),
    remediation ?? 'Fix the cause Azure reports above, then resume with `secure-aks status --resume`.',
  );
  const correlationId = correlationOf(error);
  if (correlationId) wrapped.options.correlationId = correlationId;
  return wrapped;
}

/** Runs an Azure call and rethrows any failure as toAzureError(…, doing). */
export async function azureCall<T>(doing: string, call: () => Promise<T>, remediation?: string): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toAzureError(error, doing, remediation);
  }
}
