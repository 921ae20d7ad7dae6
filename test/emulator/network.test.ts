/**
 * The Microsoft.Network provider through the real NetworkManagementClient: the whole network of a
 * secure-aks deployment, merge semantics, back-references, builders and read helpers, and a field-set
 * comparison with Microsoft's example responses.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NetworkManagementClient } from '@azure/arm-network';
import type { ArmResource, Store } from '../../src/emulator/core/contract.js';
import {
  effectiveRoute,
  firewallAllows,
  firewallAtIp,
  makePrivateEndpoint,
  routeTableOfSubnet,
} from '../../src/emulator/providers/network/index.js';
import { SUB, useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';

const RG = 'rg-net';
const LOC = 'eastus';
const tags = { 'managed-by': 'secure-aks', 'secure-aks-deployment': 'd-1' };
const poll = { updateIntervalInMs: 10 };
const nid = (...segs: string[]) => `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/${segs.join('/')}`;
const VNET = 'vnet-aks';
const subnetId = (name: string) => nid('virtualNetworks', VNET, 'subnets', name);

const BASTION_NSG_RULES = [
  {
    name: 'AllowHttpsInbound',
    protocol: 'Tcp',
    sourceAddressPrefix: 'Internet',
    destinationAddressPrefix: '*',
    destinationPortRange: '443',
    priority: 120,
    direction: 'Inbound',
  },
  {
    name: 'AllowGatewayManagerInbound',
    protocol: 'Tcp',
    sourceAddressPrefix: 'GatewayManager',
    destinationAddressPrefix: '*',
    destinationPortRange: '443',
    priority: 130,
    direction: 'Inbound',
  },
  {
    name: 'AllowAzureLoadBalancerInbound',
    protocol: 'Tcp',
    sourceAddressPrefix: 'AzureLoadBalancer',
    destinationAddressPrefix: '*',
    destinationPortRange: '443',
    priority: 140,
    direction: 'Inbound',
  },
  {
    name: 'AllowBastionHostCommunication',
    protocol: '*',
    sourceAddressPrefix: 'VirtualNetwork',
    destinationAddressPrefix: 'VirtualNetwork',
    destinationPortRanges: ['8080', '5701'],
    priority: 150,
    direction: 'Inbound',
  },
  {
    name: 'AllowSshRdpOutbound',
    protocol: '*',
    sourceAddressPrefix: '*',
    destinationAddressPrefix: 'VirtualNetwork',
    destinationPortRanges: ['22', '3389'],
    priority: 100,
    direction: 'Outbound',
  },
  {
    name: 'AllowAzureCloudOutbound',
    protocol: 'Tcp',
    sourceAddressPrefix: '*',
    destinationAddressPrefix: 'AzureCloud',
    destinationPortRange: '443',
    priority: 110,
    direction: 'Outbound',
  },
  {
    name: 'AllowBastionCommunication',
    protocol: '*',
    sourceAddressPrefix: 'VirtualNetwork',
    destinationAddressPrefix: 'VirtualNetwork',
    destinationPortRanges: ['8080', '5701'],
    priority: 120,
    direction: 'Outbound',
  },
  {
    name: 'AllowHttpOutbound',
    protocol: '*',
    sourceAddressPrefix: '*',
    destinationAddressPrefix: 'Internet',
    destinationPortRange: '80',
    priority: 130,
    direction: 'Outbound',
  },
].map((r) => ({ ...r, access: 'Allow', sourcePortRange: '*' }));

const emu = useTestEmulator({ speed: SPEED.instant, resetBeforeEach: false });
let net: NetworkManagementClient;

beforeAll(async () => {
  await (await emu.clients().resources()).resourceGroups.createOrUpdate(RG, { location: LOC });
  net = await emu.clients().network();
});

/** A read-only Store over the control API's resource list (what other providers' helpers read). */
async function snapshot(): Promise<Store> {
  const all: ArmResource[] = await emu.control.resources();
  const byId = new Map(all.map((r) => [r.id.toLowerCase(), r]));
  const under = (p: string) => all.filter((r) => r.id.toLowerCase().startsWith(`${p.toLowerCase()}/`));
  return {
    get: (id) => byId.get(id.toLowerCase()),
    all: () => all,
    under,
    children: (parent, type) =>
      under(parent).filter((r) => r.type.toLowerCase() === type.toLowerCase() && r.id.split('/').length === parent.split('/').length + 2),
    put: () => undefined,
    delete: () => false,
    deleteTree: () => 0,
    resourceGroupExists: () => true,
    internal: <T extends object>() => ({}) as T,
  };
}

