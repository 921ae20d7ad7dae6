import { describe, expect, it } from 'vitest';
import {
  azureUsableCount,
  carve,
  checkCidr,
  checkIp,
  cidrSize,
  containsCidr,
  containsIp,
  firstFreeBlock,
  firstUsable,
  formatCidr,
  formatIp,
  lastAddress,
  nthAddress,
  overlaps,
  parseCidr,
  parseIp,
} from '../../src/config/cidr.js';
import { UsageError } from '../../src/core/errors.js';

const c = (text: string) => parseCidr(text);
const ip = (text: string) => parseIp(text);

describe('IPv4 parsing', () => {
  it.each([
    ['0.0.0.0', 0],
    ['10.0.0.1', 0x0a000001],
    ['255.255.255.255', 0xffffffff],
    [' 192.168.1.20 ', 0xc0a80114],
  ])('parses %s', (text, value) => {
    expect(parseIp(text)).toBe(value);
    expect(formatIp(value)).toBe(text.trim());
  });

  it.each(['256.0.0.1', '10.0.0', '10.0.0.0.1', '10.0.0.01', 'a.b.c.d', '', '10.0.0.-1', '1e1.0.0.0'])('refuses %j', (text) => {
    const r = checkIp(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem.code).toBe('InvalidIPAddress');
  });
});

describe('CIDR parsing', () => {
  it.each([
    ['10.0.0.0/8', 0x0a000000, 8],
    ['0.0.0.0/0', 0, 0],
    ['10.42.0.64/26', 0x0a2a0040, 26],
    ['10.0.0.5/32', 0x0a000005, 32],
  ])('parses %s', (text, network, prefix) => {
    expect(c(text)).toEqual({ network, prefix });
    expect(formatCidr(c(text))).toBe(text);
  });

  it.each(['10.0.0.0', '10.0.0.0/33', '10.0.0.0/', '/24', '10.0.0/24', '10.0.0.0/2a', '300.0.0.0/8', '10.0.0.0/24/1'])(
    'refuses %j as InvalidCIDRNotation',
    (text) => {
      const r = checkCidr(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problem.code).toBe('InvalidCIDRNotation');
    },
  );

  it('refuses an address with host bits set and names the network it probably meant', () => {
    const r = checkCidr('10.0.0.1/24');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem.code).toBe('CidrNotNetworkAddress');
    expect(r.problem.message).toContain('10.0.0.1/24 is not a network address');
    expect(r.problem.remediation).toContain('10.0.0.0/24');
  });

  it('parseCidr throws a UsageError naming the field', () => {
    expect(() => parseCidr('10.0.0.1/24', 'vnetCidr')).toThrow(UsageError);
    expect(() => parseCidr('nope', 'vnetCidr')).toThrow(/vnetCidr: "nope" is not valid CIDR notation/);
  });

  it('handles the top of the address space without sign problems', () => {
    const top = c('255.255.255.0/24');
    expect(top.network).toBe(0xffffff00);
    expect(lastAddress(top)).toBe(0xffffffff);
    expect(containsIp(top, ip('255.255.255.255'))).toBe(true);
  });
});

describe('CIDR math', () => {
  it.each([
    ['10.0.0.0/24', 256],
    ['10.0.0.0/26', 64],
    ['10.0.0.0/32', 1],
    ['0.0.0.0/0', 2 ** 32],
  ])('size of %s is %i', (text, size) => expect(cidrSize(c(text))).toBe(size));

  it.each([
    ['10.0.0.0/16', '10.0.5.0/24', true],
    ['10.0.0.0/16', '10.0.0.0/16', true],
    ['10.0.0.0/16', '10.1.0.0/24', false],
    ['10.0.0.0/24', '10.0.0.0/16', false],
    ['10.0.0.0/16', '10.0.255.252/30', true],
  ])('%s contains %s: %s', (outer, inner, expected) => expect(containsCidr(c(outer), c(inner))).toBe(expected));

  it.each([
    ['10.0.0.0/24', '10.0.0.128/25', true],
    ['10.0.0.0/24', '10.0.1.0/24', false],
    ['10.0.0.0/8', '10.200.0.0/16', true],
    ['10.0.0.0/25', '10.0.0.128/25', false],
    ['192.168.0.0/16', '172.16.0.0/12', false],
  ])('%s overlaps %s: %s', (a, b, expected) => {
    expect(overlaps(c(a), c(b))).toBe(expected);
    expect(overlaps(c(b), c(a))).toBe(expected);
  });

  it('knows Azure reserves five addresses and hands out .4 first', () => {
    expect(formatIp(firstUsable(c('10.42.1.0/24')))).toBe('10.42.1.4');
    expect(azureUsableCount(c('10.42.1.0/24'))).toBe(251);
    expect(azureUsableCount(c('10.42.0.0/29'))).toBe(3);
    expect(azureUsableCount(c('10.42.0.0/30'))).toBe(0);
  });

  it('gives the n-th address and refuses one outside the range', () => {
    expect(formatIp(nthAddress(c('172.16.0.0/16'), 10))).toBe('172.16.0.10');
    expect(() => nthAddress(c('10.0.0.0/30'), 4)).toThrow(RangeError);
  });

  it('carves blocks', () => {
    expect(formatCidr(carve(c('10.0.0.0/16'), 24, 3))).toBe('10.0.3.0/24');
    expect(formatCidr(carve(c('10.42.0.0/16'), 26, 1))).toBe('10.42.0.64/26');
    expect(formatCidr(carve(c('10.42.0.0/16'), 28, 8))).toBe('10.42.0.128/28');
    expect(() => carve(c('10.0.0.0/24'), 16, 0)).toThrow(RangeError);
    expect(() => carve(c('10.0.0.0/24'), 26, 4)).toThrow(RangeError);
  });

  it('finds the first free block around taken ranges', () => {
    const vnet = c('10.0.0.0/16');
    expect(formatCidr(firstFreeBlock(vnet, 24, [c('10.0.0.0/26'), c('10.0.1.0/24')])!)).toBe('10.0.2.0/24');
    expect(formatCidr(firstFreeBlock(vnet, 26, [c('10.0.0.0/26')])!)).toBe('10.0.0.64/26');
    expect(firstFreeBlock(c('10.0.0.0/24'), 25, [c('10.0.0.0/24')])).toBeUndefined();
  });
});
