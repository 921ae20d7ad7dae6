/** Minimal IPv4/CIDR arithmetic for matching NSG and firewall prefixes (IPv6 prefixes never match). */

export function parseIpv4(ip: string): number | undefined {
  const parts = ip.trim().split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = value * 256 + Number(part);
  }
  return value;
}

export interface Range {
  first: number;
  last: number;
}

/** `10.0.0.0/24` or a bare address (a /32). */
export function parseCidr(text: string): Range | undefined {
  const [addr, bitsText] = text.trim().split('/');
  const base = parseIpv4(addr ?? '');
  if (base === undefined) return undefined;
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > 32) return undefined;
  const size = 2 ** (32 - bits);
  const first = Math.floor(base / size) * size;
  return { first, last: first + size - 1 };
}

/** True when every address of `inner` lies inside `outer` (both CIDRs or addresses). */
export function cidrContains(outer: string, inner: string): boolean {
  const o = parseCidr(outer);
  const i = parseCidr(inner);
  return !!o && !!i && o.first <= i.first && i.last <= o.last;
}

/** `*`, `Any` or `0.0.0.0/0`: every IPv4 address. */
export function isAnyPrefix(prefix: string): boolean {
  const p = prefix.trim().toLowerCase();
  return p === '*' || p === 'any' || p === '0.0.0.0/0';
}

/** Does a port expression (`*`, `443`, `8000-9000`) include `port`? */
export function portIncludes(expression: string, port: number): boolean {
  const e = expression.trim();
  if (e === '*' || e.toLowerCase() === 'any') return true;
  const [from, to] = e.split('-').map((x) => Number(x));
  if (from === undefined || Number.isNaN(from)) return false;
  return to === undefined || Number.isNaN(to) ? from === port : from <= port && port <= to;
}

/** Does a port expression cover every port (`*`, `0-65535`, `1-65535`)? */
export function portIsAll(expression: string): boolean {
  return portIncludes(expression, 1) && portIncludes(expression, 65535);
}
