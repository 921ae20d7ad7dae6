import { describe, expect, it } from 'vitest';
import { useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';
import { newStateFile, runInitCli, writes } from './ownership-fixture.js';

/**
 * The production options on an existing deployment, through the real init and plan actions: a tier switch,
 * a tag change and a removed maintenance window show in `plan`, and `init` applies them in place.
 */
const emu = useTestEmulator({ speed: SPEED.instant });

describe('changing the tier and tags of a deployment', () => {
  it('plan shows sku.tier Free -> Standard and the tag change; init applies both in place', async () => {
    const stateFile = newStateFile();
    const base = {
      resourceGroup: 'rg-tier-plan',
      name: 'aks-tier',
      tier: 'free',
      tags: ['env=test'],
      nodeOsUpgradeWindow: 'Saturday 22:00 4h',
    };
    const first = await runInitCli(emu, stateFile, base);
    expect(first.exit, JSON.stringify(first.json?.error)).toBe(0);
    const aks = await emu.clients().containerService();
    expect((await aks.managedClusters.get('rg-tier-plan', 'aks-tier')).sku?.tier).toBe('Free');

    await emu.control.clearRequests();
    // `none` removes the window: left unset, the value the state file recorded would stay.
    const changed = { ...base, tier: 'standard', tags: ['env=prod'], nodeOsUpgradeWindow: 'none' };
    const plan = await runInitCli(emu, stateFile, changed, 'plan');
    const cluster = plan.json.steps.find((s: { id: string }) => s.id === 'cluster');
    const update = cluster.changes.find((c: { resourceType: string }) => c.resourceType === 'Microsoft.ContainerService/managedClusters');
    expect(update).toMatchObject({ action: 'update' });
    expect(update.diff).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ property: 'sku.tier', current: 'Free', desired: 'Standard' }),
        expect.objectContaining({ property: 'tags.env', current: 'test', desired: 'prod' }),
      ]),
    );
    const window = cluster.changes.find((c: { name: string }) => c.name === 'aksManagedNodeOSUpgradeSchedule');
    expect(window).toMatchObject({ action: 'delete', note: 'nodeOsUpgradeWindow is no longer set' });
    expect(plan.json.summary).toMatchObject({ destroy: 1 });
    expect(await writes(emu)).toEqual([]);

    const second = await runInitCli(emu, stateFile, changed);
    expect(second.exit, JSON.stringify(second.json?.error)).toBe(0);
    const mc = await aks.managedClusters.get('rg-tier-plan', 'aks-tier');
    expect(mc.sku?.tier).toBe('Standard');
    expect(mc.tags?.env).toBe('prod');
    const left = [];
    for await (const c of aks.maintenanceConfigurations.listByManagedCluster('rg-tier-plan', 'aks-tier')) left.push(c.name);
    expect(left).toEqual([]);
  });
});
