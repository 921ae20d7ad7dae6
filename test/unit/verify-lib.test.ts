import { describe, expect, it } from 'vitest';
import { fqdnPatternCovers, isBroadFqdnPattern } from '../../src/verify/lib/firewall-eval.js';
import { isAllowed } from '../../src/verify/lib/nsg-eval.js';
import { cidrContains, portIncludes, portIsAll } from '../../src/verify/lib/ip.js';
import { checkMetadata, checksMarkdownTable, groupByArea } from '../../src/verify/index.js';
import { nsgRule } from './verify-fixture.js';

describe('FQDN patterns', () => {
  it.each([
    ['mcr.microsoft.com', 'mcr.microsoft.com', true],
    ['*.microsoft.com', 'mcr.microsoft.com', true],
    ['*.mcr.microsoft.com', 'mcr.microsoft.com', false],
    ['*.mcr.microsoft.com', '*.data.mcr.microsoft.com', true],
    ['*.data.mcr.microsoft.com', '*.data.mcr.microsoft.com', true],
    ['westus.data.mcr.microsoft.com', '*.data.mcr.microsoft.com', false],
    ['*', 'anything.example', true],
  ])('%s covers %s: %s', (pattern, fqdn, expected) => {
    expect(fqdnPatternCovers(pattern, fqdn)).toBe(expected);
  });

  it('flags * and whole top-level domains as broad', () => {
    expect(isBroadFqdnPattern('*')).toBe(true);
    expect(isBroadFqdnPattern('*.com')).toBe(true);
    expect(isBroadFqdnPattern('*.microsoft.com')).toBe(false);
  });
});

describe('ports and CIDRs', () => {
  it('matches ranges and wildcards', () => {
    expect(portIncludes('8000-9000', 9000)).toBe(true);
    expect(portIncludes('443', 80)).toBe(false);
    expect(portIsAll('*')).toBe(true);
    expect(portIsAll('1-65535')).toBe(true);
    expect(portIsAll('1-1024')).toBe(false);
    expect(cidrContains('10.42.0.0/16', '10.42.1.0/24')).toBe(true);
    expect(cidrContains('10.42.1.0/24', '10.42.0.0/16')).toBe(false);
  });
});

describe('NSG evaluation', () => {
  it('first match by priority wins, then Azure defaults', () => {
    const nsg = {
      id: 'x',
      name: 'x',
      rules: [
        nsgRule({ name: 'deny-ssh', priority: 200, access: 'Deny', destinationPorts: ['22'] }),
        nsgRule({ name: 'allow-ssh-bastion', priority: 100, sourcePrefixes: ['10.0.0.64/26'], destinationPorts: ['22'] }),
      ],
    };
    const ssh = (cidr: string) => ({
      direction: 'Inbound' as const,
      protocol: 'Tcp' as const,
      port: 22,
      source: { cidr, inVnet: true },
      destination: { inVnet: true },
    });
    expect(isAllowed(nsg, ssh('10.0.0.70'))).toBe(true);
    expect(isAllowed(nsg, ssh('10.0.1.5'))).toBe(false);
    // Default AllowVnetInBound admits other ports inside the VNet.
    expect(isAllowed(nsg, { ...ssh('10.0.1.5'), port: 443 })).toBe(true);
    // Default DenyAllInBound refuses the Internet.
    expect(isAllowed(nsg, { ...ssh('203.0.113.1'), port: 443, source: { tags: ['Internet'], cidr: '203.0.113.1' } })).toBe(false);
  });
});

describe('check metadata', () => {
  it('ids are unique and the Markdown table lists every check with its baseline', () => {
    const meta = checkMetadata();
    expect(new Set(meta.map((m) => m.id)).size).toBe(meta.length);
    const table = checksMarkdownTable();
    for (const m of meta) expect(table).toContain(`\`${m.id}\``);
    expect(table.split('\n')[0]).toBe('| Area | Check | What it proves | Baseline |');
  });

  it('groups checks by area in report order', () => {
    expect(groupByArea(checkMetadata()).map((g) => g.title)).toEqual([
      'API server',
      'Egress',
      'Network',
      'Cluster',
      'In cluster',
      'Add-ons',
    ]);
  });
});
