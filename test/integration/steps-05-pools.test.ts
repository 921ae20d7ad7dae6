/**
 * Step 5's node pools against the emulator: created with a zonal, autoscaled System pool and a User pool;
 * an autoscaler change planned and applied in place; the User pool removed (taint lifted first) and added
 * again on the existing cluster through the agentPools API.
 */
import { describe, expect, it } from 'vitest';
import { useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';
import { createStepHarness, type StepHarness } from '../helpers/step-context.js';
import { step as identity } from '../../src/steps/01-identity.js';
import { step as network } from '../../src/steps/02-network.js';
import { step as egress } from '../../src/steps/03-egress-route.js';
import { step as rules } from '../../src/steps/04-firewall-rules.js';
import { step as nsg } from '../../src/steps/07-nsg.js';
import { step as cluster } from '../../src/steps/05-cluster.js';
import type { ResolvedConfig } from '../../src/config/types.js';

const emu = useTestEmulator({ speed: SPEED.instant });
const RG = 'rg-steps-test';

const POOLS: Partial<ResolvedConfig> = {
  zones: ['1', '2'],
  nodeCount: 2,
  nodeMinCount: 2,
  nodeMaxCount: 3,
  userPool: true,
  userPoolVmSize: 'Standard_D2ds_v5',
  userPoolCount: 2,
  userPoolZones: ['1', '2', '3'],
  userPoolMinCount: 1,
  userPoolMaxCount: 3,
};

function setConfig(h: StepHarness, values: Partial<ResolvedConfig>) {
  Object.assign(h.config as ResolvedConfig, values);
}

async function pools() {
  const mc = await (await emu.clients().containerService()).managedClusters.get(RG, 'aks-test');
  return Object.fromEntries((mc.agentPoolProfiles ?? []).map((p) => [p.name, p]));
}

async function writes() {
  return (await emu.control.requests()).filter((r) => r.method === 'PUT' || r.method === 'DELETE').map((r) => `${r.method} ${r.path}`);
}

describe('step 5 node pools', () => {
  it('creates both pools, plans and applies an autoscaler change in place, removes and re-adds the user pool', async () => {
    const h = createStepHarness(emu, { config: POOLS });
    await h.applyAll([identity, network, nsg, rules, egress]);
    await h.apply(cluster);

    const created = await pools();
    expect(created.system).toMatchObject({
      mode: 'System',
      availabilityZones: ['1', '2'],
      enableAutoScaling: true,
      minCount: 2,
      maxCount: 3,
      count: 2,
      nodeTaints: ['CriticalAddonsOnly=true:NoSchedule'],
      enableNodePublicIP: false,
    });
    expect(created.user).toMatchObject({
      mode: 'User',
      vmSize: 'Standard_D2ds_v5',
      availabilityZones: ['1', '2', '3'],
      enableAutoScaling: true,
      minCount: 1,
      maxCount: 3,
      count: 2,
      vnetSubnetID: created.system.vnetSubnetID,
      enableNodePublicIP: false,
      upgradeSettings: expect.objectContaining({ maxSurge: '10%' }),
      tags: expect.objectContaining({ 'secure-aks-deployment': h.deploymentId }),
    });
    expect((await h.check(cluster))[0]).toMatchObject({ action: 'none' });

    // plan: the autoscaler's maximum 3 -> 5, applied in place by the managedClusters PUT.
    setConfig(h, { userPoolMaxCount: 5 });
    expect((await h.check(cluster))[0]).toMatchObject({
      action: 'update',
      diff: [{ property: 'agentPoolProfiles.user.maxCount', current: 3, desired: 5 }],
    });
    await emu.control.clearRequests();
    await h.apply(cluster);
    expect((await pools()).user).toMatchObject({ maxCount: 5, count: 2 });
    expect(await writes()).toEqual([expect.stringMatching(/^PUT .*\/managedClusters\/aks-test$/)]);
    expect((await h.check(cluster))[0]).toMatchObject({ action: 'none' });

    // The user pool off: the System pool's taint goes first, then the pool this deployment made.
    setConfig(h, {
      userPool: false,
      userPoolVmSize: undefined,
      userPoolZones: [],
      userPoolMinCount: undefined,
      userPoolMaxCount: undefined,
    });
    const offChanges = await h.check(cluster);
    expect(offChanges[0]).toMatchObject({
      action: 'update',
      diff: [{ property: 'agentPoolProfiles.system.nodeTaints', current: ['CriticalAddonsOnly=true:NoSchedule'], desired: [] }],
    });
    // The pool's removal is a delete of its own, counted in plan's "to destroy".
    expect(offChanges[1]).toMatchObject({
      action: 'delete',
      resourceType: 'Microsoft.ContainerService/managedClusters/agentPools',
      name: 'user',
      id: expect.stringMatching(/\/managedClusters\/aks-test\/agentPools\/user$/),
      note: 'userPool is off: 2 x Standard_D2ds_v5',
    });
    await emu.control.clearRequests();
    await h.apply(cluster);
    expect(await writes()).toEqual([
      expect.stringMatching(/^PUT .*\/managedClusters\/aks-test$/),
      expect.stringMatching(/^DELETE .*\/managedClusters\/aks-test\/agentPools\/user$/),
    ]);
    const without = await pools();
    expect(Object.keys(without)).toEqual(['system']);
    expect(without.system.nodeTaints ?? []).toEqual([]);
    expect((await h.check(cluster)).filter((c) => c.action !== 'none')).toEqual([]);

    // On again: added through the agentPools API, then the System pool tainted for it.
    setConfig(h, { userPool: true, userPoolCount: 1 });
    expect((await h.check(cluster))[0]).toMatchObject({
      action: 'update',
      diff: [
        { property: 'agentPoolProfiles.system.nodeTaints', current: [], desired: ['CriticalAddonsOnly=true:NoSchedule'] },
        { property: 'agentPoolProfiles.user', current: undefined, desired: 'User pool, 1 x Standard_D4ds_v5' },
      ],
    });
    await emu.control.clearRequests();
    await h.apply(cluster);
    expect(await writes()).toEqual([
      expect.stringMatching(/^PUT .*\/managedClusters\/aks-test\/agentPools\/user$/),
      expect.stringMatching(/^PUT .*\/managedClusters\/aks-test$/),
    ]);
    expect((await pools()).user).toMatchObject({ mode: 'User', count: 1 });
    expect((await h.check(cluster))[0]).toMatchObject({ action: 'none' });
  });
});
