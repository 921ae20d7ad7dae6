import { beforeAll, describe, expect, it } from 'vitest';
import { STEPS } from '../../src/steps/index.js';
import { step as testDeployment, TEST_DEPLOYMENT, TEST_IMAGE, TEST_NAMESPACE } from '../../src/steps/10-test-deployment.js';
import { runKubectl } from '../../src/kube/run.js';
import { testConfig } from '../helpers/step-context.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { createStepHarness, type StepHarness } from '../helpers/step-context.js';
import { SPEED } from '../helpers/speeds.js';

describe('step 10 test deployment and egress proof (emulator, real SDK)', () => {
  const emu = useTestEmulator({ speed: SPEED.instant, resetBeforeEach: false });
  let h: StepHarness;

  beforeAll(async () => {
    h = createStepHarness(emu, { config: { resourceGroup: 'rg-td', name: 'aks-td' } });
    await h.applyAll(STEPS.slice(0, 5));
  });

  it('is skipped with --no-test-deployment', () => {
    expect(testDeployment.skipReason!(testConfig({ testDeployment: false }))).toMatch(/disabled/);
    expect(testDeployment.skipReason!(testConfig())).toBeUndefined();
  });

  it('in plan on an empty subscription, lists the namespace and deployment as creations and the egress proof as a read, without writing', async () => {
    const empty = createStepHarness(emu, { config: { resourceGroup: 'rg-td-empty', name: 'aks-empty' } });
    expect((await empty.check(testDeployment)).map((c) => c.action)).toEqual(['create', 'create', 'read']);
    expect(empty.writeCount()).toBe(0);
  });

  it('shows that the 2020 article’s Docker Hub nginx would not roll out behind the firewall', async () => {
    const ctx = h.context(testDeployment);
    await runKubectl(ctx, 'kubectl create deployment article-nginx --image=nginx');
    const rollout = await runKubectl(ctx, 'kubectl rollout status deployment/article-nginx --timeout=30s');
    expect(rollout.exitCode).not.toBe(0);
    await runKubectl(ctx, 'kubectl delete deployment article-nginx');
  });

  it('creates the namespace and the MCR nginx deployment, rolls it out and proves egress', async () => {
    const changes = await h.check(testDeployment);
    expect(changes.map((c) => [c.name, c.action])).toEqual([
      [TEST_NAMESPACE, 'create'],
      [`${TEST_NAMESPACE}/${TEST_DEPLOYMENT}`, 'create'],
    ]);
    const outputs = await testDeployment.apply(h.context(testDeployment), changes);
    await testDeployment.verify!(h.context(testDeployment));
    expect(outputs).toEqual({
      deployment: `${TEST_NAMESPACE}/${TEST_DEPLOYMENT}`,
      image: TEST_IMAGE,
      allowedProbe: 'reachable',
      blockedProbe: 'blocked',
    });
  });

  it('re-applies idempotently: nothing to create, zero ARM writes', async () => {
    h.resetCounters();
    const changes = await h.check(testDeployment);
    expect(changes.filter((c) => c.action !== 'none')).toEqual([]);
    await testDeployment.apply(h.context(testDeployment), changes);
    expect(h.writeCount()).toBe(0);
  });

  it('fails the egress proof when a firewall rule lets the non-allowed FQDN through', async () => {
    const network = await h.azure.network();
    const rg = h.config.resourceGroup;
    await network.firewallPolicyRuleCollectionGroups.beginCreateOrUpdateAndWait(rg, h.names.firewallPolicy, 'rcg-too-open', {
      priority: 150,
      ruleCollections: [
        {
          ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
          name: 'allow-bing',
          priority: 100,
          action: { type: 'Allow' },
          rules: [
            {
              ruleType: 'ApplicationRule',
              name: 'bing',
              sourceAddresses: ['*'],
              targetFqdns: ['www.bing.com'],
              protocols: [{ protocolType: 'Https', port: 443 }],
            },
          ],
        } as never,
      ],
    });
    await expect(testDeployment.verify!(h.context(testDeployment))).rejects.toMatchObject({ code: 'EgressNotRestricted' });
    await network.firewallPolicyRuleCollectionGroups.beginDeleteAndWait(rg, h.names.firewallPolicy, 'rcg-too-open');
    await testDeployment.verify!(h.context(testDeployment));
  });

  it('checks without waiting when the operator has no role on the cluster yet (a run killed before step 5 granted it)', async () => {
    const auth = await h.azure.authorization();
    const aks = await h.azure.containerService();
    const clusterId = (await aks.managedClusters.get(h.config.resourceGroup, h.names.cluster)).id!;
    const granted = [];
    for await (const a of auth.roleAssignments.listForScope(clusterId)) if (a.scope === clusterId) granted.push(a);
    expect(granted.length).toBeGreaterThan(0);
    for (const a of granted) await auth.roleAssignments.deleteById(a.id!);
    const runCommands = async () =>
      (await emu.control.requests()).filter((r) => r.method === 'POST' && r.path.endsWith('/runCommand')).length;
    const before = await runCommands();
    // Refused by Azure RBAC: nothing in the cluster can be read, so the check says what applying would do, at once.
    expect((await h.check(testDeployment)).map((c) => c.action)).toEqual(['create', 'create', 'read']);
    // One kubectl call, not the retries that wait minutes for a role assignment to propagate.
    expect((await runCommands()) - before).toBe(1);
    for (const a of granted)
      await auth.roleAssignments.createById(a.id!, { roleDefinitionId: a.roleDefinitionId!, principalId: a.principalId! });
  });
});
