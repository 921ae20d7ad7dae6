import { beforeAll, describe, expect, it } from 'vitest';
import { STEPS } from '../../src/steps/index.js';
import { step as privateEndpoint } from '../../src/steps/06-private-endpoint.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { createStepHarness, type StepHarness } from '../helpers/step-context.js';
import { SPEED } from '../helpers/speeds.js';

const ON: Partial<ResolvedConfig> = { resourceGroup: 'rg-kvf', name: 'aks-kvf', keyVault: true };

describe('the Key Vault endpoint and zone group after an interrupted write (emulator, real SDK)', () => {
  const emu = useTestEmulator({ speed: SPEED.instant, resetBeforeEach: false });
  let h: StepHarness;

  beforeAll(async () => {
    h = createStepHarness(emu, { config: ON });
    await h.applyAll(STEPS.slice(0, 5));
  });

  for (const [what, type, path] of [
    ['private endpoint', 'Microsoft.Network/privateEndpoints', 'privateEndpoints/pe-[^/]+$'],
    ['DNS zone group', 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups', 'privateDnsZoneGroups/default$'],
  ] as const) {
    it(`a failed ${what} is a change, written again by apply`, async () => {
      // The first run wrote the endpoint and its zone group: the zone group must be written again.
      if (type.endsWith('privateDnsZoneGroups')) {
        const net = await h.azure.network();
        await net.privateDnsZoneGroups.beginDeleteAndWait(h.config.resourceGroup, h.names.keyVaultPrivateEndpoint, 'default');
      }
      await emu.control.fault({ method: 'PUT', path, kind: 'lro-failed', code: 'InternalServerError', message: 'Try again.', times: 1 });
      await expect(h.apply(privateEndpoint)).rejects.toMatchObject({ code: 'InternalServerError' });
      await emu.control.clearFaults();
      const changes = await h.check(privateEndpoint);
      expect(changes.find((c) => c.resourceType === type && c.name.startsWith(h.names.keyVaultPrivateEndpoint))).toMatchObject({
        action: 'update',
        diff: [{ property: 'provisioningState', current: 'Failed', desired: 'Succeeded' }],
      });
      await expect(privateEndpoint.verify!(h.context(privateEndpoint))).rejects.toThrow(/is Failed/);
      await h.apply(privateEndpoint);
      await privateEndpoint.verify!(h.context(privateEndpoint));
      expect(
        (await h.check(privateEndpoint)).find((c) => c.resourceType === type && c.name.startsWith(h.names.keyVaultPrivateEndpoint))?.action,
      ).toBe('none');
    });
  }
});

describe('a Key Vault endpoint still being written by a run that was killed (emulator, real SDK)', () => {
  const emu = useTestEmulator({ speed: SPEED.instant, resetBeforeEach: false });

  it('is a change while Updating; apply waits for it and does not write it again', async () => {
    const h = createStepHarness(emu, { config: { resourceGroup: 'rg-kvu', name: 'aks-kvu', keyVault: true } });
    await h.applyAll(STEPS.slice(0, 6));
    const net = await h.azure.network();
    const pe = h.names.keyVaultPrivateEndpoint;
    const endpoint = await net.privateEndpoints.get('rg-kvu', pe);
    // The killed run's PUT: held in flight until the clock moves, and nothing journaled it.
    await emu.control.fault({ method: 'PUT', path: `privateEndpoints/${pe}$`, kind: 'hold', times: 1 });
    await net.privateEndpoints.beginCreateOrUpdate('rg-kvu', pe, { ...endpoint, tags: { ...endpoint.tags } }, { updateIntervalInMs: 20 });
    expect((await h.check(privateEndpoint)).find((c) => c.name === pe)).toMatchObject({
      action: 'update',
      diff: [{ property: 'provisioningState', current: 'Updating', desired: 'Succeeded' }],
    });
    h.resetCounters();
    const applied = h.apply(privateEndpoint);
    await emu.control.advanceClock(0);
    await applied;
    expect(h.writes().filter((w) => /privateEndpoints\/[^/]+$/i.test(w.path.split('?')[0]!))).toEqual([]);
    await privateEndpoint.verify!(h.context(privateEndpoint));
  });
});

describe('a VNet already linked to a Key Vault zone elsewhere (emulator, real SDK)', () => {
  const emu = useTestEmulator({ speed: SPEED.instant, resetBeforeEach: false });
  const ZONE = 'privatelink.vaultcore.azure.net';

  it('registers the A record in that zone and never writes the zone or a second link', async () => {
    const h = createStepHarness(emu, { config: { resourceGroup: 'rg-kvz', name: 'aks-kvz', keyVault: true } });
    await h.applyAll(STEPS.slice(0, 5));
    const rm = await h.azure.resources();
    await rm.resourceGroups.createOrUpdate('rg-dns-hub', { location: 'eastus' });
    const dns = await h.azure.privateDns();
    const poll = { updateIntervalInMs: 10 };
    await dns.privateZones.beginCreateOrUpdateAndWait('rg-dns-hub', ZONE, { location: 'global', tags: { owner: 'platform' } }, poll);
    const vnetId = (await (await h.azure.network()).virtualNetworks.get('rg-kvz', h.names.vnet)).id!;
    await dns.virtualNetworkLinks.beginCreateOrUpdateAndWait(
      'rg-dns-hub',
      ZONE,
      'hub-link',
      { location: 'global', virtualNetwork: { id: vnetId }, registrationEnabled: false },
      poll,
    );

    const changes = await h.check(privateEndpoint);
    expect(changes.find((c) => c.resourceType === 'Microsoft.Network/privateDnsZones' && c.name === ZONE)).toMatchObject({
      action: 'none',
      note: expect.stringContaining('rg-dns-hub'),
    });
    expect(changes.some((c) => c.resourceType === 'Microsoft.Network/privateDnsZones/virtualNetworkLinks' && c.name.startsWith(ZONE))).toBe(
      false,
    );
    await h.apply(privateEndpoint);
    await privateEndpoint.verify!(h.context(privateEndpoint));

    const record = await dns.recordSets.get('rg-dns-hub', ZONE, 'A', h.names.keyVault.toLowerCase());
    expect(record.aRecords?.[0]?.ipv4Address).toMatch(/^10\./);
    await expect(dns.privateZones.get('rg-kvz', ZONE)).rejects.toMatchObject({ statusCode: 404 });
    const hub = await dns.privateZones.get('rg-dns-hub', ZONE);
    expect(hub.tags).toEqual({ owner: 'platform' });
    const links = [];
    for await (const l of dns.virtualNetworkLinks.list('rg-dns-hub', ZONE)) links.push(l.name);
    expect(links).toEqual(['hub-link']);
    expect((await h.check(privateEndpoint)).filter((c) => c.action === 'create' || c.action === 'update')).toEqual([]);
  });
});
