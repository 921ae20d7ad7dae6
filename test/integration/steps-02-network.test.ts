import { describe, expect, it } from 'vitest';
import { useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';
import { createStepHarness } from '../helpers/step-context.js';
import { step as identity } from '../../src/steps/01-identity.js';
import { step as network } from '../../src/steps/02-network.js';

const emu = useTestEmulator({ speed: SPEED.fast });

const RG = 'rg-steps-test';

describe('step 2 network', () => {
  it('creates the VNet with every subnet, then is idempotent with zero writes', async () => {
    const h = createStepHarness(emu);
    await h.apply(identity);
    const planned = await h.check(network);
    expect(planned.map((c) => `${c.action} ${c.name}`)).toEqual([
      'create vnet-aks-test',
      'create AzureFirewallSubnet',
      'create snet-aks-nodes',
      'create AzureBastionSubnet',
      'create snet-jumphost',
    ]);
    const { outputs } = await h.apply(network);
    expect(outputs.vnetId).toMatch(/virtualNetworks\/vnet-aks-test$/);
    for (const key of ['firewallSubnetId', 'nodeSubnetId', 'bastionSubnetId', 'jumphostSubnetId'])
      expect(outputs[key]).toMatch(/\/subnets\//);

    const net = await emu.clients().network();
    const vnet = await net.virtualNetworks.get(RG, 'vnet-aks-test');
    expect(vnet.tags?.['managed-by']).toBe('secure-aks');
    expect(Object.fromEntries((vnet.subnets ?? []).map((s) => [s.name, s.addressPrefix]))).toEqual({
      AzureFirewallSubnet: '10.42.0.0/26',
      'snet-aks-nodes': '10.42.1.0/24',
      AzureBastionSubnet: '10.42.0.64/26',
      'snet-jumphost': '10.42.0.128/28',
    });

    h.resetCounters();
    expect((await h.check(network)).every((c) => c.action === 'none')).toBe(true);
    expect((await h.apply(network)).outputs).toEqual(outputs);
    expect(h.writeCount()).toBe(0);
    await network.verify!(h.context(network));
  });

  it('merges into an existing VNet: keeps its ranges, subnets and their attachments', async () => {
    const h = createStepHarness(emu);
    await h.apply(identity);
    const net = await emu.clients().network();
    const nsg = await net.networkSecurityGroups.beginCreateOrUpdateAndWait(
      RG,
      'nsg-user',
      { location: 'eastus' },
      { updateIntervalInMs: 20 },
    );
    await net.virtualNetworks.beginCreateOrUpdateAndWait(
      RG,
      'vnet-aks-test',
      {
        location: 'eastus',
        tags: { owner: 'me' },
        addressSpace: { addressPrefixes: ['10.50.0.0/16'] },
        subnets: [{ name: 'snet-user', addressPrefix: '10.50.1.0/24', networkSecurityGroup: { id: nsg.id } }],
      },
      { updateIntervalInMs: 20 },
    );

    const planned = await h.check(network);
    expect(planned[0]).toMatchObject({ action: 'update', name: 'vnet-aks-test', diff: [{ property: 'addressSpace.addressPrefixes' }] });
    await h.apply(network);

    const vnet = await net.virtualNetworks.get(RG, 'vnet-aks-test');
    expect(vnet.addressSpace?.addressPrefixes).toEqual(['10.50.0.0/16', '10.42.0.0/16']);
    expect(vnet.tags).toEqual({ owner: 'me' });
    const user = vnet.subnets?.find((s) => s.name === 'snet-user');
    expect(user?.networkSecurityGroup?.id?.toLowerCase()).toBe(nsg.id?.toLowerCase());
    expect(vnet.subnets?.map((s) => s.name).sort()).toEqual([
      'AzureBastionSubnet',
      'AzureFirewallSubnet',
      'snet-aks-nodes',
      'snet-jumphost',
      'snet-user',
    ]);
    expect((await h.check(network)).every((c) => c.action === 'none')).toBe(true);
  });

  it('creates only the enabled subnets', async () => {
    const h = createStepHarness(emu, { config: { bastion: false, jumphost: false } });
    await h.apply(identity);
    const { outputs } = await h.apply(network);
    expect(outputs.bastionSubnetId).toBeUndefined();
    expect(outputs.jumphostSubnetId).toBeUndefined();
    const vnet = await (await emu.clients().network()).virtualNetworks.get(RG, 'vnet-aks-test');
    expect(vnet.subnets?.map((s) => s.name).sort()).toEqual(['AzureFirewallSubnet', 'snet-aks-nodes']);
  });

  it('plans creates without writing when nothing exists yet', async () => {
    const h = createStepHarness(emu);
    const planned = await h.check(network);
    expect(planned.every((c) => c.action === 'create')).toBe(true);
    expect(h.writeCount()).toBe(0);
  });
});
