import { describe, expect, it } from 'vitest';
import { DURATIONS, Timing } from '../../src/emulator/core/timing.js';
import { startTestEmulator, SUB, type TestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';

describe('timing profiles', () => {
  it('typical answers the typical column every time', () => {
    const t = new Timing('typical', 42);
    expect([t.seconds('firewall-write'), t.seconds('firewall-write')]).toEqual([
      DURATIONS['firewall-write'][0],
      DURATIONS['firewall-write'][0],
    ]);
  });

  it('pessimistic draws 85-100% of the documented upper bound, reproducibly from its seed', () => {
    const draws = (seed: number) => {
      const t = new Timing('pessimistic', seed);
      return Array.from({ length: 50 }, () => t.seconds('rbac-propagation'));
    };
    const a = draws(7);
    expect(draws(7)).toEqual(a);
    expect(draws(8)).not.toEqual(a);
    for (const s of a) expect(s >= 0.85 * 600 && s <= 600).toBe(true);
    expect(new Set(a).size).toBeGreaterThan(1);
  });

  async function firewallRetryAfter(emu: TestEmulator): Promise<number> {
    const rg = `/subscriptions/${SUB}/resourceGroups/rg-t`;
    const net = `${rg}/providers/Microsoft.Network`;
    const api = '?api-version=2025-05-01';
    await emu.http('PUT', `${rg}?api-version=2021-04-01`, { location: 'eastus' });
    const network = await emu.clients().network();
    const wait = { updateIntervalInMs: 10 };
    await network.virtualNetworks.beginCreateOrUpdateAndWait(
      'rg-t',
      'v',
      {
        location: 'eastus',
        addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
        subnets: [{ name: 'AzureFirewallSubnet', addressPrefix: '10.0.0.0/26' }],
      },
      wait,
    );
    await network.publicIPAddresses.beginCreateOrUpdateAndWait(
      'rg-t',
      'p',
      { location: 'eastus', sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static' },
      wait,
    );
    const ipConfigurations = [
      {
        name: 'c',
        properties: {
          subnet: { id: `${net}/virtualNetworks/v/subnets/AzureFirewallSubnet` },
          publicIPAddress: { id: `${net}/publicIPAddresses/p` },
        },
      },
    ];
    const started = await emu.http('PUT', `${net}/azureFirewalls/fw${api}`, { location: 'eastus', properties: { ipConfigurations } });
    const poll = await emu.http('GET', String(started.headers['azure-asyncoperation']).replace(emu.url, ''));
    return Number(poll.headers['retry-after']);
  }

  it('a pessimistic emulator runs a firewall create for its upper bound, scaled by the speed factor', async () => {
    const typical = await startTestEmulator({ speed: SPEED.azure });
    const pessimistic = await startTestEmulator({ speed: SPEED.azure, timing: 'pessimistic', seed: 3 });
    try {
      expect(await firewallRetryAfter(typical)).toBe(6); // 360 Azure s / 60
      const slow = await firewallRetryAfter(pessimistic);
      expect(slow).toBeGreaterThanOrEqual(Math.floor((0.85 * 1500) / 60));
      expect(slow).toBeLessThanOrEqual(1500 / 60);
    } finally {
      await Promise.all([typical.close(), pessimistic.close()]);
    }
  });
});
