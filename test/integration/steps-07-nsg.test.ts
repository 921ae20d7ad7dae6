import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { step as identity } from '../../src/steps/01-identity.js';
import { step as network } from '../../src/steps/02-network.js';
import { step as egressRoute } from '../../src/steps/03-egress-route.js';
import { step as firewallRules } from '../../src/steps/04-firewall-rules.js';
import { step as nsg } from '../../src/steps/07-nsg.js';
import { bastionNsgRules } from '../../src/steps/desired/nsg-rules.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { createStepHarness, type StepHarness } from '../helpers/step-context.js';
import { SPEED } from '../helpers/speeds.js';

const pending = (changes: { action: string }[]) => changes.filter((c) => c.action !== 'none');

describe('step 7 nsg (emulator, real SDK)', () => {
  let emu: TestEmulator;
  let h: StepHarness;

  beforeAll(async () => {
    emu = await startTestEmulator({ speed: SPEED.instant });
    h = createStepHarness(emu, { config: { resourceGroup: 'rg-nsg', name: 'aks-nsg' } });
    await h.applyAll([identity, network, firewallRules, egressRoute]);
  });
  afterAll(async () => {
    await emu?.close();
  });

  const subnet = async (name: string) => (await h.azure.network()).subnets.get(h.config.resourceGroup, h.names.vnet, name);
  const nsgOf = async (name: string) => (await h.azure.network()).networkSecurityGroups.get(h.config.resourceGroup, name);

  it('in plan on an empty subscription, lists creations without failing or writing', async () => {
    const empty = createStepHarness(emu, { config: { resourceGroup: 'rg-nsg-empty', name: 'aks-empty' } });
    const changes = await empty.check(nsg);
    expect(changes.filter((c) => c.resourceType === 'Microsoft.Network/networkSecurityGroups').every((c) => c.action === 'create')).toBe(
      true,
    );
    expect(changes.filter((c) => c.resourceType.endsWith('/securityRules'))).toHaveLength(16);
    expect(empty.writeCount()).toBe(0);
  });

  it('plans three NSGs with their rules and the subnet associations', async () => {
    const changes = await h.check(nsg);
    expect(changes.filter((c) => c.resourceType === 'Microsoft.Network/networkSecurityGroups').map((c) => [c.name, c.action])).toEqual([
      [h.names.nodeNsg, 'create'],
      [h.names.jumphostNsg, 'create'],
      [h.names.bastionNsg, 'create'],
    ]);
    expect(changes.filter((c) => c.resourceType.endsWith('/subnets')).every((c) => c.action === 'update')).toBe(true);
  });

  it('attaches each NSG by a subnet PUT that keeps the route table', async () => {
    const before = await subnet(h.names.nodeSubnet);
    expect(before.routeTable?.id).toBeTruthy();
    const { outputs } = await h.apply(nsg);
    const node = await subnet(h.names.nodeSubnet);
    expect(node.networkSecurityGroup?.id?.toLowerCase()).toBe(String(outputs.nodeNsgId).toLowerCase());
    expect(node.routeTable?.id?.toLowerCase()).toBe(before.routeTable!.id!.toLowerCase());
    expect(node.addressPrefix).toBe(before.addressPrefix);
    const jump = await subnet(h.names.jumphostSubnet);
    expect(jump.networkSecurityGroup?.id?.toLowerCase()).toBe(String(outputs.jumphostNsgId).toLowerCase());
    const bastion = await subnet('AzureBastionSubnet');
    expect(bastion.networkSecurityGroup?.id?.toLowerCase()).toBe(String(outputs.bastionNsgId).toLowerCase());
    await nsg.verify!(h.context(nsg));
  });

  it('tags the NSGs it creates and gives the Bastion subnet exactly Azure’s required rules', async () => {
    const b = await nsgOf(h.names.bastionNsg);
    expect(b.tags).toMatchObject({ 'managed-by': 'secure-aks', 'secure-aks-deployment': h.deploymentId });
    expect((b.securityRules ?? []).map((r) => r.name).sort()).toEqual(
      bastionNsgRules()
        .map((r) => r.name)
        .sort(),
    );
  });

  it('never denies outbound traffic on the node subnet and allows SSH to the jumphost only from Bastion', async () => {
    const node = await nsgOf(h.names.nodeNsg);
    expect((node.securityRules ?? []).filter((r) => r.direction === 'Outbound' && r.access === 'Deny')).toEqual([]);
    const jump = await nsgOf(h.names.jumphostNsg);
    const ssh = jump.securityRules?.find((r) => r.destinationPortRange === '22');
    expect(ssh).toMatchObject({ access: 'Allow', sourceAddressPrefix: h.config.bastionSubnetCidr });
  });

  it('re-applies with zero writes', async () => {
    h.resetCounters();
    const changes = await h.check(nsg);
    expect(pending(changes)).toEqual([]);
    await nsg.apply(h.context(nsg), changes);
    expect(h.writeCount()).toBe(0);
  });

  it('merges: keeps a user rule, repairs only the rule of ours that drifted', async () => {
    const client = await h.azure.network();
    const rg = h.config.resourceGroup;
    await client.securityRules.beginCreateOrUpdateAndWait(rg, h.names.nodeNsg, 'user-allow-monitoring', {
      priority: 300,
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      sourceAddressPrefix: '10.99.0.0/24',
      sourcePortRange: '*',
      destinationAddressPrefix: '*',
      destinationPortRange: '9100',
    });
    await client.securityRules.beginCreateOrUpdateAndWait(rg, h.names.nodeNsg, 'DenyInternetInbound', {
      priority: 4001,
      direction: 'Inbound',
      access: 'Deny',
      protocol: '*',
      sourceAddressPrefix: 'Internet',
      sourcePortRange: '*',
      destinationAddressPrefix: '*',
      destinationPortRange: '*',
    });
    const changes = pending(await h.check(nsg));
    expect(changes).toEqual([
      expect.objectContaining({
        action: 'update',
        name: `${h.names.nodeNsg}/DenyInternetInbound`,
        diff: [{ property: 'priority', current: 4001, desired: 4000 }],
      }),
    ]);
    h.resetCounters();
    await nsg.apply(h.context(nsg), await h.check(nsg));
    expect(h.writes().map((w) => `${w.method} ${w.path.split('/').slice(-1)[0]}`)).toEqual(['PUT DenyInternetInbound']);
    const rules = (await nsgOf(h.names.nodeNsg)).securityRules ?? [];
    expect(rules.find((r) => r.name === 'user-allow-monitoring')).toBeTruthy();
    expect(rules.find((r) => r.name === 'DenyInternetInbound')?.priority).toBe(4000);
  });

  it('names a foreign rule that holds a priority one of ours needs', async () => {
    const client = await h.azure.network();
    await client.securityRules.beginCreateOrUpdateAndWait(h.config.resourceGroup, h.names.jumphostNsg, 'DenyAllOtherInbound', {
      priority: 4001,
      direction: 'Inbound',
      access: 'Deny',
      protocol: '*',
      sourceAddressPrefix: '*',
      sourcePortRange: '*',
      destinationAddressPrefix: '*',
      destinationPortRange: '*',
    });
    await client.securityRules.beginCreateOrUpdateAndWait(h.config.resourceGroup, h.names.jumphostNsg, 'user-deny', {
      priority: 4000,
      direction: 'Inbound',
      access: 'Deny',
      protocol: '*',
      sourceAddressPrefix: '*',
      sourcePortRange: '*',
      destinationAddressPrefix: '*',
      destinationPortRange: '*',
    });
    await expect(h.check(nsg)).rejects.toMatchObject({ code: 'NsgRulePriorityTaken', message: expect.stringContaining('user-deny') });
    await client.securityRules.beginDeleteAndWait(h.config.resourceGroup, h.names.jumphostNsg, 'user-deny');
    await h.apply(nsg);
    expect(pending(await h.check(nsg))).toEqual([]);
  });

  it('verify refuses a user rule that denies outbound Internet on the node subnet (it would block firewall egress)', async () => {
    const client = await h.azure.network();
    await client.securityRules.beginCreateOrUpdateAndWait(h.config.resourceGroup, h.names.nodeNsg, 'user-deny-internet-out', {
      priority: 200,
      direction: 'Outbound',
      access: 'Deny',
      protocol: '*',
      sourceAddressPrefix: '*',
      sourcePortRange: '*',
      destinationAddressPrefix: 'Internet',
      destinationPortRange: '*',
    });
    await expect(nsg.verify!(h.context(nsg))).rejects.toMatchObject({ code: 'NodeNsgBlocksEgress' });
    await client.securityRules.beginDeleteAndWait(h.config.resourceGroup, h.names.nodeNsg, 'user-deny-internet-out');
  });

  it('verify refuses a user rule that opens SSH to the jumphost from anywhere', async () => {
    const client = await h.azure.network();
    await client.securityRules.beginCreateOrUpdateAndWait(h.config.resourceGroup, h.names.jumphostNsg, 'user-ssh-anywhere', {
      priority: 200,
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      sourceAddressPrefix: 'Internet',
      sourcePortRange: '*',
      destinationAddressPrefix: '*',
      destinationPortRange: '20-25',
    });
    await expect(nsg.verify!(h.context(nsg))).rejects.toMatchObject({
      code: 'JumphostSshExposed',
      message: expect.stringContaining('user-ssh-anywhere'),
    });
    await client.securityRules.beginDeleteAndWait(h.config.resourceGroup, h.names.jumphostNsg, 'user-ssh-anywhere');
    await nsg.verify!(h.context(nsg));
  });
});

