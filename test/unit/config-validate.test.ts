import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/config/defaults.js';
import { checkValues, type ConfigValues } from '../../src/config/schema.js';
import { surgeNodes, toConfigValues, validateConfig } from '../../src/config/validate.js';
import { ConfigInvalidError } from '../../src/config/problems.js';
import { UsageError } from '../../src/core/errors.js';

const base: ConfigValues = {
  ...DEFAULTS,
  subscription: '00000000-0000-0000-0000-000000000000',
  name: 'aks-demo',
  resourceGroup: 'rg-demo',
  location: 'eastus',
};

describe('validateConfig', () => {
  it('accepts the defaults', () => {
    expect(validateConfig(base)).toEqual([]);
  });

  // One bad input each: the expected code, and every field the problem must name.
  it.each<[string, Partial<ConfigValues>, string, string[]]>([
    ['vnet not CIDR', { vnetCidr: '10.42.0.0' }, 'InvalidCIDRNotation', ['vnetCidr']],
    ['vnet host bits', { vnetCidr: '10.42.0.1/16' }, 'CidrNotNetworkAddress', ['vnetCidr']],
    ['dns not an IP', { dnsServiceIp: '172.16.0' }, 'InvalidIPAddress', ['dnsServiceIp']],
    ['node subnet outside vnet', { nodeSubnetCidr: '10.43.1.0/24' }, 'SubnetOutsideVnet', ['nodeSubnetCidr', 'vnetCidr']],
    ['firewall subnet outside vnet', { firewallSubnetCidr: '10.99.0.0/26' }, 'SubnetOutsideVnet', ['firewallSubnetCidr', 'vnetCidr']],
    ['subnets overlap', { jumphostSubnetCidr: '10.42.1.16/28' }, 'SubnetsOverlap', ['nodeSubnetCidr', 'jumphostSubnetCidr']],
    ['firewall subnet /27', { firewallSubnetCidr: '10.42.0.0/27' }, 'FirewallSubnetTooSmall', ['firewallSubnetCidr']],
    ['bastion subnet /27', { bastionSubnetCidr: '10.42.0.64/27' }, 'BastionSubnetTooSmall', ['bastionSubnetCidr']],
    ['jumphost subnet /30', { jumphostSubnetCidr: '10.42.0.128/30' }, 'JumphostSubnetTooSmall', ['jumphostSubnetCidr']],
    [
      'node subnet too small for node count',
      { nodeSubnetCidr: '10.42.1.0/29', nodeCount: 3 },
      'NodeSubnetTooSmall',
      ['nodeSubnetCidr', 'nodeCount'],
    ],
    ['pod range overlaps vnet', { podCidr: '10.42.0.0/16' }, 'ClusterRangeOverlapsVnet', ['podCidr', 'vnetCidr']],
    [
      'service range overlaps vnet',
      { serviceCidr: '10.0.0.0/8', dnsServiceIp: '10.0.0.10' },
      'ClusterRangeOverlapsVnet',
      ['serviceCidr', 'vnetCidr'],
    ],
    [
      'pod and service overlap',
      { serviceCidr: '192.168.0.0/20', dnsServiceIp: '192.168.0.10' },
      'PodServiceCidrOverlap',
      ['podCidr', 'serviceCidr'],
    ],
    ['service range /11', { serviceCidr: '172.0.0.0/11', dnsServiceIp: '172.0.0.10' }, 'ServiceCidrTooLarge', ['serviceCidr']],
    ['dns outside service range', { dnsServiceIp: '172.17.0.10' }, 'DnsServiceIpOutsideServiceCidr', ['dnsServiceIp', 'serviceCidr']],
    ['dns is .1', { dnsServiceIp: '172.16.0.1' }, 'DnsServiceIpReserved', ['dnsServiceIp']],
    ['dns is the network address', { dnsServiceIp: '172.16.0.0' }, 'DnsServiceIpReserved', ['dnsServiceIp']],
    ['service in 172.30/16', { serviceCidr: '172.30.0.0/16', dnsServiceIp: '172.30.0.10' }, 'ReservedRangeUsed', ['serviceCidr']],
    ['pod in 169.254/16', { podCidr: '169.254.0.0/16' }, 'ReservedRangeUsed', ['podCidr']],
    [
      'vnet in 192.0.2/24',
      {
        vnetCidr: '192.0.0.0/22',
        firewallSubnetCidr: '192.0.0.0/26',
        bastionSubnetCidr: '192.0.0.64/26',
        jumphostSubnetCidr: '192.0.0.128/28',
        nodeSubnetCidr: '192.0.1.0/24',
      },
      'ReservedRangeUsed',
      ['vnetCidr'],
    ],
    ['pod range too small for nodes', { podCidr: '192.168.0.0/24', nodeCount: 2 }, 'PodCidrTooSmall', ['podCidr', 'nodeCount']],
    ['node count 0', { nodeCount: 0 }, 'NodeCountOutOfRange', ['nodeCount']],
    ['node count 1001', { nodeCount: 1001 }, 'NodeCountOutOfRange', ['nodeCount']],
    ['node count 2.5', { nodeCount: 2.5 }, 'NodeCountOutOfRange', ['nodeCount']],
    ['vm size', { nodeVmSize: 'D4s_v5' }, 'InvalidVmSize', ['nodeVmSize']],
    ['kubernetes version with v', { kubernetesVersion: 'v1.33' }, 'InvalidKubernetesVersion', ['kubernetesVersion']],
    ['kubernetes version one number', { kubernetesVersion: '1' }, 'InvalidKubernetesVersion', ['kubernetesVersion']],
    ['cluster name starting with hyphen', { name: '-aks' }, 'InvalidClusterName', ['name']],
    ['cluster name with dot', { name: 'aks.demo' }, 'InvalidClusterName', ['name']],
    ['cluster name 64 chars', { name: 'a'.repeat(64) }, 'InvalidClusterName', ['name']],
    ['derived VM name too long', { name: 'a'.repeat(60) }, 'DerivedNameTooLong', ['name']],
    ['resource group ending with period', { resourceGroup: 'rg-demo.' }, 'InvalidResourceGroupName', ['resourceGroup']],
    ['resource group with slash', { resourceGroup: 'rg/demo' }, 'InvalidResourceGroupName', ['resourceGroup']],
    ['resource group 91 chars', { resourceGroup: 'r'.repeat(91) }, 'InvalidResourceGroupName', ['resourceGroup']],
    ['resource group with a digit that is not a decimal digit', { resourceGroup: 'rg-²' }, 'InvalidResourceGroupName', ['resourceGroup']],
    ['unknown location', { location: 'eastus9' }, 'UnknownLocation', ['location']],
    ['subscription not a GUID', { subscription: 'my-sub' }, 'InvalidSubscriptionId', ['subscription']],
    ['wrong type', { nodeCount: '3' as unknown as number }, 'InvalidValueType', ['nodeCount']],
    ['wrong boolean type', { bastion: 'no' as unknown as boolean }, 'InvalidValueType', ['bastion']],
  ])('%s -> %s', (_label, change, code, fields) => {
    const problems = validateConfig({ ...base, ...change });
    const match = problems.find((p) => p.code === code);
    expect(match, `codes found: ${problems.map((p) => p.code).join(', ')}`).toBeDefined();
    expect(match).toBeInstanceOf(UsageError);
    expect(match!.exitCode).toBe(2);
    expect([...match!.fields].sort()).toEqual([...fields].sort());
    for (const f of fields) expect(match!.message).toContain(f);
    expect(match!.remediation).toBeTruthy();
  });

  it('accepts resource group names with letters and digits of any script, as Azure does', () => {
    for (const resourceGroup of ['rg-ü', 'RG_Größe(1)', 'рг-тест', '資源グループ', 'rg-٣'])
      expect(validateConfig({ ...base, resourceGroup }), resourceGroup).toEqual([]);
  });

  it('reports every problem at once', () => {
    const problems = validateConfig({
      ...base,
      name: '-bad',
      nodeCount: 0,
      firewallSubnetCidr: '10.42.0.0/28',
      dnsServiceIp: '172.16.0.1',
      location: 'mars',
    });
    expect(problems.map((p) => p.code).sort()).toEqual(
      ['DnsServiceIpReserved', 'FirewallSubnetTooSmall', 'InvalidClusterName', 'NodeCountOutOfRange', 'UnknownLocation'].sort(),
    );
    const err = new ConfigInvalidError(problems);
    expect(err.code).toBe('ConfigInvalid');
    expect(err.message).toContain('5 problems');
  });

  it('a single problem keeps its own code when thrown', () => {
    const err = new ConfigInvalidError(validateConfig({ ...base, nodeCount: 0 }));
    expect(err.code).toBe('NodeCountOutOfRange');
  });

  it.each([
    ['westeuropa', 'westeurope'],
    ['westeu', 'westeurope'],
    ['eastus3', 'eastus'],
    ['uksouht', 'uksouth'],
  ])('suggests close region names for %s', (typo, expected) => {
    const [p] = validateConfig({ ...base, location: typo });
    expect(p.message).toMatch(new RegExp(`did you mean ${expected}\\b`));
  });

  it('accepts "East US" as eastus and checks the region against the chosen cloud', () => {
    expect(validateConfig({ ...base, location: 'East US' })).toEqual([]);
    expect(validateConfig({ ...base, location: 'chinaeast2' })).toEqual([]);
    const [p] = validateConfig({ ...base, location: 'chinaeast2' }, { cloud: 'AzureCloud' });
    expect(p.code).toBe('UnknownLocation');
    expect(p.message).toContain('AzureCloud');
  });

  it('ignores the bastion and jumphost subnets when those are turned off', () => {
    const off = { ...base, bastion: false, jumphost: false, bastionSubnetCidr: '10.99.0.0/27', jumphostSubnetCidr: '10.42.1.0/30' };
    expect(validateConfig(off)).toEqual([]);
  });

  it('accepts a /12 service range and a bigger firewall subnet', () => {
    expect(validateConfig({ ...base, serviceCidr: '100.64.0.0/12', dnsServiceIp: '100.64.0.10' })).toEqual([]);
    expect(validateConfig({ ...base, firewallSubnetCidr: '10.42.4.0/25' })).toEqual([]);
  });

  it('sizes the node subnet for nodes, surge and the API server endpoint', () => {
    expect(surgeNodes(3)).toBe(1);
    expect(surgeNodes(25)).toBe(3);
    // /28 has 11 usable: 9 nodes + 1 surge + 1 endpoint fit, 10 nodes + 1 + 1 do not.
    expect(validateConfig({ ...base, nodeSubnetCidr: '10.42.1.0/28', nodeCount: 9 })).toEqual([]);
    expect(validateConfig({ ...base, nodeSubnetCidr: '10.42.1.0/28', nodeCount: 10 }).map((p) => p.code)).toEqual(['NodeSubnetTooSmall']);
  });

  it('a 56-character name fits every derived name; 57 does not', () => {
    expect(validateConfig({ ...base, name: 'a'.repeat(56) })).toEqual([]);
    const [p] = validateConfig({ ...base, name: 'a'.repeat(57) });
    expect(p.code).toBe('DerivedNameTooLong');
    expect(p.message).toContain('Linux virtual machine');
    expect(p.remediation).toContain('at most 56');
  });

  it('refuses unknown keys and names the nearest known key', () => {
    const { problems } = checkValues({ ...base, vnetCIDR: '10.0.0.0/16', resourcegroup: 'x' });
    const codes = problems.map((p) => [p.code, p.message]);
    expect(codes).toContainEqual(['UnknownConfigKey', '"vnetCIDR" is not a configuration key; did you mean vnetCidr?']);
    expect(codes).toContainEqual(['UnknownConfigKey', '"resourcegroup" is not a configuration key; did you mean resourceGroup?']);
  });

  it('maps ResolvedConfig.subscriptionId to the subscription key', () => {
    expect(toConfigValues({ subscriptionId: 'x', name: 'n' })).toEqual({ subscription: 'x', name: 'n' });
  });
});
