/**
 * IPv4 arithmetic for every emulator provider (addresses as unsigned 32-bit numbers).
 *
 * The product has its own CIDR math (src/config); the emulator deliberately does not import it. The
 * emulator is the independent oracle the product's tests run against: if both shared one implementation,
 * a bug in it would make the product and its judge agree on a wrong answer.
 */

export interface Cidr {
  /** Network address as an unsigned 32-bit number. */
  network: number;
  prefix: number;
}

const OCTET = /^(0|[1-9]\d{0,2})$/;

/** Four decimal numbers 0-255 without leading zeros (as Azure writes addresses), else undefined. */
export function parseIp(text: string): number | undefined {
  const parts = String(text).trim().split('.');
  if (parts.length !== 4 || !parts.every((p) => OCTET.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

export function formatIp(ip: number): string {
  return [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join('.');
}

/** The network address of the /`prefix` range holding `ip`. */
export function networkOf(ip: number, prefix: number): number {
  return prefix === 0 ? 0 : (ip & ((0xffffffff << (32 - prefix)) >>> 0)) >>> 0;
}

function split(text: string): { ip: number; prefix: number } | undefined {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(String(text).trim());
  const ip = m ? parseIp(m[1]) : undefined;
  const prefix = m ? Number(m[2]) : NaN;
  return ip === undefined || !(prefix <= 32) ? undefined : { ip, prefix };
}

/** `a.b.c.d/n` as ARM network resources require it: no host bits set (10.0.0.1/24 is refused). */
export function parseCidr(text: string): Cidr | undefined {
  const parts = split(text);
  if (!parts || networkOf(parts.ip, parts.prefix) !== parts.ip) return undefined;
  return { network: parts.ip, prefix: parts.prefix };
}

/**
 * An address or range as firewall rules, NSG rules and AKS network settings accept it: a bare address is
 * a /32 and host bits are ignored (10.0.0.1/24 is 10.0.0.0/24).
 */
export function parseRange(text: string): Cidr | undefined {
  const bare = parseIp(text);
  if (bare !== undefined) return { network: bare, prefix: 32 };
  const parts = split(text);
  return parts && { network: networkOf(parts.ip, parts.prefix), prefix: parts.prefix };
}

export function cidrSize(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

/** Last address of the range (the broadcast address of a subnet). */
export function lastAddress(c: Cidr): number {
  return c.network + cidrSize(c) - 1;
}

export function containsIp(c: Cidr, ip: number): boolean {
  return ip >= c.network && ip <= lastAddress(c);
}

/** True when `inner` lies entirely within `outer` (a range contains itself). */
export function containsCidr(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && containsIp(outer, inner.network);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.network <= lastAddress(b) && b.network <= lastAddress(a);
}

/** Azure keeps the first four addresses of a subnet: the first it hands out is network + 4. */
export function firstUsable(c: Cidr): number {
  return c.network + 4;
}
