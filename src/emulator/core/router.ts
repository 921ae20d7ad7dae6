/**
 * Route matching. ARM paths are case-insensitive and the SDK sometimes produces `//` (a scope passed
 * with a leading slash), so paths are split by hand: `new URL(path, base)` would read `//x` as a host.
 */
import type { Provider, Route } from './contract.js';
import { parseResourceId } from './ids.js';

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

interface CompiledRoute {
  route: Route;
  regex: RegExp;
  names: string[];
  wildcards: Set<string>;
  /** More literal segments and no wildcard win when several templates match. */
  rank: number;
}

/**
 * One path segment percent-decoded: the SDK encodes names (a resource group `rg-ü` arrives as
 * `rg-%C3%BC`), and ids, store keys, route matching and the request log all work on the decoded names.
 * An encoded slash stays encoded: it is part of a name, not a separator.
 */
function decodeSegment(segment: string): string {
  try {
    const decoded = decodeURIComponent(segment);
    return decoded.includes('/') ? segment : decoded;
  } catch {
    return segment;
  }
}

/** Splits a raw request target into a decoded, slash-collapsed path (no trailing slash) and its query. */
export function splitTarget(rawUrl: string): { path: string; query: URLSearchParams } {
  const q = rawUrl.indexOf('?');
  const rawPath = q >= 0 ? rawUrl.slice(0, q) : rawUrl;
  const path = ('/' + rawPath.split('/').filter(Boolean).map(decodeSegment).join('/')).replace(/^\/+/, '/');
  return { path, query: new URLSearchParams(q >= 0 ? rawUrl.slice(q + 1) : '') };
}

/** A decoded path (or id) as it goes into a URL again, e.g. a Location header. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const wildcards = new Set<string>();
  let literals = 0;
  const body = route.path
    .split('/')
    .filter(Boolean)
    .map((seg) => {
      const m = /^\{(\w+)(\*)?\}$/.exec(seg);
      if (!m) {
        literals++;
        return '/' + seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      }
      names.push(m[1]);
      if (m[2]) {
        wildcards.add(m[1]);
        return '((?:/[^/]+)*)';
      }
      return '/([^/]+)';
    })
    .join('');
  return { route, regex: new RegExp(`^${body}$`, 'i'), names, wildcards, rank: literals * 10 - wildcards.size * 5 };
}

export class Router {
  private readonly compiled: CompiledRoute[];
  /** Lower-cased resource types some route serves (to tell ResourceNotFound from InvalidResourceType). */
  readonly knownTypes = new Set<string>();

  constructor(providers: Provider[]) {
    this.compiled = providers
      .flatMap((p) => p.routes)
      .map(compile)
      .sort((a, b) => b.rank - a.rank);
    for (const p of providers) {
      for (const r of p.routes) {
        const type = parseResourceId(r.path).type;
        if (type) this.knownTypes.add(type.toLowerCase());
      }
    }
  }

  match(method: string, path: string): RouteMatch | undefined {
    for (const c of this.compiled) {
      if (c.route.method !== method) continue;
      const m = c.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      c.names.forEach((n, i) => {
        params[n] = m[i + 1];
      });
      return { route: c.route, params };
    }
    return undefined;
  }
}

/** Fills `{param}` placeholders of a route's action. */
export function expandAction(action: string, params: Record<string, string>): string {
  return action.replace(/\{(\w+)\}/g, (_, n: string) => params[n] ?? n);
}
