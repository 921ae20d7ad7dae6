import { describe, expect, it } from 'vitest';
import { dnsPrefixFor, linuxComputerNameFor, resourceNames } from '../../src/config/names.js';
import { clusterNameRule } from '../../src/config/rules.js';

const DNS_PREFIX = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,52}[A-Za-z0-9])?$/;
const validComputerName = (s: string) =>
  s.length >= 1 && s.length <= 64 && /^[A-Za-z0-9-]+$/.test(s) && !/^\d+$/.test(s) && !/^-|-$/.test(s);

describe('names derived from the cluster name', () => {
  const edgeNames = [
    'aks',
    'a',
    'my_cluster',
    'a_b_c_d',
    'x'.repeat(63),
    `${'a'.repeat(53)}_b`,
    `${'a'.repeat(53)}_${'b'.repeat(9)}`,
    `a${'_'.repeat(52)}-${'c'.repeat(9)}`,
    '1234',
    `9${'_'.repeat(61)}9`,
  ];

  it.each(edgeNames)('%s: a valid dnsPrefix and jumphost computerName', (name) => {
    expect(clusterNameRule(name)).toBeUndefined();
    const names = resourceNames({ name });
    expect(names.dnsPrefix).toMatch(DNS_PREFIX);
    expect(validComputerName(names.jumphostComputerName)).toBe(true);
  });

  it('keeps names that are already valid unchanged (re-runs of older deployments send the same prefix)', () => {
    expect(dnsPrefixFor('aks-test')).toBe('aks-test');
    expect(resourceNames({ name: 'aks-test' }).jumphostComputerName).toBe('vm-aks-test-jump');
  });

  it('maps underscores to hyphens and cuts at 54 without leaving a hyphen at the end', () => {
    expect(dnsPrefixFor('my_cluster')).toBe('my-cluster');
    expect(dnsPrefixFor('x'.repeat(63))).toBe('x'.repeat(54));
    // Character 54 is `_`: mapped to `-`, which may not end a prefix.
    expect(dnsPrefixFor(`${'a'.repeat(53)}_b`)).toBe('a'.repeat(53));
    expect(dnsPrefixFor(`a${'_'.repeat(52)}-ccc`)).toBe('a');
  });

  it('never gives an all-digit computerName', () => {
    expect(linuxComputerNameFor('1234')).toBe('vm-1234');
    expect(linuxComputerNameFor('vm_1_jump')).toBe('vm-1-jump');
  });
});
