/**
 * Where Azure's network provider bites while something is still changing, through the real
 * NetworkManagementClient and on the wire: a firewall being created or updated locks its VNet's subnets
 * and its policy's rule collection groups (409); a firewall or subnet referencing something still changing
 * gets 429 ReferencedResourceNotProvisioned. The product's client factory retries 409
 * AnotherOperationInProgress, so those answers are read with raw calls.
 */
import { describe, expect, it } from 'vitest';
import { SUB, type TestEmulator, useTestEmulator } from '../helpers/emulator.js';
import { finished } from '../helpers/clock.js';
import { SPEED } from '../helpers/speeds.js';
import { baseNetwork as baseNetworkOf } from './network-fixture.js';

const RG = 'rg-strict';
const LOC = 'eastus';
const API = '?api-version=2025-05-01';
const poll = { updateIntervalInMs: 10 };
const nid = (...segs: string[]) => `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/${segs.join('/')}`;
const subnetId = (name: string) => nid('virtualNetworks', 'vnet', 'subnets', name);
const conflict = {
  status: 409,
  body: {
    error: {
      code: 'AnotherOperationInProgress',
      message: expect.stringContaining('To retrieve status of the operation use uri: https://'),
    },
  },
};

const baseNetwork = (emu: TestEmulator) =>
  baseNetworkOf(emu, RG, LOC, [
    { name: 'AzureFirewallSubnet', addressPrefix: '10.0.0.0/26' },
    { name: 'nodes', addressPrefix: '10.0.1.0/24' },
  ]);

const firewallBody = (policyId?: string) => ({
  location: LOC,
  properties: {
    ...(policyId ? { firewallPolicy: { id: policyId } } : {}),
    ipConfigurations: [
      {
        name: 'c',
        properties: { subnet: { id: subnetId('AzureFirewallSubnet') }, publicIPAddress: { id: nid('publicIPAddresses', 'pip') } },
      },
    ],
  },
});

const group = (priority: number) => ({
  properties: {
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
      },
    ],
  },
});

