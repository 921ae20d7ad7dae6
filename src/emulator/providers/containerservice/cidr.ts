/** IPv4 CIDR arithmetic for AKS network validation and probe matching (addresses as unsigned 32-bit ints). */

export interface Cidr {
  base: number;
  prefix: number;
}

export function ipToInt(ip: string): number | undefined {
  const parts = ip.trim().split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

export function intToIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** Parses `a.b.c.d/n` (a bare address is a /32). Returns undefined for anything else. */
export function parseCidr(text: string): Cidr | undefined {
  const [ip, bits, extra] = text.trim().split('/');
  if (extra !== undefined) return undefined;
  const address = ipToInt(ip);
  const prefix = bits === undefined ? 32 : /^\d{1,2}$/.test(bits) ? Number(bits) : NaN;
  if (address === undefined || !(prefix >= 0 && prefix <= 32)) return undefined;
  const size = 2 ** (32 - prefix);
  return { base: address - (address % size), prefix };
}

export function cidrSize(cidr: Cidr): number {
  return 2 ** (32 - cidr.prefix);
}

export function cidrContains(cidr: Cidr, ip: number): boolean {
  return ip >= cidr.base && ip < cidr.base + cidrSize(cidr);
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + cidrSize(b) && b.base < a.base + cidrSize(a);
}

/** The n-th address of a range (Azure hands out subnet addresses from .4 upwards). */
export function nthAddress(cidr: Cidr, n: number): string {
  return intToIp(cidr.base + n);
}
