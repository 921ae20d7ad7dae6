import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { UNKNOWN_TOKEN_PRINCIPAL_ID } from '../../src/azure/clients.js';
import { DEFAULT_PRINCIPAL_ID } from '../../src/emulator/core/ids.js';
import { SUB, useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';
import { buildAksNetwork, CALLER_PRINCIPAL_ID, grantClusterAdmin, privateCluster, propagate, RG } from './containerservice-fixture.js';

const WAIT = { updateIntervalInMs: 20 };
const ROLE = (guid: string) => `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
const CONTRIBUTOR = ROLE('b24988ac-6180-42a0-ab88-20f7382dd24c');
const OWNER = ROLE('8e3af657-a8ff-443c-a75c-2fe8c4bcb635');
const NOT_IN_AZURE = 'User does not have access to the resource in Azure. Update role assignment to allow access.';

const emu = useTestEmulator({ speed: SPEED.instant, resetBeforeEach: false });
beforeAll(async () => {
  const net = await buildAksNetwork(emu);
  const cs = await emu.clients().containerService();
  await cs.managedClusters.createOrUpdate(RG, 'aks-rbac', privateCluster(net), WAIT);
});

async function kubectl(command: string) {
  const cs = await emu.clients().containerService();
  const result = await cs.managedClusters.runCommand(RG, 'aks-rbac', { command, clusterToken: 'entra-token' }, WAIT);
  return { state: result.provisioningState, exitCode: result.exitCode, logs: result.logs ?? '' };
}

describe('runCommand on a cluster with Azure RBAC for Kubernetes and no local accounts', () => {
  it('acts as the principal the product believes it is when its token is not a JWT', () => {
    expect(DEFAULT_PRINCIPAL_ID).toBe(UNKNOWN_TOKEN_PRINCIPAL_ID);
    expect(CALLER_PRINCIPAL_ID).toBe(DEFAULT_PRINCIPAL_ID);
  });

  it("refuses kubectl with kubectl's Forbidden while the caller has only Owner and Contributor (no dataActions)", async () => {
    const auth = await emu.clients().authorization();
    await auth.roleAssignments.create(`/subscriptions/${SUB}`, randomUUID(), { roleDefinitionId: OWNER, principalId: CALLER_PRINCIPAL_ID });
    await auth.roleAssignments.create(`/subscriptions/${SUB}/resourceGroups/${RG}`, randomUUID(), {
      roleDefinitionId: CONTRIBUTOR,
      principalId: CALLER_PRINCIPAL_ID,
    });
    await propagate(emu);

    const nodes = await kubectl('kubectl get nodes');
    // The command ran; kubectl inside it was refused.
    expect(nodes).toEqual({
      state: 'Succeeded',
      exitCode: 1,
      logs: `Error from server (Forbidden): nodes is forbidden: User "${CALLER_PRINCIPAL_ID}" cannot list resource "nodes" in API group "" at the cluster scope: ${NOT_IN_AZURE}\n`,
    });
    expect((await kubectl('kubectl create deployment web --image=mcr.microsoft.com/oss/nginx/nginx:1.27.5')).logs).toBe(
      `Error from server (Forbidden): deployments.apps is forbidden: User "${CALLER_PRINCIPAL_ID}" cannot create resource "deployments" in API group "apps" in the namespace "default": ${NOT_IN_AZURE}\n`,
    );
    // `;` runs both and both are refused; `kubectl version` needs no role.
    const both = await kubectl('kubectl get nodes; kubectl get pods -n kube-system');
    expect(both.logs.match(/Forbidden/g)).toHaveLength(2);
    expect(both.logs).toContain('in the namespace "kube-system"');
    expect((await kubectl('kubectl version')).exitCode).toBe(0);
  });

  it('answers once the caller holds Azure Kubernetes Service RBAC Cluster Admin on the cluster (after it propagates)', async () => {
    await grantClusterAdmin(emu, 'aks-rbac');
    const nodes = await kubectl('kubectl get nodes');
    expect(nodes.exitCode).toBe(0);
    expect(nodes.logs).toMatch(/^NAME\s+STATUS/);
  });

  it('another principal than the one granted is still refused', async () => {
    const other = randomUUID();
    await emu.control.setCaller({ actions: ['*'], principalId: other });
    try {
      const r = await kubectl('kubectl get pods -A');
      expect(r.exitCode).toBe(1);
      expect(r.logs).toContain(`pods is forbidden: User "${other}" cannot list resource "pods" in API group "" at the cluster scope`);
    } finally {
      await emu.control.setCaller({ actions: ['*'] });
    }
  });
});
