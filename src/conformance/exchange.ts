/** One recorded request/answer pair, with headers flattened and JSON bodies parsed, as the replayer needs it. */
import type { Cassette } from '../cassette/format.js';

export interface Exchange {
  /** 1-based position in the cassette (what the mismatch report names). */
  index: number;
  method: string;
  uri: string;
  requestBody?: unknown;
  status: number;
  /** Lower-cased names, first value. */
  headers: Record<string, string>;
  body?: unknown;
}

/** Sign-in and Microsoft Graph calls are not ARM: the emulator does not serve them, so they are not replayed. */
const NON_ARM_HOSTS =
  /(^|\.)(login\.microsoftonline\.com|login\.microsoftonline\.us|login\.chinacloudapi\.cn|graph\.microsoft\.com|graph\.windows\.net)$/i;

export function isArmUri(uri: string): boolean {
  const url = new URL(uri);
  return !NON_ARM_HOSTS.test(url.hostname) && /^\/(subscriptions|providers)(\/|$)/i.test(url.pathname);
}

export function parseJson(text: string | null | undefined): unknown {
  if (text === null || text === undefined || text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function flattenHeaders(headers: Record<string, string[] | string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = Array.isArray(v) ? String(v[0]) : String(v);
  return out;
}

export function armExchanges(cassette: Cassette): Exchange[] {
  return cassette.interactions
    .map((it, i) => ({
      index: i + 1,
      method: it.request.method.toUpperCase(),
      uri: it.request.uri,
      requestBody: parseJson(it.request.body),
      status: it.response.status.code,
      headers: flattenHeaders(it.response.headers),
      body: parseJson(it.response.body?.string),
    }))
    .filter((e) => isArmUri(e.uri));
}
