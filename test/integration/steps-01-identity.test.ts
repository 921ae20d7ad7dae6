import { describe, expect, it } from 'vitest';
import { useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';
import { createStepHarness } from '../helpers/step-context.js';
import { step } from '../../src/steps/01-identity.js';
import { AuthError, ExitCode } from '../../src/core/errors.js';

const emu = useTestEmulator({ speed: SPEED.fast });

const CONTRIBUTOR = {
  actions: ['*'],
  notActions: ['Microsoft.Authorization/*/Delete', 'Microsoft.Authorization/*/Write', 'Microsoft.Authorization/elevateAccess/Action'],
};

describe('step 1 identity', () => {
  it('creates the resource group and identity, then finds nothing to do and writes nothing', async () => {
    const h = createStepHarness(emu);
    const first = await h.check(step);
    expect(first.filter((c) => c.action === 'create').map((c) => c.resourceType)).toEqual([
      'Microsoft.Resources/resourceGroups',
      'Microsoft.ManagedIdentity/userAssignedIdentities',
    ]);
    const { outputs } = await h.apply(step);
    expect(outputs.resourceGroupCreated).toBe(true);
    expect(outputs.identityId).toMatch(/userAssignedIdentities\/id-aks-test$/i);
    expect(outputs.identityPrincipalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(outputs.identityClientId).toMatch(/^[0-9a-f-]{36}$/);

    const resources = await emu.control.resources();
    const rg = resources.find((r) => r.type === 'Microsoft.Resources/resourceGroups');
    expect(rg?.tags).toEqual({ 'managed-by': 'secure-aks', 'secure-aks-deployment': h.deploymentId });
    expect(resources.find((r) => r.type === 'Microsoft.ManagedIdentity/userAssignedIdentities')?.tags?.['managed-by']).toBe('secure-aks');

    h.resetCounters();
    expect((await h.check(step)).every((c) => c.action === 'none')).toBe(true);
    const again = await h.apply(step);
    expect(h.writeCount()).toBe(0);
    expect(again.outputs).toEqual(outputs);
    await step.verify!(h.context(step));
  });

  it('refuses a Contributor-only caller before any write, naming the missing action and the role', async () => {
    await emu.control.setCaller(CONTRIBUTOR);
    await emu.control.clearRequests();
    const h = createStepHarness(emu);
    const err = await h.check(step).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    const auth = err as AuthError;
    expect(auth.exitCode).toBe(ExitCode.auth);
    expect(auth.message).toContain('Microsoft.Authorization/roleAssignments/write');
    expect(auth.message).not.toContain('Microsoft.Network/virtualNetworks/write');
    expect(auth.remediation).toMatch(/User Access Administrator/);
    // apply refuses as well, and nothing was written.
    await expect(h.apply(step)).rejects.toBeInstanceOf(AuthError);
    const writes = (await emu.control.requests()).filter((r) => ['PUT', 'PATCH', 'DELETE'].includes(r.method));
    expect(writes).toEqual([]);
  });

  it('lists every missing action for a network-only caller', async () => {
    await emu.control.setCaller({ actions: ['Microsoft.Network/*', '*/read'], notActions: [] });
    const h = createStepHarness(emu, { config: { bastion: false, jumphost: false } });
    const err = (await h.check(step).catch((e: unknown) => e)) as AuthError;
    expect(err).toBeInstanceOf(AuthError);
    for (const a of [
      'Microsoft.Resources/subscriptions/resourceGroups/write',
      'Microsoft.ContainerService/managedClusters/write',
      'Microsoft.ManagedIdentity/userAssignedIdentities/write',
      'Microsoft.Authorization/roleAssignments/write',
      'Microsoft.ContainerService/managedClusters/runCommand/action',
      'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action',
    ]) {
      expect(err.message).toContain(a);
    }
    expect(err.message).not.toContain('Microsoft.Compute/virtualMachines/write');
    expect(h.writeCount()).toBe(0);
  });

  it("uses a user's existing resource group without claiming it", async () => {
    const rm = await emu.clients().resources();
    await rm.resourceGroups.createOrUpdate('rg-steps-test', { location: 'eastus', tags: { owner: 'platform-team' } });
    const h = createStepHarness(emu);
    const { outputs } = await h.apply(step);
    expect(outputs.resourceGroupCreated).toBe(false);
    const rg = await rm.resourceGroups.get('rg-steps-test');
    expect(rg.tags).toEqual({ owner: 'platform-team' });
  });

  it('registers a resource provider that is not registered', async () => {
    await emu.control.setProviderState('Microsoft.ContainerService', 'NotRegistered');
    const h = createStepHarness(emu);
    const changes = await h.check(step);
    expect(changes.find((c) => c.name === 'Microsoft.ContainerService')?.action).toBe('update');
    await h.apply(step);
    const rm = await emu.clients().resources();
    expect((await rm.providers.get('Microsoft.ContainerService')).registrationState).toBe('Registered');
  });
});
