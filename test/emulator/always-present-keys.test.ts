/**
 * Keys Azure always answers, empty or null when unset, which clients and replayed recordings read
 * without checking: NSG rule lists and default-rule etags, subnet delegations, VNet DNS servers, NIC
 * kind, rule collection group location and rule lists, intrusion detection members, and role
 * assignment / role definition audit fields.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { REPLICATION_AZURE_SECONDS } from '../../src/emulator/providers/authorization/principals.js';
import { SUB, useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';

const emu = useTestEmulator({ speed: SPEED.instant });
const RG = 'rg-keys';
const poll = { updateIntervalInMs: 5 };
const net = (...segs: string[]) => `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/${segs.join('/')}`;
const get = async (path: string, version = '2025-05-01') => (await emu.http('GET', `${path}?api-version=${version}`)).body;

async function group(): Promise<void> {
  await (await emu.clients().resources()).resourceGroups.createOrUpdate(RG, { location: 'eastus' });
}

describe('network keys Azure always answers', () => {
  it('NSG rules carry the four plural lists; default rules carry the NSG etag', async () => {
    await group();
    const network = await emu.clients().network();
    const rule = {
      name: 'ssh',
      protocol: 'Tcp',
      access: 'Allow',
      direction: 'Inbound',
      priority: 100,
      sourceAddressPrefix: '*',
      sourcePortRange: '*',
      destinationAddressPrefix: '*',
      destinationPortRange: '22',
    };
    await network.networkSecurityGroups.beginCreateOrUpdateAndWait(RG, 'nsg', { location: 'eastus', securityRules: [rule] }, poll);
    const nsg = await get(net('networkSecurityGroups', 'nsg'));
    const lists = { sourcePortRanges: [], destinationPortRanges: [], sourceAddressPrefixes: [], destinationAddressPrefixes: [] };
    expect(nsg.properties.securityRules[0].properties).toMatchObject(lists);
    expect((await get(net('networkSecurityGroups', 'nsg', 'securityRules', 'ssh'))).properties).toMatchObject(lists);
    for (const d of nsg.properties.defaultSecurityRules) {
      expect(d.etag).toBe(nsg.etag);
      expect(d.properties).toMatchObject(lists);
    }
  });

  it('a VNet answers dhcpOptions.dnsServers, its subnets delegations, a NIC kind Regular', async () => {
    await group();
    const network = await emu.clients().network();
    await network.virtualNetworks.beginCreateOrUpdateAndWait(
      RG,
      'vnet',
      { location: 'eastus', addressSpace: { addressPrefixes: ['10.1.0.0/16'] }, subnets: [{ name: 'snet', addressPrefix: '10.1.0.0/24' }] },
      poll,
    );
    const vnet = await get(net('virtualNetworks', 'vnet'));
    expect(vnet.properties.dhcpOptions).toEqual({ dnsServers: [] });
    expect(vnet.properties.subnets[0].properties.delegations).toEqual([]);
    expect((await get(net('virtualNetworks', 'vnet', 'subnets', 'snet'))).properties.delegations).toEqual([]);
    await network.networkInterfaces.beginCreateOrUpdateAndWait(
      RG,
      'nic',
      { location: 'eastus', ipConfigurations: [{ name: 'ip', subnet: { id: vnet.properties.subnets[0].id } }] },
      poll,
    );
    expect((await get(net('networkInterfaces', 'nic'))).kind).toBe('Regular');
  });

  it('a rule collection group answers its policy location and every list of its rules; intrusion detection its members', async () => {
    await group();
    const network = await emu.clients().network();
    await network.firewallPolicies.beginCreateOrUpdateAndWait(
      RG,
      'pol',
      { location: 'eastus', sku: { tier: 'Premium' }, intrusionDetection: { mode: 'Alert' } },
      poll,
    );
    expect((await get(net('firewallPolicies', 'pol'))).properties.intrusionDetection).toEqual({
      mode: 'Alert',
      configuration: { signatureOverrides: [], bypassTrafficSettings: [] },
    });
    const networkRule = {
      ruleType: 'NetworkRule',
      name: 'dns',
      ipProtocols: ['UDP'],
      sourceAddresses: ['10.1.0.0/24'],
      destinationAddresses: ['*'],
      destinationPorts: ['53'],
    };
    const appRule = {
      ruleType: 'ApplicationRule',
      name: 'mcr',
      protocols: [{ protocolType: 'Https', port: 443 }],
      sourceAddresses: ['10.1.0.0/24'],
      targetFqdns: ['mcr.microsoft.com'],
    };
    const collection = (name: string, priority: number, rules: unknown[]) => ({
      ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
      name,
      priority,
      action: { type: 'Allow' },
      rules,
    });
    await network.firewallPolicyRuleCollectionGroups.beginCreateOrUpdateAndWait(
      RG,
      'pol',
      'rcg',
      { priority: 200, ruleCollections: [collection('net', 100, [networkRule]), collection('app', 200, [appRule])] } as any,
      poll,
    );
    const rcg = await get(net('firewallPolicies', 'pol', 'ruleCollectionGroups', 'rcg'));
    expect(rcg.location).toBe('eastus');
    expect(rcg.properties.ruleCollections[0].rules[0]).toMatchObject({ destinationFqdns: [], destinationIpGroups: [], sourceIpGroups: [] });
    expect(rcg.properties.ruleCollections[1].rules[0]).toMatchObject({
      sourceIpGroups: [],
      fqdnTags: [],
      targetUrls: [],
      webCategories: [],
    });
  });
});

describe('authorization keys Azure always answers', () => {
  it('a role assignment answers condition, conditionVersion, description and delegatedManagedIdentityResourceId as null', async () => {
    await group();
    const clients = emu.clients();
    const principalId = (await (await clients.msi()).userAssignedIdentities.createOrUpdate(RG, 'id-keys', { location: 'eastus' }))
      .principalId!;
    // Past the new identity's replication delay.
    await emu.control.advanceClock(REPLICATION_AZURE_SECONDS);
    const scope = `/subscriptions/${SUB}/resourceGroups/${RG}`;
    const reader = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`;
    const name = randomUUID();
    await (
      await clients.authorization()
    ).roleAssignments.create(scope, name, { roleDefinitionId: reader, principalId, principalType: 'ServicePrincipal' });
    const raw = await get(`${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`, '2022-04-01');
    expect(raw.properties).toMatchObject({
      condition: null,
      conditionVersion: null,
      description: null,
      delegatedManagedIdentityResourceId: null,
    });
    const role = await get(reader, '2022-04-01');
    expect(role.properties).toMatchObject({ createdBy: null, updatedBy: null });
  });
});
