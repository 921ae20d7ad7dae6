/**
 * Azure's "try again" answers, injected as emulator faults, through the real SDK clients: each is retried
 * in one place (src/azure/retry.ts), bounded, and every wait shows as progress.
 */
import { describe, expect, it } from 'vitest';
import { useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';
import { createStepHarness, type StepHarness } from '../helpers/step-context.js';
import { step as identity } from '../../src/steps/01-identity.js';
import { step as network } from '../../src/steps/02-network.js';
import { step as egress } from '../../src/steps/03-egress-route.js';
import { step as rules } from '../../src/steps/04-firewall-rules.js';
import { step as cluster } from '../../src/steps/05-cluster.js';
import { step as nsg } from '../../src/steps/07-nsg.js';

const emu = useTestEmulator({ speed: SPEED.instant });

const PENDING =
  'Operation is not allowed: Another operation (Updating) is in progress, please wait for it to finish before starting a new operation. ' +
  'See https://aka.ms/aks-pending-operation for more details';
const MISSING_PERMISSION =
  'The cluster using user-assigned managed identity must be granted Network Contributor role on the route table. See https://aka.ms/aks/customrt.';

const harness = (rg: string, waits = {}) =>
  createStepHarness(emu, { config: { resourceGroup: rg, jumphost: false, bastion: false }, waits });
const progressWith = (h: StepHarness, text: string) => h.progress.filter((p) => p.includes(text));

describe('retries of what Azure means as "try again"', () => {
  it('a subnet write whose operation ends Failed with AnotherOperationInProgress is sent again', async () => {
    const h = harness('rg-retry-subnet');
    await h.applyAll([identity, network]);
    await emu.control.fault({
      method: 'PUT',
      path: 'subnets/snet-aks-nodes$',
      kind: 'lro-failed',
      code: 'AnotherOperationInProgress',
      message: 'Another operation on this or dependent resource is in progress.',
      times: 1,
    });
    await h.apply(nsg);
    expect(progressWith(h, 'Azure is busy with another operation (AnotherOperationInProgress)')).toHaveLength(1);
    expect((await h.check(nsg)).filter((c) => c.action !== 'none')).toEqual([]);
  });

  it('a firewall create that ends Failed with ReferencedResourceNotProvisioned is created again, journal cleared', async () => {
    const h = harness('rg-retry-firewall');
    await h.applyAll([identity, network, nsg, rules]);
    await emu.control.fault({
      method: 'PUT',
      path: 'azureFirewalls/afw-aks-test$',
      kind: 'lro-failed',
      code: 'ReferencedResourceNotProvisioned',
      message: 'Subnet AzureFirewallSubnet is not in Succeeded state. Resource is in Updating state.',
      times: 1,
    });
    await h.apply(egress);
    expect(progressWith(h, 'firewall afw-aks-test: Azure is busy with another operation (ReferencedResourceNotProvisioned)')).toHaveLength(
      1,
    );
    expect(h.journal.has('egress-route')).toBe(false);
    await egress.verify!(h.context(egress));
  });

  it('429 RetryableError without Retry-After on a rule group write is retried (the SDK alone would fail at once)', async () => {
    const h = harness('rg-retry-429');
    await h.applyAll([identity]);
    await emu.control.fault({
      method: 'PUT',
      path: 'ruleCollectionGroups/rcg-aks-egress$',
      kind: 'status',
      status: 429,
      code: 'RetryableError',
      message: 'Retryable error: ReferencedResourceNotProvisioned.',
      times: 2,
    });
    await h.apply(rules);
    const refused = (await emu.control.requests()).filter((r) => r.status === 429);
    expect(refused).toHaveLength(2);
    await rules.verify!(h.context(rules));
  });

  it("AKS 409 OperationNotAllowed (pending operation): waits for the cluster's operation, then sends the same PUT", async () => {
    const h = harness('rg-retry-pending');
    await h.applyAll([identity, network, nsg, rules, egress]);
    await emu.control.fault({
      method: 'PUT',
      path: 'managedClusters/aks-test$',
      kind: 'status',
      status: 409,
      code: 'OperationNotAllowed',
      message: PENDING,
      times: 1,
    });
    await h.apply(cluster);
    expect(progressWith(h, 'another operation is in progress on the cluster, waiting for it to finish')).toHaveLength(1);
    await cluster.verify!(h.context(cluster));
  });

  it.each([
    ['CustomRouteTableMissingPermission', 'status', { status: 400, message: MISSING_PERMISSION }],
    [
      'LinkedAuthorizationFailed',
      'lro-failed',
      {
        message:
          "The client has permission to perform action 'Microsoft.ContainerService/managedClusters/write', however it does not have permission to perform action(s) " +
          "'Microsoft.Network/virtualNetworks/join/action' on the linked scope(s).",
      },
    ],
  ] as const)('right after step 3 granted the roles, %s (%s) means "not yet": waited for, then the same PUT', async (code, kind, rest) => {
    const h = harness(`rg-retry-${kind}`, { rolePropagationMs: 20_000 });
    await h.applyAll([identity, network, nsg, rules, egress]);
    expect(h.outputs.get('egress-route')?.rolesGrantedAt).toBeTruthy();
    await emu.control.fault({ method: 'PUT', path: 'managedClusters/aks-test$', kind, code, ...rest, times: 1 });
    await h.apply(cluster);
    expect(progressWith(h, 'cluster aks-test: waiting for role assignment to propagate (up to 1 min)'), h.progress.join('\n')).toHaveLength(
      1,
    );
    await cluster.verify!(h.context(cluster));
  });

  it('gives up after the configured bound with a clear code and remediation', async () => {
    const h = harness('rg-retry-bound', { rolePropagationMs: 500 });
    await h.applyAll([identity, network, nsg, rules, egress]);
    await emu.control.fault({
      method: 'PUT',
      path: 'managedClusters/aks-test$',
      kind: 'status',
      status: 400,
      code: 'CustomRouteTableMissingPermission',
      message: MISSING_PERMISSION,
    });
    const started = Date.now();
    const err = await h.apply(cluster).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'RoleAssignmentNotPropagated',
      remediation: expect.stringContaining('SECURE_AKS_ROLE_PROPAGATION_TIMEOUT'),
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(progressWith(h, 'waiting for role assignment to propagate').length).toBeGreaterThan(0);
  });

  it('without a fresh grant a permission refusal is not waited for: the role is missing', async () => {
    const h = harness('rg-retry-nogrant');
    await h.applyAll([identity, network, nsg, rules, egress]);
    const { rolesGrantedAt: _fresh, ...older } = h.outputs.get('egress-route')!;
    void _fresh;
    h.outputs.set('egress-route', older);
    await emu.control.fault({
      method: 'PUT',
      path: 'managedClusters/aks-test$',
      kind: 'status',
      status: 400,
      code: 'CustomRouteTableMissingPermission',
      message: MISSING_PERMISSION,
      times: 1,
    });
    await expect(h.apply(cluster)).rejects.toMatchObject({ code: 'CustomRouteTableMissingPermission' });
    expect(progressWith(h, 'waiting for role assignment')).toEqual([]);
  });
});
