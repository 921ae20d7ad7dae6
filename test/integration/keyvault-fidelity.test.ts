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
