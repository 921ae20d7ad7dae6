/**
 * What Microsoft.Network refuses, sent through the real NetworkManagementClient: bad names, regions and
 * ranges, wrong special subnets, non-compliant Bastion NSGs, in-use deletes, and writes that collide with
 * operations still running.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkManagementClient } from '@azure/arm-network';
import { startTestEmulator, SUB, type TestEmulator } from '../helpers/emulator.js';
import { finished } from '../helpers/clock.js';
import { SPEED } from '../helpers/speeds.js';
import { baseNetwork } from './network-fixture.js';

const RG = 'rg-refuse';
const LOC = 'eastus';
const poll = { updateIntervalInMs: 10 };
const nid = (...segs: string[]) => `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/${segs.join('/')}`;
const subnetId = (vnet: string, name: string) => nid('virtualNetworks', vnet, 'subnets', name);
const refused = (status: number, code: string) => ({ statusCode: status, code });

async function setup(speed: number): Promise<{ emu: TestEmulator; net: NetworkManagementClient }> {
  const emu = await startTestEmulator({ speed });
  const net = await baseNetwork(emu, RG, LOC, [
    { name: 'AzureFirewallSubnet', addressPrefix: '10.0.0.0/26' },
    { name: 'AzureBastionSubnet', addressPrefix: '10.0.0.64/26' },
    { name: 'nodes', addressPrefix: '10.0.1.0/24' },
  ]);
  return { emu, net };
}

describe('refusals with Azure status codes', () => {
  let emu: TestEmulator;
  let net: NetworkManagementClient;
  beforeAll(async () => ({ emu, net } = await setup(2000)));
  afterAll(async () => emu?.close());

  it('refuses invalid names and unknown regions', async () => {
    const body = { location: LOC, addressSpace: { addressPrefixes: ['10.1.0.0/16'] } };
    await expect(net.virtualNetworks.beginCreateOrUpdateAndWait(RG, '-bad', body, poll)).rejects.toMatchObject(
      refused(400, 'InvalidResourceName'),
    );
    await expect(net.virtualNetworks.beginCreateOrUpdateAndWait(RG, 'ends.', body, poll)).rejects.toMatchObject(
      refused(400, 'InvalidResourceName'),
    );
    await expect(
      net.virtualNetworks.beginCreateOrUpdateAndWait(RG, 'v2', { ...body, location: 'moon-central' }, poll),
    ).rejects.toMatchObject(refused(400, 'LocationNotAvailableForResourceType'));
    await expect(net.routeTables.beginCreateOrUpdateAndWait('rg-nope', 'rt', { location: LOC }, poll)).rejects.toMatchObject(
      refused(404, 'ResourceGroupNotFound'),
    );
    await expect(net.virtualNetworks.get(RG, 'missing')).rejects.toMatchObject(refused(404, 'ResourceNotFound'));
  });

  it('refuses bad CIDRs, subnets outside the VNet and overlapping subnets', async () => {
    const err = await net.virtualNetworks
      .beginCreateOrUpdateAndWait(RG, 'v3', { location: LOC, addressSpace: { addressPrefixes: ['10.1.0.1/16'] } }, poll)
      .catch((e) => e);
    expect(err).toMatchObject(refused(400, 'InvalidCIDRNotation'));
    expect(err.message).toContain('should be 10.1.0.0/16');
    await expect(net.subnets.beginCreateOrUpdateAndWait(RG, 'vnet', 's', { addressPrefix: '10.0.2.0/33' }, poll)).rejects.toMatchObject(
      refused(400, 'InvalidCIDRNotation'),
    );
    await expect(net.subnets.beginCreateOrUpdateAndWait(RG, 'vnet', 's', { addressPrefix: '10.9.0.0/24' }, poll)).rejects.toMatchObject(
      refused(400, 'NetcfgSubnetRangeOutsideVnet'),
    );
    await expect(net.subnets.beginCreateOrUpdateAndWait(RG, 'vnet', 's', { addressPrefix: '10.0.1.128/25' }, poll)).rejects.toMatchObject(
      refused(400, 'NetcfgSubnetRangesOverlap'),
    );
    // Shrinking the address space under existing subnets is refused too.
    await expect(
      net.virtualNetworks.beginCreateOrUpdateAndWait(
        RG,
        'vnet',
        { location: LOC, addressSpace: { addressPrefixes: ['10.0.0.0/24'] } },
        poll,
      ),
    ).rejects.toMatchObject(refused(400, 'NetcfgSubnetRangeOutsideVnet'));
  });

  it('refuses special subnets smaller than /26', async () => {
    await net.virtualNetworks.beginCreateOrUpdateAndWait(
      RG,
      'small',
      { location: LOC, addressSpace: { addressPrefixes: ['10.5.0.0/16'] } },
      poll,
    );
    await expect(
      net.subnets.beginCreateOrUpdateAndWait(RG, 'small', 'AzureFirewallSubnet', { addressPrefix: '10.5.0.0/27' }, poll),
    ).rejects.toMatchObject(refused(400, 'AzureFirewallSubnetPrefixTooSmall'));
    await expect(
      net.subnets.beginCreateOrUpdateAndWait(RG, 'small', 'AzureBastionSubnet', { addressPrefix: '10.5.1.0/27' }, poll),
    ).rejects.toMatchObject(refused(400, 'AzureBastionSubnetPrefixTooSmall'));
  });

  it('refuses a VirtualAppliance route without next hop IP, and a firewall subnet default route elsewhere', async () => {
    const routes = [{ name: 'default', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance' }];
    await expect(net.routeTables.beginCreateOrUpdateAndWait(RG, 'rt-bad', { location: LOC, routes }, poll)).rejects.toMatchObject(
      refused(400, 'MissingNextHopIpAddress'),
    );
    const rt = await net.routeTables.beginCreateOrUpdateAndWait(
      RG,
      'rt-fw',
      { location: LOC, routes: [{ ...routes[0], nextHopIpAddress: '10.0.0.4' }] },
      poll,
    );
    await expect(
      net.subnets.beginCreateOrUpdateAndWait(
        RG,
        'vnet',
        'AzureFirewallSubnet',
        { addressPrefix: '10.0.0.0/26', routeTable: { id: rt.id } },
        poll,
      ),
    ).rejects.toMatchObject(refused(400, 'AzureFirewallSubnetDefaultRouteMustBeInternet'));
    await expect(
      net.routes.beginCreateOrUpdateAndWait(RG, 'rt-fw', 'r2', { addressPrefix: '10.8.0.0/16', nextHopType: 'Teleport' }, poll),
    ).rejects.toMatchObject(refused(400, 'InvalidNextHopType'));
  });

  it('refuses references to missing resources and a firewall outside AzureFirewallSubnet', async () => {
    const pip = nid('publicIPAddresses', 'pip');
    await expect(
      net.subnets.beginCreateOrUpdateAndWait(
        RG,
        'vnet',
        'nodes',
        { addressPrefix: '10.0.1.0/24', routeTable: { id: nid('routeTables', 'ghost') } },
        poll,
      ),
    ).rejects.toMatchObject(refused(400, 'InvalidResourceReference'));
    const fw = (subnet: string, pipId = pip) => ({
      location: LOC,
      ipConfigurations: [{ name: 'c', subnet: { id: subnetId('vnet', subnet) }, publicIPAddress: { id: pipId } }],
    });
    const misplaced = await net.azureFirewalls.beginCreateOrUpdateAndWait(RG, 'fw', fw('nodes'), poll).catch((e) => e);
    expect(misplaced).toMatchObject(refused(400, 'SubnetNameMustBeAzureFirewallSubnet'));
    expect(misplaced.message).toBe(
      `Subnet name ${subnetId('vnet', 'nodes')} is invalid for Azure Firewall. Azure Firewall can only be created in subnet with name 'AzureFirewallSubnet'.`,
    );
    await expect(
      net.azureFirewalls.beginCreateOrUpdateAndWait(RG, 'fw', fw('AzureFirewallSubnet', nid('publicIPAddresses', 'ghost')), poll),
    ).rejects.toMatchObject(refused(400, 'InvalidResourceReference'));
    await expect(
      net.azureFirewalls.beginCreateOrUpdateAndWait(RG, 'fw', { ...fw('AzureFirewallSubnet'), location: 'westeurope' }, poll),
    ).rejects.toMatchObject(refused(400, 'ResourceAndVirtualNetworkNotInSameRegion'));
  });

  it('refuses Standard public IPs that are not Static and a Bastion on a Basic public IP', async () => {
    await expect(
      net.publicIPAddresses.beginCreateOrUpdateAndWait(
        RG,
        'pip-dyn',
        { location: LOC, sku: { name: 'Standard' }, publicIPAllocationMethod: 'Dynamic' },
        poll,
      ),
    ).rejects.toMatchObject(refused(400, 'StandardSkuPublicIPAddressesMustBeStatic'));
    const basic = await net.publicIPAddresses.beginCreateOrUpdateAndWait(
      RG,
      'pip-basic',
      { location: LOC, sku: { name: 'Basic' }, publicIPAllocationMethod: 'Dynamic' },
      poll,
    );
    await expect(
      net.bastionHosts.beginCreateOrUpdateAndWait(
        RG,
        'bas',
        {
          location: LOC,
          ipConfigurations: [{ name: 'c', subnet: { id: subnetId('vnet', 'AzureBastionSubnet') }, publicIPAddress: { id: basic.id } }],
        },
        poll,
      ),
    ).rejects.toMatchObject(refused(400, 'BastionHostPublicIpAddressSkuMustBeStandard'));
  });

  it('refuses an NSG without the Bastion rules on AzureBastionSubnet, and removing one later', async () => {
    const empty = await net.networkSecurityGroups.beginCreateOrUpdateAndWait(RG, 'nsg-empty', { location: LOC }, poll);
    const err = await net.subnets
      .beginCreateOrUpdateAndWait(
        RG,
        'vnet',
        'AzureBastionSubnet',
        { addressPrefix: '10.0.0.64/26', networkSecurityGroup: { id: empty.id } },
        poll,
      )
      .catch((e) => e);
    expect(err).toMatchObject(refused(400, 'NetworkSecurityGroupNotCompliantForAzureBastionSubnet'));
    expect(err.message).toContain('nsg-empty does not have necessary rules for Azure Bastion Subnet AzureBastionSubnet');
    const rules = bastionRules();
    const good = await net.networkSecurityGroups.beginCreateOrUpdateAndWait(
      RG,
      'nsg-bas',
      { location: LOC, securityRules: rules as any },
      poll,
    );
    await net.subnets.beginCreateOrUpdateAndWait(
      RG,
      'vnet',
      'AzureBastionSubnet',
      { addressPrefix: '10.0.0.64/26', networkSecurityGroup: { id: good.id } },
      poll,
    );
    await expect(net.securityRules.beginDeleteAndWait(RG, 'nsg-bas', 'AllowGatewayManagerInbound', poll)).rejects.toMatchObject(
      refused(400, 'NetworkSecurityGroupNotCompliantForAzureBastionSubnet'),
    );
    const denyFirst = {
      name: 'DenyHttps',
      protocol: 'Tcp',
      sourceAddressPrefix: '*',
      destinationAddressPrefix: '*',
      sourcePortRange: '*',
      destinationPortRange: '443',
      access: 'Deny',
      priority: 100,
      direction: 'Inbound',
    };
    await expect(
      net.networkSecurityGroups.beginCreateOrUpdateAndWait(
        RG,
        'nsg-bas',
        { location: LOC, securityRules: [...rules, denyFirst] as any },
        poll,
      ),
    ).rejects.toMatchObject(refused(400, 'NetworkSecurityGroupNotCompliantForAzureBastionSubnet'));
    await expect(
      net.securityRules.beginCreateOrUpdateAndWait(RG, 'nsg-empty', 'low', { ...denyFirst, priority: 50 } as any, poll),
    ).rejects.toMatchObject(refused(400, 'SecurityRuleInvalidPriority'));
  });

  it('refuses deleting a NIC attached to a VM (NicInUse) and shows the VM on the NIC', async () => {
    const nic = await net.networkInterfaces.beginCreateOrUpdateAndWait(
      RG,
      'nic-vm',
      { location: LOC, ipConfigurations: [{ name: 'c', subnet: { id: subnetId('vnet', 'nodes') } }] },
      poll,
    );
    const compute = await emu.clients().compute();
    const vm = await compute.virtualMachines.beginCreateOrUpdateAndWait(
      RG,
      'vm',
      {
        location: LOC,
        hardwareProfile: { vmSize: 'Standard_B2s' },
        osProfile: {
          computerName: 'vm',
          adminUsername: 'azureuser',
          linuxConfiguration: {
            disablePasswordAuthentication: true,
            ssh: {
              publicKeys: [{ path: '/home/azureuser/.ssh/authorized_keys', keyData: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample' }],
            },
          },
        },
        storageProfile: { imageReference: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' } },
        networkProfile: { networkInterfaces: [{ id: nic.id }] },
      } as any,
      poll,
    );
    expect((await net.networkInterfaces.get(RG, 'nic-vm')).virtualMachine?.id).toBe(vm.id);
    await expect(net.networkInterfaces.beginDeleteAndWait(RG, 'nic-vm', poll)).rejects.toMatchObject(refused(400, 'NicInUse'));
  });

  it('refuses a network rule with FQDNs when the policy has no DNS proxy', async () => {
    await net.firewallPolicies.beginCreateOrUpdateAndWait(RG, 'pol-noproxy', { location: LOC }, poll);
    const group = {
      priority: 300,
      ruleCollections: [
        {
          ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
          name: 'net',
          priority: 300,
          action: { type: 'Allow' },
          rules: [
            {
              ruleType: 'NetworkRule',
              name: 'ntp',
              sourceAddresses: ['*'],
              destinationFqdns: ['ntp.ubuntu.com'],
              ipProtocols: ['UDP'],
              destinationPorts: ['123'],
            },
          ],
        } as any,
      ],
    };
    await expect(
      net.firewallPolicyRuleCollectionGroups.beginCreateOrUpdateAndWait(RG, 'pol-noproxy', 'g', group, poll),
    ).rejects.toMatchObject(refused(400, 'FirewallPolicyNetworkRuleWithFqdnRequiresDnsProxy'));
    await expect(
      net.firewallPolicyRuleCollectionGroups.beginCreateOrUpdateAndWait(RG, 'pol-noproxy', 'g', { priority: 5 }, poll),
    ).rejects.toMatchObject(refused(400, 'FirewallPolicyRuleCollectionGroupInvalidPriority'));
  });

  it('refuses deleting what is in use', async () => {
    const rt = await net.routeTables.beginCreateOrUpdateAndWait(RG, 'rt-used', { location: LOC }, poll);
    const nsg = await net.networkSecurityGroups.beginCreateOrUpdateAndWait(RG, 'nsg-used', { location: LOC }, poll);
    await net.subnets.beginCreateOrUpdateAndWait(
      RG,
      'vnet',
      'nodes',
      { addressPrefix: '10.0.1.0/24', routeTable: { id: rt.id }, networkSecurityGroup: { id: nsg.id } },
      poll,
    );
    await net.networkInterfaces.beginCreateOrUpdateAndWait(
      RG,
      'nic',
      { location: LOC, ipConfigurations: [{ name: 'c', subnet: { id: subnetId('vnet', 'nodes') } }] },
      poll,
    );
    await expect(net.routeTables.beginDeleteAndWait(RG, 'rt-used', poll)).rejects.toMatchObject(
      refused(400, 'InUseRouteTableCannotBeDeleted'),
    );
    await expect(net.networkSecurityGroups.beginDeleteAndWait(RG, 'nsg-used', poll)).rejects.toMatchObject(
      refused(400, 'InUseNetworkSecurityGroupCannotBeDeleted'),
    );
    await expect(net.subnets.beginDeleteAndWait(RG, 'vnet', 'nodes', poll)).rejects.toMatchObject(
      refused(400, 'InUseSubnetCannotBeDeleted'),
    );
    const vnetBody = { location: LOC, addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets: [] };
    await expect(net.virtualNetworks.beginCreateOrUpdateAndWait(RG, 'vnet', vnetBody, poll)).rejects.toMatchObject(
      refused(400, 'InUseSubnetCannotBeDeleted'),
    );
    await expect(net.virtualNetworks.beginDeleteAndWait(RG, 'vnet', poll)).rejects.toMatchObject(
      refused(400, 'InUseSubnetCannotBeDeleted'),
    );

    const fw = await net.azureFirewalls.beginCreateOrUpdateAndWait(
      RG,
      'fw',
      {
        location: LOC,
        ipConfigurations: [
          { name: 'c', subnet: { id: subnetId('vnet', 'AzureFirewallSubnet') }, publicIPAddress: { id: nid('publicIPAddresses', 'pip') } },
        ],
      },
      poll,
    );
    await expect(net.publicIPAddresses.beginDeleteAndWait(RG, 'pip', poll)).rejects.toMatchObject(refused(400, 'PublicIPAddressInUse'));

    // Once the users are gone, the deletes go through (location LRO) and a repeated delete is a no-op.
    await net.azureFirewalls.beginDeleteAndWait(RG, fw.name!, poll);
    await net.publicIPAddresses.beginDeleteAndWait(RG, 'pip', poll);
    await net.networkInterfaces.beginDeleteAndWait(RG, 'nic', poll);
    await net.subnets.beginCreateOrUpdateAndWait(RG, 'vnet', 'nodes', { addressPrefix: '10.0.1.0/24' }, poll);
    await net.routeTables.beginDeleteAndWait(RG, 'rt-used', poll);
    await net.networkSecurityGroups.beginDeleteAndWait(RG, 'nsg-used', poll);
    await net.routeTables.beginDeleteAndWait(RG, 'rt-used', poll);
    await expect(net.routeTables.get(RG, 'rt-used')).rejects.toMatchObject(refused(404, 'ResourceNotFound'));
    const deletes = (await emu.control.requests()).filter((r) => r.method === 'DELETE' && /routeTables\/rt-used$/i.test(r.path));
    expect(deletes.map((r) => r.status)).toEqual([400, 202, 204]);
  });
});

describe('writes colliding with operations still running', () => {
  let emu: TestEmulator;
  let net: NetworkManagementClient;
  // Slow enough that a firewall (360 Azure s) and a rule collection group (90 Azure s) are still running.
  beforeAll(async () => ({ emu, net } = await setup(20)));
  afterAll(async () => emu?.close());

  it('answers 409 AnotherOperationInProgress while a firewall is provisioning', async () => {
    const body = {
      location: LOC,
      ipConfigurations: [
        { name: 'c', subnet: { id: subnetId('vnet', 'AzureFirewallSubnet') }, publicIPAddress: { id: nid('publicIPAddresses', 'pip') } },
      ],
    };
    const poller = await net.azureFirewalls.beginCreateOrUpdate(RG, 'fw', body, poll);
    expect((await net.azureFirewalls.get(RG, 'fw')).provisioningState).toBe('Updating');
    await expect(net.azureFirewalls.beginCreateOrUpdateAndWait(RG, 'fw', body, poll)).rejects.toMatchObject(
      refused(409, 'AnotherOperationInProgress'),
    );
    expect(poller.isDone()).toBe(false);
  });

  // Strict (Azure/bicep#5132): the second subnet write is accepted and fails inside its operation. The
  // firewall of the test above still locks 'vnet', so this runs in a VNet of its own.
  it('accepts a subnet write while a sibling subnet is changing and fails its operation with AnotherOperationInProgress', async () => {
    await net.virtualNetworks.beginCreateOrUpdateAndWait(
      RG,
      'vnet2',
      { location: LOC, addressSpace: { addressPrefixes: ['10.2.0.0/16'] } },
      poll,
    );
    const path = (name: string) => `${subnetId('vnet2', name)}?api-version=2025-05-01`;
    const first = await emu.http('PUT', path('a'), { properties: { addressPrefix: '10.2.2.0/24' } });
    expect(first.status).toBe(201);
    const second = await emu.http('PUT', path('b'), { properties: { addressPrefix: '10.2.3.0/24' } });
    expect(second.status).toBe(201);
    const status = String(second.headers['azure-asyncoperation']).replace(emu.url, '');
    let answer = await emu.http('GET', status);
    while (answer.body.status === 'InProgress') answer = await emu.http('GET', status);
    expect(answer.body).toMatchObject({ status: 'Failed', error: { code: 'AnotherOperationInProgress' } });
    expect(answer.body.error.message).toContain('To retrieve status of the operation use uri:');
    expect((await net.subnets.get(RG, 'vnet2', 'b')).provisioningState).toBe('Failed');
  });

  it('makes a VNet PUT wait (429 + Retry-After) while one of its subnets is changing', async () => {
    const vnet2 = { location: LOC, addressSpace: { addressPrefixes: ['10.2.0.0/16'] } };
    const started = await emu.http('PUT', `${subnetId('vnet2', 'c')}?api-version=2025-05-01`, {
      properties: { addressPrefix: '10.2.4.0/24' },
    });
    expect(started.status).toBe(201);
    const second = await emu.http('PUT', `${nid('virtualNetworks', 'vnet2')}?api-version=2025-05-01`, {
      ...vnet2,
      properties: { addressSpace: vnet2.addressSpace },
    });
    expect(second.status).toBe(429);
    expect(second.body.error).toMatchObject({ code: 'RetryableError', details: [{ code: 'RetryableErrorDueToAnotherOperation' }] });
    expect(second.headers['retry-after']).toBe('1');
    // The SDK honours Retry-After and succeeds on its own.
    await emu.http('PUT', `${subnetId('vnet2', 'd')}?api-version=2025-05-01`, { properties: { addressPrefix: '10.2.5.0/24' } });
    const vnet = await net.virtualNetworks.beginCreateOrUpdateAndWait(RG, 'vnet2', vnet2, poll);
    expect(vnet.provisioningState).toBe('Succeeded');
  });
});

describe('a policy change updates the firewalls using it', () => {
  let emu: TestEmulator;
  let net: NetworkManagementClient;
  // Frozen: the policy and firewall are run to their end on the clock; the rule collection group write then
  // keeps both Updating for as long as the test looks.
  beforeAll(async () => ({ emu, net } = await setup(SPEED.frozen)));
  afterAll(async () => emu?.close());

  it('shows the firewall Updating during a rule collection group write and refuses concurrent writes', async () => {
    const policy = await finished(
      emu,
      net.firewallPolicies.beginCreateOrUpdate(RG, 'pol', { location: LOC, dnsSettings: { enableProxy: true } }),
    );
    const fwBody = {
      location: LOC,
      firewallPolicy: { id: policy.id },
      ipConfigurations: [
        { name: 'c', subnet: { id: subnetId('vnet', 'AzureFirewallSubnet') }, publicIPAddress: { id: nid('publicIPAddresses', 'pip') } },
      ],
    };
    await finished(emu, net.azureFirewalls.beginCreateOrUpdate(RG, 'fw', fwBody));
    const group = (priority: number) => ({
      priority,
      ruleCollections: [
        {
          ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
          name: 'web',
          priority: 200,
          action: { type: 'Allow' },
          rules: [
            {
              ruleType: 'ApplicationRule',
              name: 'mcr',
              sourceAddresses: ['10.0.1.0/24'],
              targetFqdns: ['mcr.microsoft.com'],
              protocols: [{ protocolType: 'Https', port: 443 }],
            },
          ],
        } as any,
      ],
    });
    const write = net.firewallPolicyRuleCollectionGroups.beginCreateOrUpdate(RG, 'pol', 'one', group(200));
    await write;
    expect((await net.azureFirewalls.get(RG, 'fw')).provisioningState).toBe('Updating');
    expect((await net.firewallPolicies.get(RG, 'pol')).provisioningState).toBe('Updating');
    // The product's client factory retries AnotherOperationInProgress, so the emulator's answer is read on the wire.
    const conflict = { status: 409, body: { error: { code: 'AnotherOperationInProgress' } } };
    expect(await emu.http('PUT', `${policy.id}/ruleCollectionGroups/two?api-version=2025-05-01`, { properties: group(300) })).toMatchObject(
      conflict,
    );
    expect(
      await emu.http('PUT', `${nid('azureFirewalls', 'fw')}?api-version=2025-05-01`, {
        location: LOC,
        properties: { firewallPolicy: { id: policy.id } },
      }),
    ).toMatchObject(conflict);
    await finished(emu, write);
    expect((await net.azureFirewalls.get(RG, 'fw')).provisioningState).toBe('Succeeded');
    await expect(net.firewallPolicies.beginDeleteAndWait(RG, 'pol', poll)).rejects.toMatchObject(
      refused(400, 'InUseFirewallPolicyCannotBeDeleted'),
    );
  });
});

function bastionRules() {
  const r = (name: string, direction: string, priority: number, src: string, dst: string, ports: string[], protocol = 'Tcp') => ({
    name,
    direction,
    priority,
    protocol,
    access: 'Allow',
    sourcePortRange: '*',
    sourceAddressPrefix: src,
    destinationAddressPrefix: dst,
    destinationPortRanges: ports,
  });
  return [
    r('AllowHttpsInbound', 'Inbound', 120, 'Internet', '*', ['443']),
    r('AllowGatewayManagerInbound', 'Inbound', 130, 'GatewayManager', '*', ['443']),
    r('AllowAzureLoadBalancerInbound', 'Inbound', 140, 'AzureLoadBalancer', '*', ['443']),
    r('AllowBastionHostCommunication', 'Inbound', 150, 'VirtualNetwork', 'VirtualNetwork', ['8080', '5701'], '*'),
    r('AllowSshRdpOutbound', 'Outbound', 100, '*', 'VirtualNetwork', ['22', '3389'], '*'),
    r('AllowAzureCloudOutbound', 'Outbound', 110, '*', 'AzureCloud', ['443']),
    r('AllowBastionCommunication', 'Outbound', 120, 'VirtualNetwork', 'VirtualNetwork', ['8080', '5701'], '*'),
    r('AllowHttpOutbound', 'Outbound', 130, '*', 'Internet', ['80'], '*'),
  ];
}