describe('step 7 nsg with an NSG the user already attached, and without Bastion', () => {
  let emu: TestEmulator;
  let h: StepHarness;

  beforeAll(async () => {
    emu = await startTestEmulator({ speed: SPEED.instant });
    h = createStepHarness(emu, { config: { resourceGroup: 'rg-nsg2', name: 'aks-nsg2', bastion: false } });
    await h.applyAll([identity, network, firewallRules, egressRoute]);
  });
  afterAll(async () => {
    await emu?.close();
  });

  it('adds its rules to the attached NSG instead of swapping it, and skips the Bastion NSG', async () => {
    const client = await h.azure.network();
    const rg = h.config.resourceGroup;
    const own = await client.networkSecurityGroups.beginCreateOrUpdateAndWait(rg, 'nsg-user-jump', {
      location: h.config.location,
      tags: { owner: 'platform-team' },
      securityRules: [
        {
          name: 'user-rule',
          priority: 500,
          direction: 'Inbound',
          access: 'Allow',
          protocol: 'Tcp',
          sourceAddressPrefix: '10.1.0.0/16',
          sourcePortRange: '*',
          destinationAddressPrefix: '*',
          destinationPortRange: '443',
        },
      ],
    });
    const jump = await client.subnets.get(rg, h.names.vnet, h.names.jumphostSubnet);
    await client.subnets.beginCreateOrUpdateAndWait(rg, h.names.vnet, h.names.jumphostSubnet, {
      ...jump,
      networkSecurityGroup: { id: own.id },
    });

    const { outputs } = await h.apply(nsg);
    expect(String(outputs.jumphostNsgId).toLowerCase()).toBe(own.id!.toLowerCase());
    expect(outputs.bastionNsgId).toBeUndefined();
    const merged = await client.networkSecurityGroups.get(rg, 'nsg-user-jump');
    expect((merged.securityRules ?? []).map((r) => r.name).sort()).toEqual(['AllowSshFromBastion', 'DenyAllOtherInbound', 'user-rule']);
    expect(merged.tags).toEqual({ owner: 'platform-team' });
    const all = await emu.control.resources();
    expect(all.some((r) => r.name === h.names.bastionNsg || r.name === h.names.jumphostNsg)).toBe(false);
  });
});
