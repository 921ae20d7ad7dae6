import { describe, expect, it } from 'vitest';
import { parseIp } from '../../src/emulator/core/ip.js';
import { selectRoute } from '../../src/emulator/providers/network/egress.js';
import { aksFqdnTag, evaluateEgress, fqdnMatches, type EgressPath } from '../../src/emulator/providers/network/index.js';

const app = (name: string, fqdns: string[], extra: Record<string, unknown> = {}) => ({
  ruleType: 'ApplicationRule',
  name,
  sourceAddresses: ['10.42.1.0/24'],
  protocols: [{ protocolType: 'Https', port: 443 }],
  targetFqdns: fqdns,
  ...extra,
});

function path(overrides: Partial<EgressPath> = {}, collections: any[] = []): EgressPath {
  return {
    sourceIp: '10.42.1.4',
    region: 'eastus',
    routes: [{ name: 'default', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.42.0.4' }],
    nsgRules: [],
    defaultOutboundAccess: false,
    firewalls: [
      { name: 'fw', privateIp: '10.42.0.4', ruleCollectionGroups: [{ name: 'aks', priority: 200, ruleCollections: collections }] },
    ],
    ...overrides,
  };
}

const allow = (priority: number, rules: any[]) => ({
  ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
  name: `allow-${priority}`,
  priority,
  action: { type: 'Allow' },
  rules,
});
const deny = (priority: number, rules: any[]) => ({
  ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
  name: `deny-${priority}`,
  priority,
  action: { type: 'Deny' },
  rules,
});
const https = (host: string) => ({ host, port: 443, protocol: 'TCP' as const, scheme: 'Https' as const });

describe('egress evaluator', () => {
  it('matches FQDN wildcards only on subdomains', () => {
    expect(fqdnMatches('*.data.mcr.microsoft.com', 'eastus.data.mcr.microsoft.com')).toBe(true);
    expect(fqdnMatches('*.data.mcr.microsoft.com', 'data.mcr.microsoft.com')).toBe(false);
    expect(fqdnMatches('mcr.microsoft.com', 'MCR.microsoft.com')).toBe(true);
  });

  it('allows an FQDN an application rule names and denies everything else by default', () => {
    const p = path({}, [allow(100, [app('mcr', ['mcr.microsoft.com'])])]);
    expect(evaluateEgress(p, https('mcr.microsoft.com'))).toMatchObject({ allowed: true, via: 'firewall' });
    const denied = evaluateEgress(p, https('www.example.com'));
    expect(denied).toMatchObject({ allowed: false, blockedBy: 'firewall' });
    expect(denied.reason).toContain('No rule matched');
  });

  it('covers the core AKS list through the AzureKubernetesService FQDN tag, but not packages.aks.azure.com', () => {
    const p = path({}, [allow(100, [app('tag', [], { fqdnTags: ['AzureKubernetesService'] })])]);
    expect(evaluateEgress(p, https('eastus.data.mcr.microsoft.com')).allowed).toBe(true);
    expect(evaluateEgress(p, https('login.microsoftonline.com')).allowed).toBe(true);
    expect(evaluateEgress(p, https('packages.aks.azure.com')).allowed).toBe(false);
  });

  it('checks protocol and port of application rules', () => {
    const p = path({}, [allow(100, [app('ubuntu', ['security.ubuntu.com'], { protocols: [{ protocolType: 'Http', port: 80 }] })])]);
    expect(evaluateEgress(p, { host: 'security.ubuntu.com', port: 80, protocol: 'TCP', scheme: 'Http' }).allowed).toBe(true);
    expect(evaluateEgress(p, https('security.ubuntu.com')).allowed).toBe(false);
  });

  it('ignores rules for other sources', () => {
    const p = path({ sourceIp: '10.42.3.4' }, [allow(100, [app('mcr', ['mcr.microsoft.com'])])]);
    expect(evaluateEgress(p, https('mcr.microsoft.com')).allowed).toBe(false);
  });

  it('honours collection priority and processes network rules before application rules', () => {
    const netDeny = {
      ruleType: 'NetworkRule',
      name: 'no-443',
      sourceAddresses: ['*'],
      destinationAddresses: ['*'],
      destinationPorts: ['443'],
      ipProtocols: ['TCP'],
    };
    const appAllow = allow(100, [app('mcr', ['mcr.microsoft.com'])]);
    expect(evaluateEgress(path({}, [appAllow, deny(4000, [netDeny])]), https('mcr.microsoft.com'))).toMatchObject({
      allowed: false,
      blockedBy: 'firewall',
    });
    const appDeny = deny(100, [app('block', ['mcr.microsoft.com'])]);
    expect(evaluateEgress(path({}, [allow(200, [app('mcr', ['mcr.microsoft.com'])]), appDeny]), https('mcr.microsoft.com')).allowed).toBe(
      false,
    );
  });

  it('matches network rules by IP range, port and protocol', () => {
    const ntp = {
      ruleType: 'NetworkRule',
      name: 'ntp',
      sourceAddresses: ['*'],
      destinationAddresses: ['91.189.0.0/16'],
      destinationPorts: ['123'],
      ipProtocols: ['UDP'],
    };
    const p = path({}, [allow(100, [ntp])]);
    expect(evaluateEgress(p, { host: '91.189.94.4', port: 123, protocol: 'UDP' }).allowed).toBe(true);
    expect(evaluateEgress(p, { host: '91.189.94.4', port: 123, protocol: 'TCP' }).allowed).toBe(false);
  });

  it('blocks when the next hop is not a firewall, or the subnet has no outbound access', () => {
    const p = path({
      routes: [{ name: 'default', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.42.0.5' }],
    });
    expect(evaluateEgress(p, https('mcr.microsoft.com'))).toMatchObject({ allowed: false, blockedBy: 'route' });
    expect(evaluateEgress(path({ routes: [] }), https('mcr.microsoft.com'))).toMatchObject({ allowed: false, blockedBy: 'route' });
    expect(evaluateEgress(path({ routes: [], defaultOutboundAccess: true }), https('mcr.microsoft.com'))).toMatchObject({
      allowed: true,
      via: 'internet',
    });
  });

  it('uses the longest matching route for an address', () => {
    const p = path({
      routes: [
        { name: 'default', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.42.0.4' },
        { name: 'fw-public', addressPrefix: '20.1.2.3/32', nextHopType: 'Internet' },
      ],
      defaultOutboundAccess: true,
    });
    expect(evaluateEgress(p, { host: '20.1.2.3', port: 443, protocol: 'TCP' })).toMatchObject({ allowed: true, via: 'internet' });
  });

  it('lets an outbound NSG deny on Internet block even firewall-bound traffic', () => {
    const nsg = {
      name: 'deny-internet',
      priority: 100,
      direction: 'Outbound',
      access: 'Deny',
      protocol: '*',
      destinationAddressPrefix: 'Internet',
      destinationPortRange: '*',
    };
    const p = path({ nsgRules: [nsg] }, [allow(100, [app('mcr', ['mcr.microsoft.com'])])]);
    expect(evaluateEgress(p, https('mcr.microsoft.com'))).toMatchObject({ allowed: false, blockedBy: 'nsg' });
    const lateral = { ...nsg, name: 'deny-vnet', destinationAddressPrefix: 'VirtualNetwork' };
    expect(
      evaluateEgress(path({ nsgRules: [lateral] }, [allow(100, [app('mcr', ['mcr.microsoft.com'])])]), https('mcr.microsoft.com')).allowed,
    ).toBe(true);
  });
});

describe('the shared firewall evaluator and route selection', () => {
  it('covers only the regional AKS API server names through the tag, and takes a tag-only rule as HTTPS 443', () => {
    const p = path({}, [
      allow(100, [{ ruleType: 'ApplicationRule', name: 'tag', sourceAddresses: ['*'], fqdnTags: ['azurekubernetesservice'] }]),
    ]);
    expect(evaluateEgress(p, https('abc.hcp.eastus.azmk8s.io')).allowed).toBe(true);
    expect(evaluateEgress(p, https('abc.hcp.westus2.azmk8s.io')).allowed).toBe(false);
    expect(evaluateEgress(p, { host: 'mcr.microsoft.com', port: 80, protocol: 'TCP', scheme: 'Http' }).allowed).toBe(false);
    expect(aksFqdnTag('eastus')).not.toContain('packages.aks.azure.com');
  });

  it('names the deciding rule and matches port ranges', () => {
    const web = {
      ruleType: 'NetworkRule',
      name: 'high-ports',
      sourceAddresses: ['10.42.1.0/24'],
      destinationAddresses: ['Internet'],
      destinationPorts: ['8000-8999'],
      ipProtocols: ['Any'],
    };
    const p = path({}, [deny(300, [web])]);
    expect(evaluateEgress(p, { host: '20.1.2.3', port: 8443, protocol: 'TCP' })).toMatchObject({
      allowed: false,
      blockedBy: 'firewall',
      reason: expect.stringContaining('rule high-ports'),
    });
    expect(evaluateEgress(p, { host: '20.1.2.3', port: 9000, protocol: 'TCP' }).reason).toContain('No rule matched');
  });

  it('prefers the longest prefix, a user route on a tie, and applies only /0 routes to host names', () => {
    const toFirewall = { name: 'default', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.42.0.4' };
    expect(selectRoute([toFirewall], parseIp('8.8.8.8'))).toMatchObject({ name: 'default', source: 'User' });
    expect(selectRoute([toFirewall], parseIp('10.42.3.4'), ['10.42.0.0/16'])).toMatchObject({
      nextHopType: 'VnetLocal',
      source: 'Default',
    });
    expect(selectRoute([{ name: 'narrow', addressPrefix: '20.0.0.0/8', nextHopType: 'None' }], undefined)).toMatchObject({
      nextHopType: 'Internet',
      source: 'Default',
    });
  });
});
