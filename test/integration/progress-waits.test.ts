/**
 * A step's live line says what it waits on now: during step 3's firewall create (about six minutes on Azure)
 * it names the firewall, not the subnet it attached before; a short write beside it hands the line back to
 * the firewall; and when the create ends the line says so.
 */
import { describe, expect, it, vi } from 'vitest';
import { useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';
import { createStepHarness } from '../helpers/step-context.js';
import { step as identity } from '../../src/steps/01-identity.js';
import { step as network } from '../../src/steps/02-network.js';
import { step as egress } from '../../src/steps/03-egress-route.js';
import { step as rules } from '../../src/steps/04-firewall-rules.js';
import { step as nsg } from '../../src/steps/07-nsg.js';

const emu = useTestEmulator({ speed: SPEED.instant });

describe('progress during long waits', () => {
  it('step 3 names the firewall while it is being created, and says when it is done', async () => {
    const h = createStepHarness(emu);
    await h.applyAll([identity, network, nsg, rules]);
    // The firewall create stays in flight until the clock is advanced.
    await emu.control.fault({ method: 'PUT', path: 'azureFirewalls/afw-aks-test$', kind: 'hold', times: 1 });
    const lines = () => h.progress.filter((l) => l.startsWith('egress-route: ')).map((l) => l.slice('egress-route: '.length));
    const applying = h.apply(egress);
    try {
      await vi.waitFor(() => expect(lines()).toContain('firewall afw-aks-test: creating'), { timeout: 20_000, interval: 50 });
      // The default route is written beside the create; once it is in, the line is the firewall's again.
      await vi.waitFor(() => expect(lines().some((l) => /^route rt-aks-test\/default\S*: creating$/.test(l))).toBe(true), {
        timeout: 20_000,
        interval: 50,
      });
      await vi.waitFor(() => expect(lines().at(-1)).toBe('waiting for firewall afw-aks-test to be created'), {
        timeout: 20_000,
        interval: 50,
      });
      // Before, the subnet attachment was the last word for the whole create.
      expect(lines()).toContain('subnet snet-jumphost: attaching rt-aks-test');
      const since = lines().slice(lines().indexOf('firewall afw-aks-test: creating'));
      expect(since.filter((l) => /subnet/.test(l))).toEqual([]);
    } finally {
      await emu.control.advanceClock(3600);
    }
    await applying;
    expect(lines().at(-1)).toBe('firewall afw-aks-test: Succeeded');
  }, 60_000);
});