describe('while an operation is still running (slow emulator)', () => {
  // Speed 5: a subnet write runs 0.6 s, a firewall 72 s (never awaited here); what a test only needs built is
  // run to its end on the emulator's clock.
  const emu = useTestEmulator({ speed: 5 });

  it('locks the VNet and its subnets while a firewall in it is being created', async () => {
    await baseNetwork(emu);
    expect((await emu.http('PUT', nid('azureFirewalls', 'fw') + API, firewallBody())).status).toBe(201);
    expect(await emu.http('PUT', subnetId('nodes') + API, { properties: { addressPrefix: '10.0.1.0/24' } })).toMatchObject(conflict);
    expect(await emu.http('PUT', subnetId('spare') + API, { properties: { addressPrefix: '10.0.2.0/24' } })).toMatchObject(conflict);
    expect(await emu.http('DELETE', subnetId('nodes') + API)).toMatchObject(conflict);
    expect(
      await emu.http('PUT', nid('virtualNetworks', 'vnet') + API, {
        location: LOC,
        properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] } },
      }),
    ).toMatchObject(conflict);

    // Relaxing exactly this rule lets the subnet write through.
    await emu.control.setStrictness({ 'firewall-locks': false });
    expect((await emu.http('PUT', subnetId('spare') + API, { properties: { addressPrefix: '10.0.2.0/24' } })).status).toBe(201);
  });

  it('refuses a rule collection group write while a firewall using the policy is being created', async () => {
    const net = await baseNetwork(emu);
    const policy = await finished(emu, net.firewallPolicies.beginCreateOrUpdate(RG, 'pol', { location: LOC }));
    expect((await emu.http('PUT', nid('azureFirewalls', 'fw') + API, firewallBody(policy.id))).status).toBe(201);
    expect(await emu.http('PUT', `${policy.id}/ruleCollectionGroups/one${API}`, group(200))).toMatchObject(conflict);
  });

  it('answers a firewall PUT while its subnet is changing with 429 ReferencedResourceNotProvisioned', async () => {
    await baseNetwork(emu);
    expect((await emu.http('PUT', subnetId('AzureFirewallSubnet') + API, { properties: { addressPrefix: '10.0.0.0/26' } })).status).toBe(
      200,
    );
    const answer = await emu.http('PUT', nid('azureFirewalls', 'fw') + API, firewallBody());
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe('1');
    expect(answer.body.error.code).toBe('RetryableError');
    expect(answer.body.error.details[0].code).toBe('ReferencedResourceNotProvisioned');
    expect(answer.body.error.details[0].message).toBe(
      `Cannot proceed with operation because resource ${subnetId('AzureFirewallSubnet')} used by resource ${nid('azureFirewalls', 'fw')} is not in Succeeded state. ` +
        'Resource is in Updating state and the last operation that updated/is updating the resource is PutSubnetOperation.',
    );
  });

  it('answers a subnet PUT referencing a route table whose route is changing with 429 ReferencedResourceNotProvisioned', async () => {
    const net = await baseNetwork(emu);
    const table = await finished(emu, net.routeTables.beginCreateOrUpdate(RG, 'rt', { location: LOC }));
    const route = await emu.http('PUT', `${table.id}/routes/default${API}`, {
      properties: { addressPrefix: '0.0.0.0/0', nextHopType: 'Internet' },
    });
    expect(route.status).toBe(201);
    const answer = await emu.http('PUT', subnetId('nodes') + API, {
      properties: { addressPrefix: '10.0.1.0/24', routeTable: { id: table.id } },
    });
    expect(answer.status).toBe(429);
    expect(answer.body.error.details[0]).toMatchObject({
      code: 'ReferencedResourceNotProvisioned',
      message: expect.stringContaining('PutRouteOperation'),
    });

    // The SDK retries after Retry-After and gets through once the route is written.
    const subnet = await net.subnets.beginCreateOrUpdateAndWait(
      RG,
      'vnet',
      'nodes',
      { addressPrefix: '10.0.1.0/24', routeTable: { id: table.id } },
      poll,
    );
    expect(subnet.provisioningState).toBe('Succeeded');
  });

  it('answers a NIC PUT in a subnet that is changing with 429 ReferencedResourceNotProvisioned (PutSubnetOperation)', async () => {
    await baseNetwork(emu);
    expect((await emu.http('PUT', subnetId('nodes') + API, { properties: { addressPrefix: '10.0.1.0/24' } })).status).toBe(200);
    const nic = await emu.http('PUT', nid('networkInterfaces', 'nic') + API, {
      location: LOC,
      properties: { ipConfigurations: [{ name: 'c', properties: { subnet: { id: subnetId('nodes') } } }] },
    });
    expect(nic.status).toBe(429);
    expect(nic.body.error.details[0]).toMatchObject({
      code: 'ReferencedResourceNotProvisioned',
      message: expect.stringContaining(`resource ${subnetId('nodes')} used by resource ${nid('networkInterfaces', 'nic')}`),
    });
    expect(nic.body.error.details[0].message).toContain('PutSubnetOperation');
  });

  it('lets a sibling subnet write succeed when dependent-operations is relaxed', async () => {
    const net = await baseNetwork(emu);
    await emu.control.setStrictness({ 'dependent-operations': false });
    expect((await emu.http('PUT', subnetId('a') + API, { properties: { addressPrefix: '10.0.2.0/24' } })).status).toBe(201);
    const b = await finished(emu, net.subnets.beginCreateOrUpdate(RG, 'vnet', 'b', { addressPrefix: '10.0.3.0/24' }));
    expect(b.provisioningState).toBe('Succeeded');
  });
});

describe('while a firewall is Updating because its policy changes', () => {
  // Frozen: the firewall is run to its end on the clock, and the rule collection group write then keeps it
  // Updating for as long as the test looks.
  const emu = useTestEmulator({ speed: SPEED.frozen, resetBeforeEach: false });

  it('locks the subnets of its VNet', async () => {
    const net = await baseNetwork(emu);
    const policy = await finished(emu, net.firewallPolicies.beginCreateOrUpdate(RG, 'pol', { location: LOC }));
    const ipConfigurations = [
      { name: 'c', subnet: { id: subnetId('AzureFirewallSubnet') }, publicIPAddress: { id: nid('publicIPAddresses', 'pip') } },
    ];
    await finished(
      emu,
      net.azureFirewalls.beginCreateOrUpdate(RG, 'fw', { location: LOC, firewallPolicy: { id: policy.id }, ipConfigurations }),
    );
    expect((await emu.http('PUT', `${policy.id}/ruleCollectionGroups/one${API}`, group(200))).status).toBe(201);
    expect((await net.azureFirewalls.get(RG, 'fw')).provisioningState).toBe('Updating');
    expect(await emu.http('PUT', subnetId('nodes') + API, { properties: { addressPrefix: '10.0.1.0/24' } })).toMatchObject(conflict);
  });
});