describe('a secure-aks network through NetworkManagementClient', () => {
  it('creates the VNet with four subnets inline', async () => {
    const vnet = await net.virtualNetworks.beginCreateOrUpdateAndWait(
      RG,
      VNET,
      {
        location: LOC,
        tags,
        addressSpace: { addressPrefixes: ['10.42.0.0/16'] },
        subnets: [
          { name: 'AzureFirewallSubnet', addressPrefix: '10.42.0.0/26' },
          { name: 'snet-nodes', addressPrefix: '10.42.1.0/24' },
          { name: 'AzureBastionSubnet', addressPrefix: '10.42.2.0/26' },
          { name: 'snet-jump', addressPrefix: '10.42.3.0/27' },
        ],
      },
      poll,
    );
    expect(vnet).toMatchObject({ id: nid('virtualNetworks', VNET), location: LOC, tags, provisioningState: 'Succeeded' });
    expect(vnet.etag).toMatch(/^W\/"[0-9a-f-]{36}"$/);
    expect(vnet.resourceGuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(vnet.subnets?.map((s) => [s.name, s.addressPrefix, s.provisioningState])).toEqual([
      ['AzureFirewallSubnet', '10.42.0.0/26', 'Succeeded'],
      ['snet-nodes', '10.42.1.0/24', 'Succeeded'],
      ['AzureBastionSubnet', '10.42.2.0/26', 'Succeeded'],
      ['snet-jump', '10.42.3.0/27', 'Succeeded'],
    ]);
    const puts = (await emu.control.requests()).filter((r) => r.method === 'PUT' && /virtualNetworks/i.test(r.path));
    expect(puts.map((r) => [r.status, r.apiVersion])).toEqual([[201, '2025-05-01']]);
  });

  it('keeps subnets on a VNet PUT without `subnets` (api >= 2023-11-01)', async () => {
    const vnet = await net.virtualNetworks.beginCreateOrUpdateAndWait(
      RG,
      VNET,
      { location: LOC, tags: { ...tags, x: 'y' }, addressSpace: { addressPrefixes: ['10.42.0.0/16'] } },
      poll,
    );
    expect(vnet.subnets).toHaveLength(4);
    expect(vnet.tags).toMatchObject({ x: 'y' });
  });

  it('assigns public IPs and creates the policy, rule collection group, firewall (.4) and route table', async () => {
    const fwPip = await net.publicIPAddresses.beginCreateOrUpdateAndWait(
      RG,
      'pip-fw',
      { location: LOC, sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static', tags },
      poll,
    );
    const bastionPip = await net.publicIPAddresses.beginCreateOrUpdateAndWait(
      RG,
      'pip-bastion',
      { location: LOC, sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static' },
      poll,
    );
    expect(fwPip.ipAddress).toMatch(/^20\.\d+\.\d+\.\d+$/);
    expect(bastionPip.ipAddress).not.toBe(fwPip.ipAddress);
    const again = await net.publicIPAddresses.beginCreateOrUpdateAndWait(
      RG,
      'pip-fw',
      { location: LOC, sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static', tags },
      poll,
    );
    expect(again.ipAddress).toBe(fwPip.ipAddress);

    const policy = await net.firewallPolicies.beginCreateOrUpdateAndWait(
      RG,
      'afwp',
      { location: LOC, tags, dnsSettings: { enableProxy: true } },
      poll,
    );
    expect(policy.dnsSettings?.enableProxy).toBe(true);
    const rcg = await net.firewallPolicyRuleCollectionGroups.beginCreateOrUpdateAndWait(
      RG,
      'afwp',
      'aks',
      {
        priority: 200,
        ruleCollections: [
          {
            ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
            name: 'aks-fqdns',
            priority: 200,
            action: { type: 'Allow' },
            rules: [
              {
                ruleType: 'ApplicationRule',
                name: 'aks-tag',
                sourceAddresses: ['10.42.1.0/24'],
                fqdnTags: ['AzureKubernetesService'],
                protocols: [{ protocolType: 'Https', port: 443 }],
              },
              {
                ruleType: 'ApplicationRule',
                name: 'aks-packages',
                sourceAddresses: ['10.42.1.0/24'],
                targetFqdns: ['packages.aks.azure.com'],
                protocols: [{ protocolType: 'Https', port: 443 }],
              },
            ],
          } as any,
          {
            ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
            name: 'ntp',
            priority: 300,
            action: { type: 'Allow' },
            rules: [
              {
                ruleType: 'NetworkRule',
                name: 'ntp',
                sourceAddresses: ['10.42.1.0/24'],
                destinationFqdns: ['ntp.ubuntu.com'],
                ipProtocols: ['UDP'],
                destinationPorts: ['123'],
              },
            ],
          } as any,
        ],
      },
      poll,
    );
    expect(rcg.provisioningState).toBe('Succeeded');

    const fw = await net.azureFirewalls.beginCreateOrUpdateAndWait(
      RG,
      'afw',
      {
        location: LOC,
        tags,
        sku: { name: 'AZFW_VNet', tier: 'Standard' },
        firewallPolicy: { id: policy.id },
        ipConfigurations: [{ name: 'ipconfig1', subnet: { id: subnetId('AzureFirewallSubnet') }, publicIPAddress: { id: fwPip.id } }],
      },
      poll,
    );
    expect(fw.provisioningState).toBe('Succeeded');
    expect(fw.ipConfigurations?.[0].privateIPAddress).toBe('10.42.0.4');
    expect((await net.firewallPolicies.get(RG, 'afwp')).firewalls?.map((f) => f.id)).toEqual([fw.id]);
    expect((await net.publicIPAddresses.get(RG, 'pip-fw')).ipConfiguration?.id).toBe(fw.ipConfigurations?.[0].id);

    const rt = await net.routeTables.beginCreateOrUpdateAndWait(
      RG,
      'rt-aks',
      {
        location: LOC,
        tags,
        routes: [
          { name: 'default-via-firewall', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.42.0.4' },
          { name: 'firewall-pip', addressPrefix: `${fwPip.ipAddress}/32`, nextHopType: 'Internet' },
        ],
      },
      poll,
    );
    expect(rt.routes?.map((r) => r.name)).toEqual(['default-via-firewall', 'firewall-pip']);
  });

  it('associates the route table with the node subnet and reflects it on the table', async () => {
    const rtId = nid('routeTables', 'rt-aks');
    const subnet = await net.subnets.beginCreateOrUpdateAndWait(
      RG,
      VNET,
      'snet-nodes',
      { addressPrefix: '10.42.1.0/24', routeTable: { id: rtId } },
      poll,
    );
    expect(subnet.routeTable?.id).toBe(rtId);
    expect((await net.routeTables.get(RG, 'rt-aks')).subnets?.map((s) => s.id)).toEqual([subnetId('snet-nodes')]);
    await net.subnets.beginCreateOrUpdateAndWait(RG, VNET, 'snet-jump', { addressPrefix: '10.42.3.0/27', routeTable: { id: rtId } }, poll);
    expect((await net.routeTables.get(RG, 'rt-aks')).subnets).toHaveLength(2);
  });

  it('creates NSGs with default rules, attaches the Bastion NSG, then the Bastion host', async () => {
    const nsg = await net.networkSecurityGroups.beginCreateOrUpdateAndWait(
      RG,
      'nsg-bastion',
      { location: LOC, tags, securityRules: BASTION_NSG_RULES as any },
      poll,
    );
    expect(nsg.securityRules).toHaveLength(8);
    expect(nsg.defaultSecurityRules?.map((r) => r.name)).toEqual([
      'AllowVnetInBound',
      'AllowAzureLoadBalancerInBound',
      'DenyAllInBound',
      'AllowVnetOutBound',
      'AllowInternetOutBound',
      'DenyAllOutBound',
    ]);
    await net.subnets.beginCreateOrUpdateAndWait(
      RG,
      VNET,
      'AzureBastionSubnet',
      { addressPrefix: '10.42.2.0/26', networkSecurityGroup: { id: nsg.id } },
      poll,
    );
    expect((await net.networkSecurityGroups.get(RG, 'nsg-bastion')).subnets?.map((s) => s.id)).toEqual([subnetId('AzureBastionSubnet')]);
    const bastion = await net.bastionHosts.beginCreateOrUpdateAndWait(
      RG,
      'bas',
      {
        location: LOC,
        tags,
        sku: { name: 'Standard' },
        ipConfigurations: [
          {
            name: 'ipconf',
            subnet: { id: subnetId('AzureBastionSubnet') },
            publicIPAddress: { id: nid('publicIPAddresses', 'pip-bastion') },
          },
        ],
      },
      poll,
    );
    expect(bastion.provisioningState).toBe('Succeeded');
    expect(bastion.dnsName).toMatch(/\.bastion\.azure\.com$/);
  });

  it('gives NICs the first free addresses of their subnet and lists them on the subnet', async () => {
    const nic = await net.networkInterfaces.beginCreateOrUpdateAndWait(
      RG,
      'nic-jump',
      { location: LOC, tags, ipConfigurations: [{ name: 'ipconfig1', subnet: { id: subnetId('snet-jump') } }] },
      poll,
    );
    expect(nic.ipConfigurations?.[0]).toMatchObject({ privateIPAddress: '10.42.3.4', privateIPAllocationMethod: 'Dynamic' });
    const second = await net.networkInterfaces.beginCreateOrUpdateAndWait(
      RG,
      'nic-two',
      { location: LOC, ipConfigurations: [{ name: 'ipconfig1', subnet: { id: subnetId('snet-jump') } }] },
      poll,
    );
    expect(second.ipConfigurations?.[0].privateIPAddress).toBe('10.42.3.5');
    const updated = await net.networkInterfaces.beginCreateOrUpdateAndWait(
      RG,
      'nic-jump',
      { location: LOC, tags: { a: 'b' }, ipConfigurations: [{ name: 'ipconfig1', subnet: { id: subnetId('snet-jump') } }] },
      poll,
    );
    expect(updated.ipConfigurations?.[0].privateIPAddress).toBe('10.42.3.4');
    const subnet = await net.subnets.get(RG, VNET, 'snet-jump');
    expect(subnet.ipConfigurations?.map((c) => c.id)).toEqual([nic.ipConfigurations?.[0].id, second.ipConfigurations?.[0].id]);
    await net.networkInterfaces.beginDeleteAndWait(RG, 'nic-two', poll);
    expect((await net.subnets.get(RG, VNET, 'snet-jump')).ipConfigurations).toHaveLength(1);
  });

  it('disassociates the route table when a subnet PUT omits it', async () => {
    const subnet = await net.subnets.beginCreateOrUpdateAndWait(RG, VNET, 'snet-jump', { addressPrefix: '10.42.3.0/27' }, poll);
    expect(subnet.routeTable).toBeUndefined();
    expect((await net.routeTables.get(RG, 'rt-aks')).subnets?.map((s) => s.id)).toEqual([subnetId('snet-nodes')]);
  });

  it('lists everything and shows composed bodies in the control API', async () => {
    expect((await collect(net.virtualNetworks.list(RG))).map((v) => v.name)).toEqual([VNET]);
    expect(await collect(net.subnets.list(RG, VNET))).toHaveLength(4);
    expect((await collect(net.azureFirewalls.listAll())).map((f) => f.name)).toEqual(['afw']);
    const resources = await emu.control.resources();
    const vnet = resources.find((r) => r.type === 'Microsoft.Network/virtualNetworks');
    expect(vnet?.properties?.subnets).toHaveLength(4);
    expect(resources.filter((r) => r.type === 'Microsoft.Network/virtualNetworks/subnets')).toHaveLength(4);
  });

  it('exports read helpers: effective route, firewall at the next hop, and its verdict', async () => {
    const store = await snapshot();
    const route = effectiveRoute(store, subnetId('snet-nodes'), '13.107.42.14');
    expect(route).toMatchObject({ nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.42.0.4', source: 'User' });
    expect(effectiveRoute(store, subnetId('snet-nodes'), '10.42.3.4')).toMatchObject({ nextHopType: 'VnetLocal' });
    expect(effectiveRoute(store, subnetId('AzureFirewallSubnet'), '8.8.8.8')).toMatchObject({ nextHopType: 'Internet', source: 'Default' });
    expect(routeTableOfSubnet(store, subnetId('snet-nodes'))?.properties?.routes).toHaveLength(2);
    const fw = firewallAtIp(store, '10.42.0.4')!;
    expect(fw.name).toBe('afw');
    const flow = (host: string) => ({ sourceIp: '10.42.1.10', host, protocol: 'TCP' as const, scheme: 'Https' as const, port: 443 });
    expect(firewallAllows(store, fw, flow('mcr.microsoft.com')).allowed).toBe(true);
    expect(firewallAllows(store, fw, flow('eastus.data.mcr.microsoft.com')).allowed).toBe(true);
    expect(firewallAllows(store, fw, flow('packages.aks.azure.com'))).toMatchObject({ allowed: true, rule: 'aks/aks-fqdns/aks-packages' });
    expect(firewallAllows(store, fw, flow('registry-1.docker.io')).allowed).toBe(false);
    expect(firewallAllows(store, fw, { ...flow('mcr.microsoft.com'), sourceIp: '10.42.3.4' }).allowed).toBe(false);
  });
});

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('private DNS zones and records (created by AKS, editable by users)', () => {
  const zoneId = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/privateDnsZones/abc.privatelink.eastus.azmk8s.io`;
  it('creates a zone, writes and drops an A record', async () => {
    const rm = await emu.clients().resources();
    const zone = await rm.resources.beginCreateOrUpdateByIdAndWait(zoneId, '2024-06-01', { location: 'global', tags }, poll);
    expect(zone).toMatchObject({ location: 'global', properties: { provisioningState: 'Succeeded', numberOfRecordSets: 1 } });
    const put = await emu.http('PUT', `${zoneId}/A/aks-x?api-version=2024-06-01`, {
      properties: { ttl: 300, aRecords: [{ ipv4Address: '10.42.1.4' }] },
    });
    expect(put.status).toBe(201);
    expect(put.body.properties).toMatchObject({
      fqdn: 'aks-x.abc.privatelink.eastus.azmk8s.io.',
      aRecords: [{ ipv4Address: '10.42.1.4' }],
    });
    // The zone's own `@` SOA record is listed beside the A record, as Azure lists it.
    const all = (await emu.http('GET', `${zoneId}/ALL?api-version=2024-06-01`)).body.value;
    expect(all.map((r: any) => `${r.type}/${r.name}`).sort()).toEqual([
      'Microsoft.Network/privateDnsZones/A/aks-x',
      'Microsoft.Network/privateDnsZones/SOA/@',
    ]);
    const soa = await emu.http('GET', `${zoneId}/SOA/@?api-version=2024-06-01`);
    expect(soa.body.properties).toMatchObject({
      fqdn: 'abc.privatelink.eastus.azmk8s.io.',
      ttl: 3600,
      soaRecord: { host: 'azureprivatedns.net', email: 'azureprivatedns-host.microsoft.com', serialNumber: 1 },
    });
    await rm.resources.beginDeleteByIdAndWait(`${zoneId}/A/aks-x`, '2024-06-01', poll);
    expect((await emu.http('GET', `${zoneId}/A/aks-x?api-version=2024-06-01`)).status).toBe(404);
  });

  it('refuses to link a virtual network to a second zone of the same name, in any resource group', async () => {
    const rm = await emu.clients().resources();
    await rm.resourceGroups.createOrUpdate('rg-dns-hub', { location: LOC });
    const zone = 'privatelink.vaultcore.azure.net';
    const hub = `/subscriptions/${SUB}/resourceGroups/rg-dns-hub/providers/Microsoft.Network/privateDnsZones/${zone}`;
    const ours = nid('privateDnsZones', zone);
    for (const id of [hub, ours]) await rm.resources.beginCreateOrUpdateByIdAndWait(id, '2024-06-01', { location: 'global' }, poll);
    const link = { location: 'global', properties: { virtualNetwork: { id: nid('virtualNetworks', VNET) }, registrationEnabled: false } };
    await rm.resources.beginCreateOrUpdateByIdAndWait(`${hub}/virtualNetworkLinks/hub-link`, '2024-06-01', link, poll);
    const refused = await emu.http('PUT', `${ours}/virtualNetworkLinks/our-link?api-version=2024-06-01`, link);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      code: 'BadRequest',
      message: `A virtual network cannot be linked to multiple zones with overlapping namespaces. You tried to link virtual network with '${zone}' and '${zone}' zones.`,
    });
    // Writing the existing link again is not a second link.
    expect((await emu.http('PUT', `${hub}/virtualNetworkLinks/hub-link?api-version=2024-06-01`, link)).status).toBe(200);
  });
});

describe('response shapes match Microsoft example payloads', () => {
  const example = (file: string) =>
    JSON.parse(readFileSync(new URL(`../fixtures/arm-examples/network/${file}.json`, import.meta.url), 'utf8')).responses['200'].body;
  const raw = async (path: string) => (await emu.http('GET', `${path}?api-version=2025-05-01`)).body;
  /** Every key of the example's body and of its `properties` that we model is present in ours. */
  function expectFields(ours: any, ex: any, notModelled: string[] = []) {
    const missing = [
      ...Object.keys(ex).filter((k) => k !== 'properties' && !(k in ours)),
      ...Object.keys(ex.properties ?? {}).filter((k) => !(k in (ours.properties ?? {}))),
    ].filter((k) => !notModelled.includes(k));
    expect(missing).toEqual([]);
  }
  it.each([
    ['VirtualNetworkGet', () => nid('virtualNetworks', VNET), ['defaultPublicNatGateway']],
    ['SubnetGet', () => subnetId('snet-nodes'), []],
    ['RouteTableGet', () => nid('routeTables', 'rt-aks'), []],
    ['NetworkSecurityGroupGet', () => nid('networkSecurityGroups', 'nsg-bastion'), []],
    ['AzureFirewallGet', () => nid('azureFirewalls', 'afw'), ['autoscaleConfiguration']],
    [
      'FirewallPolicyPut',
      () => nid('firewallPolicies', 'afwp'),
      ['insights', 'snat', 'sql', 'explicitProxy', 'intrusionDetection', 'transportSecurity'],
    ],
    ['FirewallPolicyRuleCollectionGroupGet', () => nid('firewallPolicies', 'afwp', 'ruleCollectionGroups', 'aks'), []],
    ['PublicIpAddressGet', () => nid('publicIPAddresses', 'pip-fw'), []],
    ['BastionHostGet', () => nid('bastionHosts', 'bas'), []],
    // A NIC shows networkSecurityGroup / virtualMachine / primary only when it has them.
    [
      'NetworkInterfaceGet',
      () => nid('networkInterfaces', 'nic-jump'),
      ['dscpConfiguration', 'networkSecurityGroup', 'virtualMachine', 'primary'],
    ],
  ] as const)('%s', async (file, path, notModelled) => {
    expectFields(await raw(path()), example(file), [...notModelled]);
  });
  it('PrivateEndpointGet (from the builder other providers use)', async () => {
    const store = await snapshot();
    const built = makePrivateEndpoint(
      { store, newGuid: () => crypto.randomUUID() },
      {
        subscriptionId: SUB,
        resourceGroup: 'MC_rg',
        name: 'kube-apiserver',
        location: LOC,
        subnetId: subnetId('snet-nodes'),
        privateLinkServiceId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks',
        groupId: 'management',
      },
    );
    expect(built.privateIPAddress).toBe('10.42.1.4');
    expect(built.nic.properties?.ipConfigurations[0].properties.subnet.id).toBe(subnetId('snet-nodes'));
    expectFields(built.privateEndpoint, example('PrivateEndpointGet'));
  });
});
