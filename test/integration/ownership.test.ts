import { describe, expect, it } from 'vitest';
import { resourceNames } from '../../src/config/names.js';
import { makeChalk } from '../../src/io/color.js';
import { RecordingIoHost } from '../../src/io/recording.js';
import { readState, runDestroyCli } from './destroy-fixture.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';
import { LRO, newStateFile, runInitCli, snapshot, writes } from './ownership-fixture.js';

/**
 * Ownership is decided by this deployment's tag and its journal, never by a name: a route table, NSG or
 * VNet the user made is changed only when adopted (and put back by destroy), a user's subnet is never
 * re-addressed, and what a user adds inside our resources is kept. init and destroy run in-process against
 * the emulator with real SDK clients; the user's resources are made first through the SDK.
 */
const emu = useTestEmulator({ speed: SPEED.instant });
const location = 'eastus';
const platform = { owner: 'platform-team' };

async function clients() {
  const c = emu.clients();
  return { net: await c.network(), rm: await c.resources() };
}

/** A landing zone the platform team built: route table and NSG on their own subnet, in their VNet. */
async function userNetwork(rg: string, name: string) {
  const { net, rm } = await clients();
  const names = resourceNames({ name });
  await rm.resourceGroups.createOrUpdate(rg, { location, tags: platform });
  const rt = await net.routeTables.beginCreateOrUpdateAndWait(
    rg,
    names.routeTable,
    {
      location,
      tags: platform,
      routes: [
        { name: 'to-onprem', addressPrefix: '10.200.0.0/16', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.99.1.4' },
        // Their own default route through their appliance, under the name our route uses: replaced, then put back.
        { name: 'default-via-firewall', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.99.1.5' },
      ],
    },
    LRO,
  );
  const nsg = await net.networkSecurityGroups.beginCreateOrUpdateAndWait(
    rg,
    names.nodeNsg,
    {
      location,
      tags: platform,
      securityRules: [
        {
          name: 'AllowCorpSsh',
          priority: 300,
          direction: 'Inbound',
          access: 'Allow',
          protocol: 'Tcp',
          sourceAddressPrefix: '10.200.0.0/16',
          sourcePortRange: '*',
          destinationAddressPrefix: '*',
          destinationPortRange: '22',
        },
        // A rule under one of our names, with other values: replaced, then put back.
        {
          name: 'AllowVnetInbound',
          priority: 120,
          direction: 'Inbound',
          access: 'Allow',
          protocol: 'Tcp',
          sourceAddressPrefix: 'VirtualNetwork',
          sourcePortRange: '*',
          destinationAddressPrefix: '*',
          destinationPortRange: '443',
        },
      ],
    },
    LRO,
  );
  await net.virtualNetworks.beginCreateOrUpdateAndWait(
    rg,
    names.vnet,
    {
      location,
      tags: platform,
      addressSpace: { addressPrefixes: ['10.99.0.0/16'] },
      subnets: [{ name: 'snet-user', addressPrefix: '10.99.1.0/24', routeTable: { id: rt.id }, networkSecurityGroup: { id: nsg.id } }],
    },
    LRO,
  );
  return { net, names, snap: () => snapshot(net, rg, { vnet: names.vnet, routeTable: names.routeTable, nsg: names.nodeNsg }) };
}

describe('a route table, NSG and VNet the user made, at the names secure-aks writes', () => {
  it('without --adopt: exit 2 before any write, naming each resource and both ways out', async () => {
    const { names } = await userNetwork('rg-own-refuse', 'aks-own');
    await emu.control.clearRequests();
    const run = await runInitCli(emu, newStateFile(), { resourceGroup: 'rg-own-refuse', name: 'aks-own' });
    expect(run.exit).toBe(2);
    expect(await writes(emu)).toEqual([]);
    const text = `${run.json.error.message} ${run.json.error.remediation}`;
    expect(run.json.error.code).toBe('PreflightFailed');
    for (const [label, type, resource] of [
      ['Virtual network', 'Microsoft.Network/virtualNetworks', names.vnet],
      ['Route table', 'Microsoft.Network/routeTables', names.routeTable],
      ['Network security group', 'Microsoft.Network/networkSecurityGroups', names.nodeNsg],
    ]) {
      expect(text).toContain(`${label} ${resource} (${type}) in resource group rg-own-refuse already exists`);
      expect(text).toContain(`--adopt ${resource}`);
    }
    expect(text).toMatch(/choose another --name/);
    expect(text).not.toMatch(/InternalError|\n\s+at /);
  });

  it('plan with --adopt lists the exact change to each adopted resource and writes nothing', async () => {
    const { names } = await userNetwork('rg-own-plan', 'aks-own');
    await emu.control.clearRequests();
    const plan = await runInitCli(
      emu,
      newStateFile(),
      { resourceGroup: 'rg-own-plan', name: 'aks-own', adopt: [names.routeTable, names.nodeNsg, names.vnet] },
      'plan',
    );
    expect(plan.exit, JSON.stringify(plan.json?.error)).toBe(0);
    expect(await writes(emu)).toEqual([]);
    const changes = Object.fromEntries(
      plan.json.preflight.adoptions.map((a: { prior: { name: string }; changes: string[] }) => [a.prior.name, a.changes]),
    );
    expect(changes).toEqual({
      [names.vnet]: ['add address prefix 10.42.0.0/16', 'add subnets AzureFirewallSubnet 10.42.0.0/26, snet-aks-nodes 10.42.1.0/24'],
      [names.routeTable]: [
        'update (where it differs) route default-via-firewall (0.0.0.0/0 to the firewall)',
        "add route firewall-public-ip-direct (the firewall's public IP to the Internet)",
        `associate with subnet snet-aks-nodes of ${names.vnet}`,
        'the routes also apply to the subnets already using it: snet-user',
      ],
      [names.nodeNsg]: [
        'add rules AllowNodeSubnetInbound (Inbound 100 Allow), AllowPodCidrInbound (Inbound 110 Allow), AllowAzureLoadBalancerInbound (Inbound 130 Allow), DenyInternetInbound (Inbound 4000 Deny), AllowPodCidrOutbound (Outbound 100 Allow)',
        'update (where they differ) rules AllowVnetInbound (Inbound 120 Allow)',
        `associate with subnet snet-aks-nodes of ${names.vnet}`,
      ],
    });
  });

  it('adopted: init deploys over them, destroy puts back exactly their routes, rules, address space, subnets, associations and tags', async () => {
    const { snap, names } = await userNetwork('rg-own-adopt', 'aks-own');
    const before = await snap();
    const stateFile = newStateFile();
    const init = await runInitCli(emu, stateFile, {
      resourceGroup: 'rg-own-adopt',
      name: 'aks-own',
      adopt: [names.routeTable, names.nodeNsg, names.vnet],
    });
    expect(init.exit, JSON.stringify(init.json?.error)).toBe(0);
    // The summary says what adoption changes, before the first write.
    expect(init.out.stderr).toMatch(
      new RegExp(
        `adopting Microsoft.Network/routeTables ${names.routeTable}[^\\n]*\\n\\s+- update \\(where it differs\\) route default-via-firewall`,
      ),
    );
    expect(init.out.stderr).toMatch(/add rules AllowNodeSubnetInbound \(Inbound 100 Allow\)/);
    expect(init.out.stderr).toMatch(/add address prefix 10\.42\.0\.0\/16/);

    const during = await snap();
    expect(during.routeTable.routes.map((r) => r.name)).toEqual(
      expect.arrayContaining(['to-onprem', 'default-via-firewall', 'firewall-public-ip-direct']),
    );
    expect(during.routeTable.routes.find((r) => r.name === 'default-via-firewall')?.nextHopIpAddress).toBe('10.42.0.4');
    expect(during.nsg.rules).toHaveLength(7);
    expect(during.nsg.rules.find((r) => r.name === 'AllowVnetInbound')?.ports).toBe('*');
    expect(during.vnet.addressPrefixes).toEqual(['10.99.0.0/16', '10.42.0.0/16']);
    // Adopted resources keep the user's tags: nothing claims them for destroy.
    expect(during.routeTable.tags).toEqual(platform);

    const state = await readState(stateFile);
    expect(state.adopted?.map((a) => [a.kind, a.name]).sort()).toEqual([
      ['networkSecurityGroup', names.nodeNsg],
      ['routeTable', names.routeTable],
      ['virtualNetwork', names.vnet],
    ]);
    expect(state.adopted?.find((a) => a.kind === 'routeTable')?.routes?.map((r) => r.name)).toEqual(['to-onprem', 'default-via-firewall']);

    // Asked first, the confirmation lists the adopted resources apart: they are put back, not deleted.
    const io = new RecordingIoHost({ 'destroy.confirm': false }, true);
    const declined = await runDestroyCli(stateFile, { yes: false, session: { io, chalk: makeChalk(false), errChalk: makeChalk(false) } });
    expect(declined.exit).toBe(130);
    const lines = io.ofCode('info').map((e) => e.message);
    const deleting = lines.filter((l) => l.startsWith('  - '));
    for (const n of [names.routeTable, names.nodeNsg, names.vnet]) {
      expect(
        deleting.some((l) => l.endsWith(` ${n}`)),
        n,
      ).toBe(false);
      expect(lines).toContain(
        `  ~ ${n.startsWith('rt-') ? 'Microsoft.Network/routeTables' : n.startsWith('nsg-') ? 'Microsoft.Network/networkSecurityGroups' : 'Microsoft.Network/virtualNetworks'} ${n}`,
      );
    }
    expect(lines).toContain('3 adopted resource(s) will be put back as they were before this deployment (not deleted):');
    expect(io.requests[0]!.message).toMatch(/^Delete these \d+ resource\(s\) and put back the 3 adopted one\(s\)\?$/);

    const destroy = await runDestroyCli(stateFile);
    expect(destroy.exit, JSON.stringify(destroy.json?.error)).toBe(0);
    expect(await snap()).toEqual(before);
    const restored = destroy.json.kept.filter((k: { reason: string }) => /was adopted \(--adopt /.test(k.reason));
    expect(restored.map((k: { id: string }) => k.id.split('/').pop()).sort()).toEqual([names.nodeNsg, names.routeTable, names.vnet].sort());
    expect(destroy.json.kept.find((k: { id: string }) => k.id.endsWith(names.routeTable)).reason).toBe(
      `existed before this deployment and was adopted (--adopt ${names.routeTable}): restored: route default-via-firewall as it was; removed route firewall-public-ip-direct`,
    );
  });
});

describe('changes the user makes to an adopted resource after adoption', () => {
  it('a subnet the user attaches to the adopted route table later stays attached after destroy', async () => {
    const { net, names } = await userNetwork('rg-own-later', 'aks-later');
    const stateFile = newStateFile();
    const init = await runInitCli(emu, stateFile, {
      resourceGroup: 'rg-own-later',
      name: 'aks-later',
      adopt: [names.routeTable, names.nodeNsg, names.vnet],
    });
    expect(init.exit, JSON.stringify(init.json?.error)).toBe(0);
    const rt = await net.routeTables.get('rg-own-later', names.routeTable);
    await net.subnets.beginCreateOrUpdateAndWait(
      'rg-own-later',
      names.vnet,
      'snet-later',
      { addressPrefix: '10.99.2.0/24', routeTable: { id: rt.id } },
      LRO,
    );

    const destroy = await runDestroyCli(stateFile);
    expect(destroy.exit, JSON.stringify(destroy.json?.error)).toBe(0);
    const later = await net.subnets.get('rg-own-later', names.vnet, 'snet-later');
    expect(later.routeTable?.id?.toLowerCase()).toBe(rt.id!.toLowerCase());
  });
});

describe('a user NSG shared by several subnets (in another resource group), already on the node subnet of an adopted VNet', () => {
  async function sharedNsg(rg: string, name: string) {
    const { net, rm } = await clients();
    const names = resourceNames({ name });
    await rm.resourceGroups.createOrUpdate(rg, { location });
    // The platform team keeps shared NSGs in a group of their own.
    await rm.resourceGroups.createOrUpdate(`${rg}-net`, { location });
    const nsg = await net.networkSecurityGroups.beginCreateOrUpdateAndWait(
      `${rg}-net`,
      'nsg-shared',
      {
        location,
        tags: platform,
        securityRules: [
          {
            name: 'AllowCorpHttps',
            priority: 310,
            direction: 'Inbound',
            access: 'Allow',
            protocol: 'Tcp',
            sourceAddressPrefix: '10.200.0.0/16',
            sourcePortRange: '*',
            destinationAddressPrefix: '*',
            destinationPortRange: '443',
          },
        ],
      },
      LRO,
    );
    await net.virtualNetworks.beginCreateOrUpdateAndWait(
      rg,
      names.vnet,
      {
        location,
        tags: platform,
        addressSpace: { addressPrefixes: ['10.42.0.0/16'] },
        subnets: [
          { name: names.nodeSubnet, addressPrefix: '10.42.1.0/24', networkSecurityGroup: { id: nsg.id } },
          { name: 'snet-other', addressPrefix: '10.42.9.0/24', networkSecurityGroup: { id: nsg.id } },
        ],
      },
      LRO,
    );
    const snap = async () => {
      const [n, v] = await Promise.all([net.networkSecurityGroups.get(`${rg}-net`, 'nsg-shared'), net.virtualNetworks.get(rg, names.vnet)]);
      return {
        rules: (n.securityRules ?? []).map((r) => r.name),
        nsgSubnets: (n.subnets ?? []).map((s) => s.id!.toLowerCase()).sort(),
        tags: [n.tags, v.tags],
        addressPrefixes: v.addressSpace?.addressPrefixes,
        subnets: (v.subnets ?? []).map((s) => ({
          name: s.name,
          prefix: s.addressPrefix,
          nsg: s.networkSecurityGroup?.id?.toLowerCase(),
          rt: s.routeTable?.id,
        })),
      };
    };
    return { names, snap };
  }

  it('is refused unless adopted too (exit 2, no write); adopted, it gets our rules and destroy takes them out again', async () => {
    const { names, snap } = await sharedNsg('rg-own-shared', 'aks-shr');
    const before = await snap();
    const stateFile = newStateFile();
    await emu.control.clearRequests();
    const refused = await runInitCli(emu, stateFile, { resourceGroup: 'rg-own-shared', name: 'aks-shr', adopt: [names.vnet] });
    expect(refused.exit).toBe(2);
    expect(await writes(emu)).toEqual([]);
    expect(refused.json.error.code).toBe('ResourceNotOwned');
    expect(refused.json.error.message).toMatch(
      /Network security group nsg-shared \(Microsoft.Network\/networkSecurityGroups\) in resource group rg-own-shared-net/,
    );
    expect(refused.json.error.remediation).toMatch(
      /detach network security group nsg-shared from subnet snet-aks-nodes.*--adopt nsg-shared/,
    );

    const init = await runInitCli(emu, stateFile, { resourceGroup: 'rg-own-shared', name: 'aks-shr', adopt: [names.vnet, 'nsg-shared'] });
    expect(init.exit, JSON.stringify(init.json?.error)).toBe(0);
    const during = await snap();
    expect(during.rules).toHaveLength(7);
    expect(during.subnets.find((s) => s.name === names.nodeSubnet)?.rt).toMatch(new RegExp(`${names.routeTable}$`));

    const destroy = await runDestroyCli(stateFile);
    expect(destroy.exit, JSON.stringify(destroy.json?.error)).toBe(0);
    // The six rules, our route table on the user's node subnet and our subnets are gone; the rest is as it was.
    expect(await snap()).toEqual(before);
  });
});

describe('an adopted NSG with a user rule at a priority ours needs', () => {
  it('is refused before any write, naming both rules and the priority', async () => {
    const { net, rm } = await clients();
    const names = resourceNames({ name: 'aks-prio' });
    await rm.resourceGroups.createOrUpdate('rg-own-prio', { location });
    await net.networkSecurityGroups.beginCreateOrUpdateAndWait(
      'rg-own-prio',
      names.nodeNsg,
      {
        location,
        securityRules: [
          {
            name: 'AllowCorp',
            priority: 100,
            direction: 'Inbound',
            access: 'Allow',
            protocol: '*',
            sourceAddressPrefix: '10.200.0.0/16',
            sourcePortRange: '*',
            destinationAddressPrefix: '*',
            destinationPortRange: '*',
          },
        ],
      },
      LRO,
    );
    await emu.control.clearRequests();
    const run = await runInitCli(emu, newStateFile(), { resourceGroup: 'rg-own-prio', name: 'aks-prio', adopt: [names.nodeNsg] });
    expect(run.exit).toBe(2);
    expect(await writes(emu)).toEqual([]);
    expect(run.json.error.code).toBe('NsgRulePriorityTaken');
    expect(run.json.error.message).toBe(
      `Rule AllowCorp in network security group ${names.nodeNsg} already uses inbound priority 100, which rule AllowNodeSubnetInbound needs.`,
    );
  });
});

describe('a subnet of the user at the name and another address', () => {
  it('is never re-addressed, adopted or not: exit 2 naming the CIDR flag, before any write', async () => {
    const { net, rm } = await clients();
    const names = resourceNames({ name: 'aks-addr' });
    await rm.resourceGroups.createOrUpdate('rg-own-addr', { location });
    await net.virtualNetworks.beginCreateOrUpdateAndWait(
      'rg-own-addr',
      names.vnet,
      {
        location,
        addressSpace: { addressPrefixes: ['10.42.0.0/16'] },
        subnets: [{ name: names.nodeSubnet, addressPrefix: '10.42.7.0/24' }],
      },
      LRO,
    );
    await emu.control.clearRequests();
    const run = await runInitCli(emu, newStateFile(), { resourceGroup: 'rg-own-addr', name: 'aks-addr', adopt: [names.vnet] });
    expect(run.exit).toBe(2);
    expect(await writes(emu)).toEqual([]);
    expect(run.json.error.code).toBe('SubnetAddressDiffers');
    expect(run.json.error.message).toMatch(
      /Subnet snet-aks-nodes of virtual network vnet-aks-addr in resource group rg-own-addr already exists with address prefix 10\.42\.7\.0\/24/,
    );
    expect(run.json.error.remediation).toMatch(/--node-subnet-cidr 10\.42\.7\.0\/24/);
    expect((await net.subnets.get('rg-own-addr', names.vnet, names.nodeSubnet)).addressPrefix).toBe('10.42.7.0/24');
  });
});

describe('what the user adds inside our own resources', () => {
  it('with --no-bastion, a user AzureBastionSubnet in our VNet is kept: the configuration does not write it', async () => {
    const stateFile = newStateFile();
    const init = await runInitCli(emu, stateFile, { resourceGroup: 'rg-own-bas', name: 'aks-bas' });
    expect(init.exit, JSON.stringify(init.json?.error)).toBe(0);
    const { net } = await clients();
    const names = resourceNames({ name: 'aks-bas' });
    await net.subnets.beginCreateOrUpdateAndWait('rg-own-bas', names.vnet, 'AzureBastionSubnet', { addressPrefix: '10.42.0.64/26' }, LRO);

    const destroy = await runDestroyCli(stateFile);
    expect(destroy.exit, JSON.stringify(destroy.json?.error)).toBe(0);
    expect((await net.subnets.get('rg-own-bas', names.vnet, 'AzureBastionSubnet')).addressPrefix).toBe('10.42.0.64/26');
    const kept = destroy.json.kept.map((k: { id: string; reason: string }) => `${k.id.split('/').pop()}: ${k.reason}`);
    expect(kept).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^AzureBastionSubnet: a subnet secure-aks did not create/),
        expect.stringMatching(new RegExp(`^${names.vnet}: still holds subnets`)),
      ]),
    );
  });

  it('with --no-jumphost, a user group named rcg-jumphost-egress in our firewall policy is kept, and the policy with it', async () => {
    const stateFile = newStateFile();
    const init = await runInitCli(emu, stateFile, { resourceGroup: 'rg-own-rcg', name: 'aks-rcg' });
    expect(init.exit, JSON.stringify(init.json?.error)).toBe(0);
    const { net } = await clients();
    const names = resourceNames({ name: 'aks-rcg' });
    await net.firewallPolicyRuleCollectionGroups.beginCreateOrUpdateAndWait(
      'rg-own-rcg',
      names.firewallPolicy,
      names.jumphostRuleCollectionGroup,
      { priority: 900, ruleCollections: [] },
      LRO,
    );

    const destroy = await runDestroyCli(stateFile);
    expect(destroy.exit, JSON.stringify(destroy.json?.error)).toBe(0);
    const group = await net.firewallPolicyRuleCollectionGroups.get('rg-own-rcg', names.firewallPolicy, names.jumphostRuleCollectionGroup);
    expect(group.priority).toBe(900);
    const kept = destroy.json.kept.map((k: { id: string; reason: string }) => `${k.id.split('/').pop()}: ${k.reason}`);
    expect(kept).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^rcg-jumphost-egress: a rule collection group secure-aks did not create/),
        expect.stringMatching(
          new RegExp(`^${names.firewallPolicy}: holds rule collection groups secure-aks did not create: rcg-jumphost-egress`),
        ),
      ]),
    );
    // Ours in the same policy is gone.
    await expect(
      net.firewallPolicyRuleCollectionGroups.get('rg-own-rcg', names.firewallPolicy, names.aksRuleCollectionGroup),
    ).rejects.toMatchObject({ statusCode: 404 });
  });

  it('a rule the user added to our NSG and a route added to our route table are kept, named in the report', async () => {
    const stateFile = newStateFile();
    const init = await runInitCli(emu, stateFile, { resourceGroup: 'rg-own-add', name: 'aks-add' });
    expect(init.exit, JSON.stringify(init.json?.error)).toBe(0);
    const { net } = await clients();
    const names = resourceNames({ name: 'aks-add' });
    await net.securityRules.beginCreateOrUpdateAndWait(
      'rg-own-add',
      names.nodeNsg,
      'AllowCorpSsh',
      {
        priority: 300,
        direction: 'Inbound',
        access: 'Allow',
        protocol: 'Tcp',
        sourceAddressPrefix: '10.200.0.0/16',
        sourcePortRange: '*',
        destinationAddressPrefix: '*',
        destinationPortRange: '22',
      },
      LRO,
    );
    await net.routes.beginCreateOrUpdateAndWait(
      'rg-own-add',
      names.routeTable,
      'to-onprem',
      { addressPrefix: '10.200.0.0/16', nextHopType: 'VnetLocal' },
      LRO,
    );

    const destroy = await runDestroyCli(stateFile);
    expect(destroy.exit, JSON.stringify(destroy.json?.error)).toBe(0);
    const reason = (n: string) => destroy.json.kept.find((k: { id: string }) => k.id.endsWith(`/${n}`))?.reason;
    expect(reason(names.nodeNsg)).toMatch(
      /holds rules secure-aks did not write \(AllowCorpSsh\), so it is kept with them; its own rules \(.*DenyInternetInbound.*\) were removed/,
    );
    expect(reason(names.routeTable)).toMatch(
      /holds routes secure-aks did not write \(to-onprem\), so it is kept with them; its own routes \(.*default-via-firewall.*\) were removed/,
    );
    expect((await net.networkSecurityGroups.get('rg-own-add', names.nodeNsg)).securityRules?.map((r) => r.name)).toEqual(['AllowCorpSsh']);
    expect((await net.routeTables.get('rg-own-add', names.routeTable)).routes?.map((r) => r.name)).toEqual(['to-onprem']);
  });
});

