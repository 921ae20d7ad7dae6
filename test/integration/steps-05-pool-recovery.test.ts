/**
 * A node pool operation that does not end cleanly: AKS lists the pool at once (Creating) and leaves it
 * Failed when its operation fails. A run that died while waiting on the pool's operation re-attaches to it
 * instead of forgetting it; a Failed pool is a planned change, a verify problem, and is re-PUT by apply.
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
import { agentPoolBody, plannedPools, poolProfile } from '../../src/steps/desired/cluster-pools.js';

const emu = useTestEmulator({ speed: SPEED.instant });
const RG = 'rg-steps-test';
const POOL_PATH = 'managedClusters/aks-test/agentPools/user$';

async function aks() {
  return emu.clients().containerService();
}

async function pools() {
  const mc = await (await aks()).managedClusters.get(RG, 'aks-test');
  return Object.fromEntries((mc.agentPoolProfiles ?? []).map((p) => [p.name, p]));
}

async function poolWrites() {
  return (await emu.control.requests())
    .filter((r) => (r.method === 'PUT' || r.method === 'DELETE') && /agentPools/.test(r.path))
    .map((r) => `${r.method} ${r.path.split('/managedClusters/')[1]}`);
}

/** A cluster of this deployment without its User pool, then the User pool turned on. */
async function clusterThenUserPool(h: StepHarness) {
  await h.applyAll([identity, network, nsg, rules, egress]);
  await h.apply(cluster);
  Object.assign(h.config, { userPool: true, userPoolVmSize: 'Standard_D2ds_v5', userPoolCount: 1 });
}

describe('step 5: a node pool operation cut off or failed', () => {
  it('the pool reads Creating while its create runs; a run that died waiting re-attaches instead of forgetting it', async () => {
    const h = createStepHarness(emu, { config: { jumphost: false, bastion: false } });
    await clusterThenUserPool(h);
    const ctx = h.context(cluster);
    const p = plannedPools(h.config).find((x) => x.name === 'user')!;
    const body = agentPoolBody(poolProfile(h.config, p, String(h.outputs.get('network')!.nodeSubnetId), ctx.tags));
    // The first run sends the PUT and journals it, then dies (kill -9: nothing waits any longer).
    await emu.control.fault({ method: 'PUT', path: POOL_PATH, kind: 'hold', times: 1 });
    const poller = (await aks()).agentPools.createOrUpdate(RG, 'aks-test', 'user', body, { updateIntervalInMs: 20 });
    await poller.submitted();
    const clusterId = `/subscriptions/${h.config.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/aks-test`;
    h.journal.set('cluster', {
      resourceId: `${clusterId}/agentPools/user`,
      operation: 'create',
      resumeFrom: await poller.serialize(),
      startedAt: new Date().toISOString(),
    });
    expect((await pools()).user).toMatchObject({ provisioningState: 'Creating' });
    expect((await (await aks()).agentPools.get(RG, 'aks-test', 'user')).provisioningState).toBe('Creating');
    expect((await h.check(cluster))[0]).toMatchObject({
      action: 'update',
      diff: expect.arrayContaining([{ property: 'agentPoolProfiles.user.provisioningState', current: 'Creating', desired: 'Succeeded' }]),
    });

    await emu.control.clearRequests();
    const resumed = h.apply(cluster);
    await emu.control.advanceClock(0); // Azure finishes the create while the run re-attaches
    await resumed;
    expect(h.progress.some((l) => /node pool user of cluster aks-test: re-attaching to the create/.test(l))).toBe(true);
    expect(h.journal.has('cluster')).toBe(false);
    expect(await poolWrites()).toEqual([]);
    expect((await pools()).user).toMatchObject({ provisioningState: 'Succeeded', count: 1 });
    expect((await h.check(cluster))[0]).toMatchObject({ action: 'none' });
    await poller.pollUntilDone();
  });

  it('a pool left Failed is planned, fails verify, and apply re-PUTs it', async () => {
    const h = createStepHarness(emu, { config: { jumphost: false, bastion: false } });
    await clusterThenUserPool(h);
    await emu.control.fault({
      method: 'PUT',
      path: POOL_PATH,
      kind: 'lro-failed',
      code: 'VMExtensionProvisioningError',
      message: 'VM has reported a failure when processing extension vmssCSE (exit status 50).',
      times: 1,
    });
    const failed = await h.apply(cluster).catch((e: Error) => e);
    expect(failed).toBeInstanceOf(Error);
    expect((failed as Error).message).toMatch(/node pool user of cluster aks-test/);
    expect(h.journal.has('cluster')).toBe(false);
    expect((await pools()).user).toMatchObject({ provisioningState: 'Failed' });

    expect((await h.check(cluster))[0]).toMatchObject({
      action: 'update',
      diff: expect.arrayContaining([{ property: 'agentPoolProfiles.user.provisioningState', current: 'Failed', desired: 'Succeeded' }]),
    });
    await expect(cluster.verify!(h.context(cluster))).rejects.toThrow(/agentPoolProfiles\.user\.provisioningState is "Failed"/);

    await emu.control.clearRequests();
    await h.apply(cluster);
    expect(await poolWrites()).toEqual(['PUT aks-test/agentPools/user']);
    expect((await pools()).user).toMatchObject({ provisioningState: 'Succeeded' });
    expect((await h.check(cluster))[0]).toMatchObject({ action: 'none' });
    await cluster.verify!(h.context(cluster));
  });
});
