import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useTestEmulator, SUB } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';
import { buildAksNetwork, privateCluster, RG } from './containerservice-fixture.js';

/** managedClusters/maintenanceConfigurations as AKS serves them (docs/emulator.md, Microsoft.ContainerService). */
const emu = useTestEmulator({ speed: SPEED.instant });
const EXAMPLE = JSON.parse(
  readFileSync('test/fixtures/arm-examples/containerservice/MaintenanceConfigurationsCreate_Update_MaintenanceWindow.json', 'utf8'),
);
const base = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/aks-demo/maintenanceConfigurations`;
const url = (name: string) => `${base}/${name}?api-version=2026-04-01`;

async function cluster(): Promise<void> {
  const net = await buildAksNetwork(emu);
  const cs = await emu.clients().containerService();
  await cs.managedClusters.beginCreateOrUpdateAndWait(RG, 'aks-demo', privateCluster(net), { updateIntervalInMs: 20 });
}

describe('maintenance configurations', () => {
  it("answers Microsoft's example request with the example's fields, synchronously; GET, list and DELETE", async () => {
    await cluster();
    const put = await emu.http('PUT', url('aksManagedAutoUpgradeSchedule'), EXAMPLE.parameters.parameters);
    const example = EXAMPLE.responses['200'].body;
    expect(put.status).toBe(200);
    expect(Object.keys(put.body).sort()).toEqual(Object.keys(example).sort());
    expect(Object.keys(put.body.properties.maintenanceWindow).sort()).toEqual(Object.keys(example.properties.maintenanceWindow).sort());
    expect(put.body.id).toMatch(/\/managedClusters\/aks-demo\/maintenanceConfigurations\/aksManagedAutoUpgradeSchedule$/);
    expect((await emu.http('GET', url('AKSMANAGEDAUTOUPGRADESCHEDULE'))).body.name).toBe('aksManagedAutoUpgradeSchedule');
    expect((await emu.http('GET', `${base}?api-version=2026-04-01`)).body.value).toHaveLength(1);
    expect((await emu.http('DELETE', url('aksManagedAutoUpgradeSchedule'))).status).toBe(200);
    expect((await emu.http('DELETE', url('aksManagedAutoUpgradeSchedule'))).status).toBe(204);
    expect((await emu.http('GET', url('aksManagedAutoUpgradeSchedule'))).status).toBe(404);
  });

  it('refuses what AKS refuses, and a configuration of a cluster that does not exist', async () => {
    expect((await emu.http('PUT', url('aksManagedAutoUpgradeSchedule'), EXAMPLE.parameters.parameters)).status).toBe(404);
    await cluster();
    const window = EXAMPLE.parameters.parameters.properties.maintenanceWindow;
    const put = (name: string, w: unknown) => emu.http('PUT', url(name), { properties: { maintenanceWindow: w } });
    const refused = async (name: string, w: unknown) => {
      const answer = await put(name, w);
      return [answer.status, answer.body?.error?.code, answer.body?.error?.target];
    };
    expect(await refused('weekend', window)).toEqual([400, 'InvalidParameter', 'configName']);
    expect(await refused('aksManagedNodeOSUpgradeSchedule', { ...window, durationHours: 169 })).toEqual([
      400,
      'InvalidParameter',
      'properties.maintenanceWindow.durationHours',
    ]);
    expect(await refused('aksManagedNodeOSUpgradeSchedule', { ...window, schedule: {} })).toEqual([
      400,
      'InvalidParameter',
      'properties.maintenanceWindow.schedule',
    ]);
    expect(await refused('aksManagedNodeOSUpgradeSchedule', { ...window, startTime: '8:30' })).toEqual([
      400,
      'InvalidParameter',
      'properties.maintenanceWindow.startTime',
    ]);
    expect(await refused('aksManagedNodeOSUpgradeSchedule', undefined)).toEqual([400, 'InvalidParameter', 'properties.maintenanceWindow']);
  });
});
