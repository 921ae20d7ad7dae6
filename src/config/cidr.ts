/**
 * IPv4 CIDR math without dependencies. Addresses are unsigned 32-bit numbers; every function that can
 * be fed user text has a non-throwing `check*` form returning a problem, so validation can report every
 * mistake at once, and a throwing `parse*` form for code that already validated its input.
 */
import { UsageError } from '../core/errors.js';

export interface Cidr {
  /** Network address as an unsigned 32-bit number. */
  readonly network: number;
  readonly prefix: number;
}

/** What is wrong with a piece of address text; `code` follows Azure's own where Azure has one. */
export interface AddressProblem {
  code: 'InvalidCIDRNotation' | 'InvalidIPAddress' | 'CidrNotNetworkAddress';
  message: string;
  remediation: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: AddressProblem };

const OCTET = /^(0|[1-9]\d{0,2})$/;

function refused(code: AddressProblem['code'], message: string, remediation: string): Checked<never> {
  return { ok: false, problem: { code, message, remediation } };
}

export function checkIp(text: string): Checked<number> {
  const parts = String(text).trim().split('.');
  if (parts.length !== 4 || !parts.every((p) => OCTET.test(p) && Number(p) <= 255)) {
    return refused(
      'InvalidIPAddress',
      `"${text}" is not an IPv4 address`,
      'Write four numbers 0-255 separated by dots, without leading zeros, e.g. 10.0.0.10.',
    );
  }
  return { ok: true, value: parts.reduce((acc, p) => acc * 256 + Number(p), 0) };
}

export function formatIp(ip: number): string {
  return [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join('.');
}

/** Mask for a prefix length as an unsigned number (prefix 0 -> 0). */
function mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/**
 * Parses "a.b.c.d/n". An address with host bits set (10.0.0.1/24) is refused rather than silently
 * truncated: Azure refuses it too, and the user probably meant a different range.
 */
export function checkCidr(text: string): Checked<Cidr> {
  const raw = String(text).trim();
  const match = /^([^/]+)\/(\d{1,2})$/.exec(raw);
  const ip = match ? checkIp(match[1]) : undefined;
  const prefix = match ? Number(match[2]) : NaN;
  if (!match || !ip?.ok || prefix > 32) {
    return refused(
      'InvalidCIDRNotation',
      `"${text}" is not valid CIDR notation`,
      'Write an IPv4 network and a prefix length 0-32, e.g. 10.42.0.0/16.',
    );
  }
  const network = (ip.value & mask(prefix)) >>> 0;
  if (network !== ip.value) {
    const suggestion = `${formatIp(network)}/${prefix}`;
    return refused(
      'CidrNotNetworkAddress',
      `${raw} is not a network address (host bits are set)`,
      `Use the network address of that range, ${suggestion}, or a different prefix length.`,
    );
  }
  return { ok: true, value: { network, prefix } };
}

function orThrow<T>(checked: Checked<T>, field?: string): T {
  if (checked.ok) return checked.value;
  const { code, message, remediation } = checked.problem;
  throw new UsageError(code, field ? `${field}: ${message}.` : `${message}.`, remediation);
}

export function parseIp(text: string, field?: string): number {
  return orThrow(checkIp(text), field);
}

export function parseCidr(text: string, field?: string): Cidr {
  return orThrow(checkCidr(text), field);
}

export function formatCidr(c: Cidr): string {
  return `${formatIp(c.network)}/${c.prefix}`;
}

/** Number of addresses in the range (2^(32-prefix)). */
export function cidrSize(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

/** Last address of the range (the broadcast address for a subnet). */
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

/** Azure reserves the network address, the next three and the broadcast address of every subnet. */
export const AZURE_RESERVED_PER_SUBNET = 5;

/** The first address Azure hands out in a subnet: network + 4. */
export function firstUsable(c: Cidr): number {
  return c.network + 4;
}

/** Addresses Azure can assign in a subnet (size minus its 5 reserved ones; never negative). */
export function azureUsableCount(c: Cidr): number {
  return Math.max(0, cidrSize(c) - AZURE_RESERVED_PER_SUBNET);
}

/** The n-th address of the range (0 = network address); throws when the range has no such address. */
export function nthAddress(c: Cidr, n: number): number {
  if (!Number.isInteger(n) || n < 0 || n >= cidrSize(c)) {
    throw new RangeError(`${formatCidr(c)} has no address number ${n} (it holds ${cidrSize(c)}).`);
  }
  return c.network + n;
}

/** The `index`-th block of prefix length `prefix` inside `parent` (carve(10.0.0.0/16, 24, 3) = 10.0.3.0/24). */
export function carve(parent: Cidr, prefix: number, index: number): Cidr {
  if (prefix < parent.prefix || prefix > 32) {
    throw new RangeError(`A /${prefix} block does not fit inside ${formatCidr(parent)}.`);
  }
  const count = 2 ** (prefix - parent.prefix);
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`${formatCidr(parent)} holds ${count} /${prefix} blocks; there is no block ${index}.`);
  }
  return { network: parent.network + index * 2 ** (32 - prefix), prefix };
}

/** The first /`prefix` block inside `parent` that overlaps none of `taken`, or undefined when full. */
export function firstFreeBlock(parent: Cidr, prefix: number, taken: readonly Cidr[]): Cidr | undefined {
  const count = 2 ** (prefix - parent.prefix);
  for (let i = 0; i < count; i++) {
    const candidate = carve(parent, prefix, i);
    const clash = taken.find((t) => overlaps(t, candidate));
    // Jump past the clashing range instead of testing every block inside it.
    if (clash) i = Math.max(i, Math.floor((lastAddress(clash) + 1 - parent.network) / 2 ** (32 - prefix)) - 1);
    else return candidate;
  }
  return undefined;
}