describe('resources that cannot be adopted, and adopt names that match nothing', () => {
  it('a user identity or public IP at our name is refused (adopt or not); an unused adopt name is a note', async () => {
    const { net, rm } = await clients();
    const names = resourceNames({ name: 'aks-whole' });
    await rm.resourceGroups.createOrUpdate('rg-own-whole', { location });
    await (await emu.clients().msi()).userAssignedIdentities.createOrUpdate('rg-own-whole', names.identity, { location });
    await net.publicIPAddresses.beginCreateOrUpdateAndWait(
      'rg-own-whole',
      names.firewallPublicIp,
      { location, sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static' },
      LRO,
    );
    await emu.control.clearRequests();
    const run = await runInitCli(emu, newStateFile(), {
      resourceGroup: 'rg-own-whole',
      name: 'aks-whole',
      adopt: [names.identity, 'rt-typo'],
    });
    expect(run.exit).toBe(2);
    expect(await writes(emu)).toEqual([]);
    const text = run.json.error.message;
    expect(text).toMatch(
      /Managed identity id-aks-whole \(Microsoft.ManagedIdentity\/userAssignedIdentities\) in resource group rg-own-whole already exists and was not created by this deployment/,
    );
    expect(text).toMatch(/Public IP pip-afw-aks-whole \(Microsoft.Network\/publicIPAddresses\)/);
    expect(text).toMatch(
      /--adopt id-aks-whole does not apply: only route tables, network security groups and virtual networks can be adopted/,
    );
    expect(run.out.stderr).toMatch(/adopt rt-typo: no existing route table, network security group or virtual network of that name/);
  });
});
