/**
 * Refusals answered with Azure's own codes and wording (not codes the emulator made up), and a firewall
 * created before it is attached to a subnet, as Azure allows.
 */
import { describe, expect, it } from 'vitest';
import { SUB, useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';

const emu = useTestEmulator({ speed: SPEED.instant });
const RG = 'rg-codes';
const LOC = 'eastus';
const poll = { updateIntervalInMs: 5 };
const nid = (...segs: string[]) => `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/${segs.join('/')}`;

async function network() {
  await (await emu.clients().resources()).resourceGroups.createOrUpdate(RG, { location: LOC });
  const net = await emu.clients().network();
  await net.virtualNetworks.beginCreateOrUpdateAndWait(
    RG,
    'vnet',
    { location: LOC, addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets: [{ name: 'nodes', addressPrefix: '10.0.1.0/24' }] },
    poll,
  );
  const pip = await net.publicIPAddresses.beginCreateOrUpdateAndWait(
    RG,
    'pip',
    { location: LOC, sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static' },
    poll,
  );
  return { net, pipId: pip.id! };
}

describe("Azure's codes for network refusals", () => {
  it('a Bastion host outside AzureBastionSubnet: 400 SubnetNameMustBeAzureBastionSubnet', async () => {
    const { net, pipId } = await network();
    const subnet = nid('virtualNetworks', 'vnet', 'subnets', 'nodes');
    const err = await net.bastionHosts
      .beginCreateOrUpdateAndWait(
        RG,
        'bas',
        { location: LOC, ipConfigurations: [{ name: 'c', subnet: { id: subnet }, publicIPAddress: { id: pipId } }] },
        poll,
      )
      .catch((e) => e);
    expect(err).toMatchObject({ statusCode: 400, code: 'SubnetNameMustBeAzureBastionSubnet' });
    expect(err.message).toBe(
      `Subnet name ${subnet} is invalid for Azure Bastion. Azure Bastion can only be created in subnet with name 'AzureBastionSubnet'.`,
    );
  });

  it('a PUT that moves an existing resource to another region: 409 InvalidResourceLocation', async () => {
    const { net } = await network();
    const err = await net.routeTables
      .beginCreateOrUpdateAndWait(RG, 'rt', { location: 'westeurope' }, poll)
      .then(() => net.routeTables.beginCreateOrUpdateAndWait(RG, 'rt', { location: LOC }, poll))
      .catch((e) => e);
    expect(err).toMatchObject({ statusCode: 409, code: 'InvalidResourceLocation' });
    expect(err.message).toMatch(
      /^The resource 'rt' already exists in location 'westeurope' in resource group 'rg-codes'\. A resource with the same name cannot be created in location 'eastus'\./,
    );
  });
});

describe('a missing network child', () => {
  it('is 404 NotFound naming the resource, with empty details', async () => {
    await network();
    const id = nid('virtualNetworks', 'vnet', 'subnets', 'ghost');
    const answer = await emu.http('GET', `${id}?api-version=2025-05-01`);
    expect(answer).toMatchObject({ status: 404, body: { error: { code: 'NotFound', message: `Resource ${id} not found.`, details: [] } } });
  });
});

describe('a firewall without ip configurations', () => {
  it('is accepted and has no private IP until it is attached', async () => {
    const { net } = await network();
    const fw = await net.azureFirewalls.beginCreateOrUpdateAndWait(RG, 'fw', { location: LOC, ipConfigurations: [] }, poll);
    expect(fw.provisioningState).toBe('Succeeded');
    expect(fw.ipConfigurations).toEqual([]);
  });
});
