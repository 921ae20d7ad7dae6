import { beforeAll, describe, expect, it } from 'vitest';
import { STEPS } from '../../src/steps/index.js';
import { step as health } from '../../src/steps/09-health.js';
import { runKubectl } from '../../src/kube/run.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { createStepHarness, type StepHarness } from '../helpers/step-context.js';
import { SPEED } from '../helpers/speeds.js';

describe('step 9 health through runCommand (emulator, real SDK)', () => {
  const emu = useTestEmulator({ speed: SPEED.instant, resetBeforeEach: false });
  let h: StepHarness;

  beforeAll(async () => {
    h = createStepHarness(emu, { config: { resourceGroup: 'rg-health', name: 'aks-health', nodeCount: 3 } });
  });

  it('in plan before the cluster exists, shows the commands it will run, without writing', async () => {
    const changes = await h.check(health);
    expect(changes).toEqual([expect.objectContaining({ action: 'read', name: expect.stringContaining('kubectl get nodes') })]);
    expect(h.writeCount()).toBe(0);
    await h.applyAll(STEPS.slice(0, 5));
  });

  it('finds every node Ready and every pod Running, with POST runCommand only (no writes)', async () => {
    h.resetCounters();
    await emu.control.clearRequests();
    const changes = await h.check(health);
    expect(changes).toEqual([]);
    const outputs = await health.apply(h.context(health), changes);
    await health.verify!(h.context(health));
    expect(outputs.nodesReady).toBe(3);
    expect(Number(outputs.podsHealthy)).toBeGreaterThan(5);
    expect(outputs.podsCounted).toBe('all namespaces');
    expect(h.writeCount()).toBe(0);
    const requests = await emu.control.requests();
    expect(requests.filter((r) => r.method === 'POST').map((r) => r.path.split('/').pop())).toContain('runCommand');
    expect(requests.filter((r) => ['PUT', 'PATCH', 'DELETE'].includes(r.method))).toEqual([]);
  });

  it('retries a runCommand Azure throttled, and names the failure when it persists', async () => {
    await emu.control.fault({
      method: 'POST',
      path: 'runCommand$',
      kind: 'status',
      status: 429,
      code: 'TooManyRequests',
      message: 'Throttled',
      times: 1,
    });
    const outputs = await health.apply(h.context(health), []);
    expect(outputs.nodesReady).toBe(3);
    // A bare 429 is retried per request by the retry module's pipeline policy (the SDK alone would not).
    const throttled = (await emu.control.requests()).filter((r) => r.method === 'POST' && /runCommand$/.test(r.path));
    expect(throttled.map((r) => r.status)).toEqual(expect.arrayContaining([429, 202]));
    await emu.control.fault({
      method: 'POST',
      path: 'runCommand$',
      kind: 'status',
      status: 403,
      code: 'AuthorizationFailed',
      message: 'no runcommand/action',
    });
    await expect(health.apply(h.context(health), [])).rejects.toMatchObject({
      code: 'AuthorizationFailed',
      remediation: expect.stringContaining('runcommand/action'),
    });
    await emu.control.clearFaults();
  });

  it('never shows the cluster token in progress or outputs', async () => {
    const token = await h.azure.clusterToken();
    expect(JSON.stringify([h.progress, h.outputs.get('health')])).not.toContain(token);
  });

  it('fails naming a pod that cannot pull its image (Docker Hub is not allowed through the firewall)', async () => {
    const r = await runKubectl(h.context(health), 'kubectl create deployment dockerhub-nginx --image=nginx -n default');
    expect(r.exitCode).toBe(0);
    await expect(health.apply(h.context(health), [])).rejects.toMatchObject({
      code: 'ClusterNotHealthy',
      message: expect.stringMatching(/default\/dockerhub-nginx-\S+ \(ImagePullBackOff/),
    });
    await runKubectl(h.context(health), 'kubectl delete deployment dockerhub-nginx -n default');
    await health.apply(h.context(health), []);
  });
});
