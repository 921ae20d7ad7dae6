import { describe, expect, it } from 'vitest';
import { containsCidr, firstUsable, formatIp, overlaps, parseCidr, parseIp, parseRange } from '../../src/emulator/core/ip.js';

describe("the emulator's own IPv4 math", () => {
  it('reads addresses as Azure writes them', () => {
    expect(parseIp('10.42.0.4')).toBe((10 << 24) + (42 << 16) + 4);
    expect(formatIp(parseIp('255.255.255.255')!)).toBe('255.255.255.255');
    expect(parseIp('10.042.0.4')).toBeUndefined();
    expect(parseIp('10.0.0.256')).toBeUndefined();
    expect(parseIp('mcr.microsoft.com')).toBeUndefined();
  });

  it('refuses host bits in network prefixes, and ignores them in rule ranges', () => {
    expect(parseCidr('10.0.0.0/24')).toEqual({ network: parseIp('10.0.0.0'), prefix: 24 });
    expect(parseCidr('10.0.0.1/24')).toBeUndefined();
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('10.0.0.0')).toBeUndefined();
    expect(parseRange('10.0.0.1/24')).toEqual({ network: parseIp('10.0.0.0'), prefix: 24 });
    expect(parseRange('91.189.94.4')).toEqual({ network: parseIp('91.189.94.4'), prefix: 32 });
    expect(parseRange('AzureCloud')).toBeUndefined();
  });

  it('compares ranges and hands out .4 first', () => {
    const vnet = parseCidr('10.42.0.0/16')!;
    expect(containsCidr(vnet, parseCidr('10.42.1.0/24')!)).toBe(true);
    expect(containsCidr(vnet, parseCidr('10.43.0.0/24')!)).toBe(false);
    expect(overlaps(parseCidr('10.42.1.0/24')!, parseCidr('10.42.1.128/25')!)).toBe(true);
    expect(overlaps(parseCidr('10.42.1.0/25')!, parseCidr('10.42.1.128/25')!)).toBe(false);
    expect(formatIp(firstUsable(parseCidr('10.42.0.0/26')!))).toBe('10.42.0.4');
  });
});
