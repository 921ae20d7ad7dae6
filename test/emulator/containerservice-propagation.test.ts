/**
 * Role assignments take effect only after they propagate (Azure RBAC: up to 10 minutes; typical profile
 * here: 60 Azure seconds, passed by advancing the emulator's clock), for the AKS control plane acting as the cluster identity
 * and for kubectl through runCommand. And the system private DNS zone's VNet link needs join permission on
 * the VNet itself.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SUB, useTestEmulator } from '../helpers/emulator.js';
import { finished } from '../helpers/clock.js';
import { SPEED } from '../helpers/speeds.js';
import { buildAksNetwork, CALLER_PRINCIPAL_ID, grant, privateCluster, propagate, RG, type AksNetwork } from './containerservice-fixture.js';

// Frozen: a grant never propagates on its own while a test looks; only the clock advances pass it.
const emu = useTestEmulator({ speed: SPEED.frozen });
const vnetOf = (net: AksNetwork) => net.nodeSubnetId.split('/subnets/')[0];
const settle = () => propagate(emu);

async function creator(): Promise<(net: AksNetwork, name?: string) => Promise<any>> {
  const cs = await emu.clients().containerService();
  return (net, name = 'aks-demo') => finished(emu, cs.managedClusters.createOrUpdate(RG, name, privateCluster(net)));
}

describe('AKS as the cluster identity sees a role assignment only once it has propagated', () => {
  it('answers LinkedAuthorizationFailed for the subnet until the grant has propagated', async () => {
    const net = await buildAksNetwork(emu, { grantSubnet: false, grantVnet: false });
    const create = await creator();
    await grant(emu, vnetOf(net), net.principalId);
    const err = await create(net).catch((e) => e);
    expect(err).toMatchObject({ statusCode: 400, code: 'LinkedAuthorizationFailed' });
    expect(err.message).toBe(
      `The client '${net.principalId}' with object id '${net.principalId}' has permission to perform action 'Microsoft.Compute/virtualMachineScaleSets/write' ` +
        `on scope '/subscriptions/${SUB}/resourceGroups/MC_${RG}_aks-demo_eastus'; however, it does not have permission to perform action(s) ` +
        `'Microsoft.Network/virtualNetworks/subnets/join/action' on the linked scope(s) '${net.nodeSubnetId}' (respectively) or the linked scope(s) are invalid.`,
    );
    await settle();
    expect((await create(net)).provisioningState).toBe('Succeeded');
  });

  it('answers CustomRouteTableMissingPermission until the route table grant has propagated', async () => {
    const net = await buildAksNetwork(emu, { grantRouteTable: false });
    const create = await creator();
    await grant(emu, net.routeTableId, net.principalId);
    const err = await create(net).catch((e) => e);
    expect(err).toMatchObject({
      statusCode: 400,
      code: 'CustomRouteTableMissingPermission',
      message: expect.stringContaining('https://aka.ms/aks/customrt'),
    });
    await settle();
    expect((await create(net)).provisioningState).toBe('Succeeded');
  });

  it('honours a grant at once with rbac-propagation relaxed', async () => {
    const net = await buildAksNetwork(emu, { grantRouteTable: false });
    const create = await creator();
    await emu.control.setStrictness({ 'rbac-propagation': false });
    await grant(emu, net.routeTableId, net.principalId);
    expect((await create(net)).provisioningState).toBe('Succeeded');
  });
});

describe('the system private DNS zone needs virtualNetworks/join/action on the VNet', () => {
  it('fails the create with CreateOrUpdateVirtualNetworkLinkFailed when the identity may join only the subnet', async () => {
    const net = await buildAksNetwork(emu, { grantVnet: false });
    const create = await creator();
    const err = await create(net).catch((e) => e);
    expect(String(err.message)).toContain('CreateOrUpdateVirtualNetworkLinkFailed');
    expect(String(err.message)).toContain(
      `does not have permission to perform action(s) 'Microsoft.Network/virtualNetworks/join/action' on the linked scope(s) '${vnetOf(net)}'`,
    );
    const cs = await emu.clients().containerService();
    expect((await cs.managedClusters.get(RG, 'aks-demo')).provisioningState).toBe('Failed');
  });

  it('lets the create through with private-dns-vnet-join relaxed', async () => {
    const net = await buildAksNetwork(emu, { grantVnet: false });
    const create = await creator();
    await emu.control.setStrictness({ 'private-dns-vnet-join': false });
    expect((await create(net)).provisioningState).toBe('Succeeded');
  });
});

describe('kubectl through runCommand', () => {
  it('is Forbidden right after the AKS RBAC Cluster Admin assignment, and answers once it has propagated', async () => {
    const net = await buildAksNetwork(emu);
    await (
      await creator()
    )(net, 'aks-rbac');
    const cs = await emu.clients().containerService();
    const auth = await emu.clients().authorization();
    const scope = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/aks-rbac`;
    const clusterAdmin = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b`;
    await auth.roleAssignments.create(scope, randomUUID(), {
      roleDefinitionId: clusterAdmin,
      principalId: CALLER_PRINCIPAL_ID,
      principalType: 'User',
    });
    const kubectl = () =>
      finished(emu, cs.managedClusters.runCommand(RG, 'aks-rbac', { command: 'kubectl get nodes', clusterToken: 'entra-token' }));
    const early = await kubectl();
    expect(early.exitCode).toBe(1);
    expect(early.logs).toContain('Error from server (Forbidden)');
    await settle();
    expect((await kubectl()).exitCode).toBe(0);
  });
});
