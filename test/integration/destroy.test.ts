import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestEmulator } from '../helpers/emulator.js';
import { BUILT_IN_ROLES, roleAssignmentGuid } from '../../src/azure/role-assignments.js';
import { deploy, readState, refusedWrites, runDestroyCli, tagged, type Deployed } from './destroy-fixture.js';
import { SPEED } from '../helpers/speeds.js';

/**
 * destroy on a deployment the ten steps built, to which the user added things of their own: a subnet
 * in our VNet, an NSG attached to it, and (second suite) a resource group that existed before.
 */
describe('destroy of a complete deployment in a group it created', () => {
  const emu = useTestEmulator({ speed: SPEED.instant, resetBeforeEach: false });
  let d: Deployed;
  const id = 'destroy-full-01';
  let first: Awaited<ReturnType<typeof runDestroyCli>>;

  beforeAll(async () => {
    d = await deploy(emu, { resourceGroup: 'rg-destroy', name: 'aks-destroy', deploymentId: id });
    const net = await d.h.azure.network();
    const o = { updateIntervalInMs: 20 };
    // What a colleague adds by hand: an NSG (no tags) on their own subnet inside our VNet.
    const nsg = await net.networkSecurityGroups.beginCreateOrUpdateAndWait('rg-destroy', 'nsg-user', { location: 'eastus' }, o);
    await net.subnets.beginCreateOrUpdateAndWait(
      'rg-destroy',
      d.h.names.vnet,
      'snet-user',
      { addressPrefix: '10.42.2.0/24', networkSecurityGroup: { id: nsg.id } },
      o,
    );
    // The state was written with the jumphost step done and no key file recorded: the key keeps its first name.
    writeFileSync(join(dirname(d.stateFile), `${d.h.names.cluster}-jumphost.key`), 'not a real key\n', { mode: 0o600 });
    // What an older version of step 3 granted: Network Contributor on the node subnet (now on the VNet).
    const principalId = String(d.h.outputs.get('identity')!.identityPrincipalId);
    const nodeSubnetId = String(d.h.outputs.get('network')!.nodeSubnetId);
    const auth = await d.h.azure.authorization();
    await auth.roleAssignments.create(
      nodeSubnetId.slice(1),
      roleAssignmentGuid(principalId, BUILT_IN_ROLES.networkContributor, nodeSubnetId),
      {
        roleDefinitionId: `/subscriptions/${d.h.config.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES.networkContributor}`,
        principalId,
        principalType: 'ServicePrincipal',
      },
    );
    await emu.control.clearRequests();
    first = await runDestroyCli(d.stateFile);
  }, 180_000);

  it('exits 0 with one JSON document: status done, every step pending again as the state records it', () => {
    expect(first.out.stderr).not.toContain('Error');
    expect(first.exit).toBe(0);
    expect(first.json.command).toBe('destroy');
    expect(first.json.status).toBe('done');
    expect(first.json.steps.map((s: any) => `${s.number}:${s.id}:${s.status}`)).toEqual([
      '1:identity:pending',
      '2:network:pending',
      '3:egress-route:pending',
      '4:firewall-rules:pending',
      '5:cluster:pending',
      '6:private-endpoint:pending',
      '7:nsg:pending',
      '8:bastion:pending',
      '9:health:pending',
      '10:test-deployment:pending',
    ]);
  });

  it('leaves nothing carrying the deployment tag but the VNet and group kept for the user, node resource group and role assignments (an older subnet-scoped one too) included', async () => {
    expect((await tagged(emu, id)).map((r) => r.split('/').pop()).sort()).toEqual(['rg-destroy', d.h.names.vnet].sort());
    const left = (await emu.control.resources()).map((r) => r.id.toLowerCase());
    expect(left.filter((r) => r.includes('mc_rg-destroy'))).toEqual([]);
    expect(left.filter((r) => r.includes('roleassignments'))).toEqual([]);
    const types = first.json.deleted.map((x: any) => x.type.toLowerCase());
    for (const t of [
      'virtualmachines',
      'bastionhosts',
      'managedclusters',
      'azurefirewalls',
      'firewallpolicies',
      'routetables',
      'networksecuritygroups',
      'userassignedidentities',
      'roleassignments',
      'subnets',
    ]) {
      expect(
        types.some((x: string) => x.endsWith(t)),
        t,
      ).toBe(true);
    }
  });

  it("keeps the user's subnet and NSG, and with them the VNet and the group, each with a reason", async () => {
    const kept = Object.fromEntries(first.json.kept.map((k: any) => [k.id.split('/').pop(), k.reason]));
    expect(kept['nsg-user']).toMatch(/not created by this deployment/);
    expect(kept['snet-user']).toMatch(/did not create/);
    expect(kept[d.h.names.vnet]).toMatch(/snet-user/);
    expect(kept['rg-destroy']).toMatch(/not empty/);
    const ids = (await emu.control.resources()).map((r) => r.id.split('/').pop());
    expect(ids).toEqual(expect.arrayContaining(['rg-destroy', 'nsg-user', 'snet-user', d.h.names.vnet]));
    // The user's subnet keeps its own NSG association.
    const net = await d.h.azure.network();
    expect((await net.subnets.get('rg-destroy', d.h.names.vnet, 'snet-user')).networkSecurityGroup?.id).toMatch(/nsg-user$/);
  });

  it('respected the in-use rules: Azure refused nothing', async () => {
    expect(await refusedWrites(emu)).toEqual([]);
  });

  it('journals the teardown: every step pending with no outputs; the jumphost key is removed', async () => {
    const state = await readState(d.stateFile);
    expect(state.command).toBe('destroy');
    for (const rec of Object.values(state.steps)) {
      expect(rec?.status).toBe('pending');
      expect(rec?.outputs).toBeUndefined();
    }
    expect(existsSync(join(dirname(d.stateFile), `${d.h.names.cluster}-jumphost.key`))).toBe(false);
  });

  it('a second destroy is a no-op: exit 0, nothing deleted, zero writes', async () => {
    await emu.control.clearRequests();
    const again = await runDestroyCli(d.stateFile);
    expect(again.exit).toBe(0);
    expect(again.json.status).toBe('done');
    expect(again.json.deleted).toEqual([]);
    const writes = (await emu.control.requests()).filter((r) => r.method !== 'GET');
    expect(writes).toEqual([]);
  });

  it('without --yes and no way to prompt: exit 3 naming --yes, before any ARM call', async () => {
    await emu.control.clearRequests();
    const refused = await runDestroyCli(d.stateFile, { yes: false });
    expect(refused.exit).toBe(3);
    expect(refused.json.error.code).toBe('InputRequired');
    expect(refused.json.error.message).toContain('--yes');
    expect(await emu.control.requests()).toEqual([]);
  });
});
