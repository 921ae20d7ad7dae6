/**
 * AKS's wire protocol as recorded Azure CLI traffic shows it: a delete answers 202 with both
 * Azure-AsyncOperation and Location, and the real ContainerServiceClient (core-lro 3, which checks status
 * codes on every poll) completes it.
 */
import { describe, expect, it } from 'vitest';
import { SUB, useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';
import { buildAksNetwork, privateCluster, RG } from './containerservice-fixture.js';

const emu = useTestEmulator({ speed: SPEED.instant });
const WAIT = { updateIntervalInMs: 20 };

describe('managed cluster delete', () => {
  it('answers 202 with Azure-AsyncOperation and Location for one operation', async () => {
    const cs = await emu.clients().containerService();
    await cs.managedClusters.createOrUpdate(RG, 'aks-del', privateCluster(await buildAksNetwork(emu)), WAIT);
    const path = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/aks-del?api-version=2026-04-01`;
    const answer = await emu.http('DELETE', path);
    expect(answer.status).toBe(202);
    const asyncId = new URL(String(answer.headers['azure-asyncoperation'])).pathname.split('/').pop();
    const locationUrl = new URL(String(answer.headers.location));
    expect(locationUrl.pathname).toMatch(/\/providers\/Microsoft\.ContainerService\/locations\/eastus\/operationResults\/[0-9a-f-]{36}$/);
    expect(locationUrl.pathname.split('/').pop()).toBe(asyncId);
    await expect.poll(async () => (await emu.http('GET', path)).status, { timeout: 5000 }).toBe(404);
  });

  it('is completed by the real client', async () => {
    const cs = await emu.clients().containerService();
    await cs.managedClusters.createOrUpdate(RG, 'aks-del', privateCluster(await buildAksNetwork(emu)), WAIT);
    await cs.managedClusters.delete(RG, 'aks-del', WAIT);
    await expect(cs.managedClusters.get(RG, 'aks-del')).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe('managed cluster defaults', () => {
  it('answers the CSI drivers and snapshot controller enabled unless the request turns one off', async () => {
    const cs = await emu.clients().containerService();
    const net = await buildAksNetwork(emu);
    const made = await cs.managedClusters.beginCreateOrUpdateAndWait(
      RG,
      'aks-sp',
      { ...privateCluster(net), storageProfile: { fileCSIDriver: { enabled: false } } },
      WAIT,
    );
    expect(made.storageProfile).toEqual({
      diskCSIDriver: { enabled: true },
      fileCSIDriver: { enabled: false },
      snapshotController: { enabled: true },
    });
    expect(made.workloadAutoScalerProfile).toEqual({});
  });
});
