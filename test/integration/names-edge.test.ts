import { describe, expect, it } from 'vitest';
import { STEPS } from '../../src/steps/index.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { createStepHarness } from '../helpers/step-context.js';

const emu = useTestEmulator({ speed: 2000 });

/**
 * A cluster name Azure accepts but a DNS prefix and a Linux host name do not (`_`): the whole deployment
 * builds against the emulator's naming rules, with a valid dnsPrefix and jumphost computerName derived.
 */
describe('a cluster name with underscores', () => {
  it('builds every step, the dnsPrefix and the jumphost computerName mapped to hyphens', async () => {
    const h = createStepHarness(emu, { config: { resourceGroup: 'rg-names', name: 'aks_under_score' } });
    await h.applyAll(STEPS);
    const cluster = await (await h.azure.containerService()).managedClusters.get('rg-names', 'aks_under_score');
    expect(cluster.dnsPrefix).toBe('aks-under-score');
    const vm = await (await h.azure.compute()).virtualMachines.get('rg-names', 'vm-aks_under_score-jump');
    expect(vm.osProfile?.computerName).toBe('vm-aks-under-score-jump');
  }, 60_000);
});
