/**
 * The emulator's advanceable clock (`POST /_emulator/clock`) and the `hold` fault: what waits on simulated
 * time completes as soon as the clock passes its due time, so tests advance instead of sleeping.
 */
import { describe, expect, it } from 'vitest';
import { provider as resources } from '../../src/emulator/providers/resources/index.js';
import { SUB, useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';
import { standInProvider } from './standInProvider.js';

const RG = `/subscriptions/${SUB}/resourceGroups/rg-clock`;
const CLUSTER = `${RG}/providers/Microsoft.ContainerService/managedClusters/aks-c?api-version=2026-04-01`;
const VNET = `${RG}/providers/Microsoft.Network/virtualNetworks/vnet-c?api-version=2025-05-01`;
const vnet = { location: 'eastus', properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] } } };

describe('an advanceable clock', () => {
  const emu = useTestEmulator({ speed: SPEED.frozen, providers: [resources, standInProvider] });

  const createGroup = () => emu.http('PUT', `${RG}?api-version=2024-11-01`, { location: 'eastus' });
  const status = async (operationUrl: string) => (await emu.http('GET', new URL(operationUrl).pathname)).body.status;

  it('a cluster create that would take 20 real minutes completes right after an advance past its 120 Azure seconds', async () => {
    await createGroup();
    const started = await emu.http('PUT', CLUSTER, { location: 'eastus' });
    expect(started.status).toBe(201);
    const operation = started.headers['azure-asyncoperation'] as string;
    expect(await status(operation)).toBe('InProgress');
    const before = Date.parse((await emu.control.clock()).now);

    const { now } = await emu.control.advanceClock(119);
    // 119 Azure seconds at 0.1 Azure seconds per real second: 1190 real seconds later.
    expect(Date.parse(now) - before).toBeGreaterThanOrEqual(1_190_000);
    expect(await status(operation)).toBe('InProgress');
    await emu.control.advanceClock(1);
    expect(await status(operation)).toBe('Succeeded');
    expect((await emu.http('GET', CLUSTER)).body.properties.provisioningState).toBe('Succeeded');
  });

  it('provider registration completes on the clock too', async () => {
    await emu.control.setProviderState('Microsoft.Network', 'NotRegistered');
    const register = await emu.http('POST', `/subscriptions/${SUB}/providers/Microsoft.Network/register?api-version=2024-11-01`);
    expect(register.body.registrationState).toBe('Registering');
    await emu.control.advanceClock(30);
    const after = await emu.http('GET', `/subscriptions/${SUB}/providers/Microsoft.Network?api-version=2024-11-01`);
    expect(after.body.registrationState).toBe('Registered');
  });

  it('reset puts the clock back to real time; a bad advance is refused', async () => {
    await emu.control.advanceClock(3600);
    await emu.control.reset();
    expect(Math.abs(Date.parse((await emu.control.clock()).now) - Date.now())).toBeLessThan(5_000);
    for (const body of [{}, { advanceSeconds: -1 }, { advanceSeconds: 'soon' }]) {
      const refused = await emu.http('POST', '/_emulator/clock', body);
      expect(refused).toMatchObject({ status: 400, body: { error: { code: 'InvalidClock' } } });
    }
  });
});

describe('a hold fault', () => {
  const emu = useTestEmulator({ speed: SPEED.instant, providers: [resources, standInProvider] });

  it('keeps the operation it matches in flight past its due time, until the clock is advanced', async () => {
    await emu.http('PUT', `${RG}?api-version=2024-11-01`, { location: 'eastus' });
    await emu.control.fault({ method: 'PUT', path: 'virtualNetworks/vnet-c$', kind: 'hold', times: 1 });
    const started = await emu.http('PUT', VNET, vnet);
    const operation = new URL(started.headers['azure-asyncoperation'] as string).pathname;
    // 30 Azure seconds at this speed are 10 real milliseconds: long past by the second poll.
    await new Promise((r) => setTimeout(r, 50));
    expect((await emu.http('GET', operation)).body.status).toBe('InProgress');
    expect((await emu.http('GET', VNET)).body.properties.provisioningState).not.toBe('Succeeded');
    await emu.control.advanceClock(0);
    expect((await emu.http('GET', operation)).body.status).toBe('Succeeded');
  });
});
