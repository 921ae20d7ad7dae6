/**
 * Steps 9 and 10 with a User pool: health counts the nodes of both pools, and the test deployment runs on
 * the User pool (the System pool is tainted CriticalAddonsOnly), which step 10 checks.
 */
import { describe, expect, it } from 'vitest';
import { STEPS } from '../../src/steps/index.js';
import { step as health } from '../../src/steps/09-health.js';
import { step as testDeployment, TEST_DEPLOYMENT, TEST_NAMESPACE } from '../../src/steps/10-test-deployment.js';
import { runKubectl } from '../../src/kube/run.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { createStepHarness } from '../helpers/step-context.js';
import { SPEED } from '../helpers/speeds.js';

const emu = useTestEmulator({ speed: SPEED.instant });

describe('steps 9 and 10 with a user pool', () => {
  it('sees the nodes of both pools Ready and runs the test deployment on the user pool', async () => {
    const h = createStepHarness(emu, {
      config: { resourceGroup: 'rg-up', name: 'aks-up', zones: ['1', '2'], userPool: true, userPoolCount: 1, userPoolZones: ['3'] },
    });
    await h.applyAll(STEPS.slice(0, 5));
    const { outputs } = await h.apply(health);
    expect(outputs.nodesReady).toBe(3);

    await h.apply(testDeployment);
    const ctx = h.context(testDeployment);
    const pods = await runKubectl(ctx, `kubectl get pods -n ${TEST_NAMESPACE} -l app=${TEST_DEPLOYMENT} -o json`);
    const nodes = JSON.parse(pods.logs).items.map((p: any) => p.spec.nodeName);
    expect(nodes).toEqual([expect.stringMatching(/^aks-user-/)]);
    const listed = JSON.parse((await runKubectl(ctx, 'kubectl get nodes -o json')).logs).items;
    expect(listed.map((n: any) => [n.metadata.labels.agentpool, n.metadata.labels['topology.kubernetes.io/zone']])).toEqual([
      ['system', 'eastus-1'],
      ['system', 'eastus-2'],
      ['user', 'eastus-3'],
    ]);
  });
});
