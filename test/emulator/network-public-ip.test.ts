/** Public IP answers as Azure gives them: a DNS label yields `<label>.<region>.cloudapp.azure.com`. */
import { describe, expect, it } from 'vitest';
import { useTestEmulator } from '../helpers/emulator.js';

const emu = useTestEmulator();

describe('public IP DNS settings', () => {
  it('derives the FQDN from the domain name label and the region, and keeps it off when no label is given', async () => {
    await (await emu.clients().resources()).resourceGroups.createOrUpdate('rg-pip', { location: 'eastus' });
    const net = await emu.clients().network();
    const poll = { updateIntervalInMs: 10 };
    const labelled = await net.publicIPAddresses.beginCreateOrUpdateAndWait(
      'rg-pip',
      'pip-dns',
      { location: 'eastus', sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static', dnsSettings: { domainNameLabel: 'woot1' } },
      poll,
    );
    expect(labelled.dnsSettings).toEqual({ domainNameLabel: 'woot1', fqdn: 'woot1.eastus.cloudapp.azure.com' });
    const plain = await net.publicIPAddresses.beginCreateOrUpdateAndWait(
      'rg-pip',
      'pip-plain',
      { location: 'eastus', sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static' },
      poll,
    );
    expect(plain.dnsSettings).toBeUndefined();
  });
});
