import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/config/defaults.js';
import {
  bastionNsgRules,
  jumphostNsgRules,
  nodeNsgRules,
  priorityClash,
  ruleDiff,
  toSecurityRule,
} from '../../src/steps/desired/nsg-rules.js';

describe('node subnet NSG rules', () => {
  const rules = nodeNsgRules(DEFAULTS);

  it('never denies outbound traffic (it would also drop firewall-bound egress)', () => {
    expect(rules.filter((r) => r.direction === 'Outbound' && r.access === 'Deny')).toEqual([]);
  });

  it('allows the node subnet and the pod CIDR before any deny, and denies Internet inbound', () => {
    const inbound = rules.filter((r) => r.direction === 'Inbound').sort((a, b) => a.priority - b.priority);
    const firstDeny = inbound.findIndex((r) => r.access === 'Deny');
    const allowed = inbound.slice(0, firstDeny).map((r) => r.source);
    expect(allowed).toEqual(expect.arrayContaining([DEFAULTS.nodeSubnetCidr, DEFAULTS.podCidr, 'VirtualNetwork', 'AzureLoadBalancer']));
    expect(inbound.at(-1)).toMatchObject({ access: 'Deny', source: 'Internet' });
  });

  it('uses unique priorities per direction', () => {
    for (const set of [rules, jumphostNsgRules(DEFAULTS), bastionNsgRules()]) {
      const keys = set.map((r) => `${r.direction}:${r.priority}`);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });
});

describe('jumphost subnet NSG rules', () => {
  it('allows SSH only from the Bastion subnet and denies every other inbound connection', () => {
    const [ssh, deny] = jumphostNsgRules(DEFAULTS);
    expect(ssh).toMatchObject({ access: 'Allow', protocol: 'Tcp', source: DEFAULTS.bastionSubnetCidr, ports: ['22'] });
    expect(deny).toMatchObject({ access: 'Deny', direction: 'Inbound', source: '*' });
    expect(deny.priority).toBeGreaterThan(ssh.priority);
  });
});

describe('Bastion subnet NSG rules', () => {
  it('holds every rule Azure requires of an NSG on AzureBastionSubnet', () => {
    const r = bastionNsgRules();
    const has = (direction: string, source: string, destination: string, ports: string[]) =>
      r.some(
        (x) =>
          x.direction === direction &&
          x.access === 'Allow' &&
          x.source === source &&
          x.destination === destination &&
          ports.every((p) => x.ports.includes(p)),
      );
    expect(has('Inbound', 'Internet', '*', ['443'])).toBe(true);
    expect(has('Inbound', 'GatewayManager', '*', ['443'])).toBe(true);
    expect(has('Inbound', 'AzureLoadBalancer', '*', ['443'])).toBe(true);
    expect(has('Inbound', 'VirtualNetwork', 'VirtualNetwork', ['8080', '5701'])).toBe(true);
    expect(has('Outbound', '*', 'VirtualNetwork', ['22', '3389'])).toBe(true);
    expect(has('Outbound', '*', 'AzureCloud', ['443'])).toBe(true);
    expect(has('Outbound', 'VirtualNetwork', 'VirtualNetwork', ['8080', '5701'])).toBe(true);
    expect(has('Outbound', '*', 'Internet', ['80'])).toBe(true);
    expect(r).toHaveLength(8);
  });
});

describe('rule comparison', () => {
  const spec = bastionNsgRules()[3];

  it('uses plural port fields for several ports and single ones otherwise', () => {
    expect(toSecurityRule(spec)).toMatchObject({ destinationPortRanges: ['8080', '5701'] });
    expect(toSecurityRule(spec).destinationPortRange).toBeUndefined();
    expect(toSecurityRule(bastionNsgRules()[0])).toMatchObject({ destinationPortRange: '443' });
  });

  it('sees no difference between a spec and what Azure echoes back (case, order, empty plural fields)', () => {
    const echoed = {
      ...toSecurityRule(spec),
      protocol: '*',
      destinationPortRanges: ['5701', '8080'],
      sourceAddressPrefixes: [],
      provisioningState: 'Succeeded',
    };
    expect(ruleDiff(echoed, spec)).toEqual([]);
  });

  it('names every differing property', () => {
    const changed = { ...toSecurityRule(spec), priority: 300, access: 'Deny' as const, destinationPortRanges: ['8080'] };
    expect(
      ruleDiff(changed, spec)
        .map((d) => d.property)
        .sort(),
    ).toEqual(['access', 'destinationPorts', 'priority']);
  });

  it('finds a foreign rule holding the priority one of ours needs', () => {
    const foreign = { name: 'user-rule', priority: spec.priority, direction: spec.direction };
    expect(priorityClash([foreign], spec)).toBe(foreign);
    expect(priorityClash([{ ...foreign, direction: 'Outbound' as const }], spec)).toBeUndefined();
    expect(priorityClash([{ ...foreign, name: spec.name }], spec)).toBeUndefined();
  });
});
