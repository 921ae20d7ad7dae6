import { describe, expect, it } from 'vitest';
import { STEPS } from '../../src/steps/index.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { createStepHarness } from '../helpers/step-context.js';
import { SPEED } from '../helpers/speeds.js';

const emu = useTestEmulator({ speed: SPEED.instant });

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

/**
 * Azure allows Unicode letters in a resource group name; the SDK sends them percent-encoded (`rg-%C3%BC`).
 * Every route the deployment uses (child resources, role assignments at a scope, LRO and runCommand
 * Location URLs) must find the group and its resources under the decoded name.
 */
describe('a resource group name with Unicode letters', () => {
  it('builds every step in rg-ü; the encoded and the literal path reach the same resources', async () => {
    const h = createStepHarness(emu, { config: { resourceGroup: 'rg-ü', name: 'aks-uml' } });
    await h.applyAll(STEPS);
    const network = await h.azure.network();
    const subnet = await network.subnets.get('rg-ü', 'vnet-aks-uml', 'snet-aks-nodes');
    expect(subnet.id).toMatch(
      /\/resourceGroups\/rg-ü\/providers\/Microsoft\.Network\/virtualNetworks\/vnet-aks-uml\/subnets\/snet-aks-nodes$/,
    );
    expect(subnet.routeTable?.id).toMatch(/\/resourceGroups\/rg-ü\/providers\/Microsoft\.Network\/routeTables\/rt-aks-uml$/i);
    const encoded = await emu.http(
      'GET',
      `/subscriptions/${h.config.subscriptionId}/resourceGroups/rg-%C3%BC/providers/Microsoft.ContainerService/managedClusters/aks-uml?api-version=2025-10-01`,
    );
    expect(encoded.status).toBe(200);
    expect(encoded.body.id).toContain('/resourceGroups/rg-ü/');
    const refused = (await emu.control.requests()).filter((r) => r.status === 404 && r.path.includes('rg-'));
    for (const r of refused) expect(r.method, `${r.method} ${r.path}`).toBe('GET');
  }, 60_000);
});
