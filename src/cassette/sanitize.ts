/**
 * What a recorded cassette must never hold, removed before anything is written: the Authorization header,
 * tokens (runCommand's clusterToken, any access/refresh token, anything shaped like a JWT), passwords,
 * secrets and keys; and the subscription and tenant ids, replaced by zero GUIDs as the Azure CLI's own
 * recordings do. Correlation and request ids stay: they are what Azure support asks for.
 */
export const ZERO_GUID = '00000000-0000-0000-0000-000000000000';
export const REDACTED = 'redacted';

const DROPPED_HEADERS = new Set(['authorization', 'cookie', 'set-cookie', 'x-ms-authorization-auxiliary']);
/** Body properties whose values are credentials (matched on the property name, any case). */
const SECRET_KEYS =
  /^(clusterToken|access_?token|refresh_?token|id_?token|adminPassword|password|secret|clientSecret|key|primaryKey|secondaryKey)$/i;
const TENANT_KEYS = /^(tenantId|homeTenantId)$/i;
const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const SUBSCRIPTION = /(\/subscriptions\/)([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/gi;
/** ARM's x-ms-operation-identifier header names the caller's tenant: `tenantId=<guid>,objectId=...`. */
const TENANT_PAIR = /(tenantId=)([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/gi;

export interface SanitizeIds {
  subscriptionIds: string[];
  tenantIds: string[];
}

function replaceIds(text: string, ids: SanitizeIds): string {
  let out = text.replace(JWT, REDACTED).replace(SUBSCRIPTION, `$1${ZERO_GUID}`).replace(TENANT_PAIR, `$1${ZERO_GUID}`);
  for (const id of [...ids.subscriptionIds, ...ids.tenantIds]) if (id) out = out.split(id).join(ZERO_GUID);
  return out;
}

function scrub(value: unknown, ids: SanitizeIds): unknown {
  if (Array.isArray(value)) return value.map((v) => scrub(v, ids));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => {
        if (SECRET_KEYS.test(k) && v !== null && v !== undefined) return [k, REDACTED];
        if (TENANT_KEYS.test(k) && typeof v === 'string') {
          // Learned: the same tenant id elsewhere (a URL, a header) goes too.
          if (!ids.tenantIds.includes(v)) ids.tenantIds.push(v);
          return [k, ZERO_GUID];
        }
        return [k, scrub(v, ids)];
      }),
    );
  }
  return typeof value === 'string' ? replaceIds(value, ids) : value;
}

/** A body as it may be written: JSON is scrubbed property by property, other text only of ids and JWTs. */
export function sanitizeBody(text: string | null | undefined, ids: SanitizeIds): string | null {
  if (text === null || text === undefined) return null;
  try {
    return JSON.stringify(scrub(JSON.parse(text), ids));
  } catch {
    return replaceIds(text, ids);
  }
}

export function sanitizeHeaders(headers: Record<string, string>, ids: SanitizeIds): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (DROPPED_HEADERS.has(name.toLowerCase())) continue;
    out[name.toLowerCase()] = [replaceIds(value, ids)];
  }
  return out;
}

export function sanitizeUri(uri: string, ids: SanitizeIds): string {
  return replaceIds(uri, ids);
}

/** The tenant (`tid` claim) of a bearer token, so it can be replaced wherever it shows; the token itself is never kept. */
export function tenantOfBearer(authorization: string | undefined): string | undefined {
  const payload = /^Bearer\s+[^.]+\.([^.]+)\./i.exec(authorization ?? '')?.[1];
  if (!payload) return undefined;
  try {
    const tid = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { tid?: unknown }).tid;
    return typeof tid === 'string' ? tid : undefined;
  } catch {
    return undefined;
  }
}
