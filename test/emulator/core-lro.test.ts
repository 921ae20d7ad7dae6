import { beforeAll, describe, expect, it } from 'vitest';
import { provider as resources } from '../../src/emulator/providers/resources/index.js';
import { SUB, useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';
import { standInProvider } from './standInProvider.js';

const emu = useTestEmulator({ speed: SPEED.azure, providers: [resources, standInProvider], resetBeforeEach: false });
const poll = { updateIntervalInMs: 20 };
const vnet = { location: 'eastus', properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] } } };

beforeAll(async () => {
  await (await emu.clients().resources()).resourceGroups.createOrUpdate('rg-lro', { location: 'eastus' });
});

describe('LRO engine with the classic client family (core-lro 2)', () => {
  it('azure-async PUT: Creating while running, 409 on a conflicting write, Retry-After on polls, final GET Succeeded', async () => {
    const network = await emu.clients().network();
    const poller = await network.virtualNetworks.beginCreateOrUpdate('rg-lro', 'vnet-a', vnet, poll);
    expect((await network.virtualNetworks.get('rg-lro', 'vnet-a')).provisioningState).toBe('Creating');
    // The product's client factory retries AnotherOperationInProgress, so the emulator's answer is read on the wire.
    const conflict = await emu.http(
      'PUT',
      `/subscriptions/${SUB}/resourceGroups/rg-lro/providers/Microsoft.Network/virtualNetworks/vnet-a?api-version=2025-05-01`,
      vnet,
    );
    expect(conflict).toMatchObject({ status: 409, body: { error: { code: 'AnotherOperationInProgress' } } });
    const operationLocation: string = JSON.parse(poller.toString()).state.config.operationLocation;
    const statusPoll = await emu.http('GET', new URL(operationLocation).pathname);
    expect(statusPoll.body).toMatchObject({ status: 'InProgress' });
    // 30 Azure seconds at speed 60 leave under one real second: no Retry-After (it is whole seconds, >= 1).
    expect(statusPoll.headers['retry-after']).toBeUndefined();
    const done = await poller.pollUntilDone();
    expect(done.provisioningState).toBe('Succeeded');
    const log = await emu.control.requests();
    expect(log.some((r) => r.path.includes('/operations/') && r.status === 200)).toBe(true);
  });

  it('location DELETE: 202 polls, then gone', async () => {
    const network = await emu.clients().network();
    await (await network.virtualNetworks.beginCreateOrUpdate('rg-lro', 'vnet-b', vnet, poll)).pollUntilDone();
    await (await network.virtualNetworks.beginDelete('rg-lro', 'vnet-b', poll)).pollUntilDone();
    await expect(network.virtualNetworks.get('rg-lro', 'vnet-b')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('an lro-failed fault lets the operation start and ends it Failed', async () => {
    const network = await emu.clients().network();
    await emu.control.fault({
      method: 'PUT',
      path: 'virtualNetworks/vnet-f$',
      kind: 'lro-failed',
      code: 'InternalServerError',
      message: 'boom',
      times: 1,
    });
    const poller = await network.virtualNetworks.beginCreateOrUpdate('rg-lro', 'vnet-f', vnet, poll);
    await expect(poller.pollUntilDone()).rejects.toThrow(/InternalServerError.*boom|boom/);
    expect((await network.virtualNetworks.get('rg-lro', 'vnet-f')).provisioningState).toBe('Failed');
  });
});

describe('LRO engine with the newer client family (core-lro 3, status codes checked on every poll)', () => {
  it('azure-async create, location runCommand with a result, azure-async delete', async () => {
    const aks = await emu.clients().containerService();
    const created = await aks.managedClusters.createOrUpdate('rg-lro', 'aks-a', { location: 'eastus' }, poll);
    expect(created.provisioningState).toBe('Succeeded');
    const result = await aks.managedClusters.runCommand('rg-lro', 'aks-a', { command: 'kubectl get nodes' }, poll);
    expect(result).toMatchObject({ exitCode: 0, logs: 'ran: kubectl get nodes' });
    await aks.managedClusters.delete('rg-lro', 'aks-a', poll);
    await expect(aks.managedClusters.get('rg-lro', 'aks-a')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('sends Retry-After (remaining scaled seconds) on polls, never on the initial response', async () => {
    const path = `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-lro/providers/Microsoft.ContainerService/managedClusters/aks-r?api-version=2026-04-01`;
    const initial = await emu.http('PUT', path, { location: 'eastus' });
    expect(initial.status).toBe(201);
    expect(initial.headers['retry-after']).toBeUndefined();
    const statusUrl = new URL(String(initial.headers['azure-asyncoperation']));
    expect(statusUrl.pathname).toMatch(
      /^\/subscriptions\/.+\/providers\/Microsoft.ContainerService\/locations\/eastus\/operations\/[0-9a-f-]{36}$/,
    );
    const status = await emu.http('GET', statusUrl.pathname + statusUrl.search);
    expect(status.body).toMatchObject({ status: 'InProgress', name: statusUrl.pathname.split('/').pop() });
    // 120 Azure seconds at speed 60: just under 2 s left, rounded up so the next poll comes after the end.
    expect(status.headers['retry-after']).toBe('2');
  });

  it('a failed operation surfaces as a failed poller', async () => {
    const aks = await emu.clients().containerService();
    await emu.control.fault({
      method: 'PUT',
      path: 'managedClusters/aks-f',
      kind: 'lro-failed',
      code: 'CreateVMSSAgentPoolFailed',
      message: 'outbound connection',
      times: 1,
    });
    await expect(aks.managedClusters.createOrUpdate('rg-lro', 'aks-f', { location: 'eastus' }, poll)).rejects.toThrow(
      /CreateVMSSAgentPoolFailed|outbound/,
    );
  });
});
