import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SUB, useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';
import { buildAksNetwork, grantClusterAdmin, privateCluster, RG } from './containerservice-fixture.js';

const WAIT = { updateIntervalInMs: 20 };
const emu = useTestEmulator({ speed: SPEED.instant, resetBeforeEach: false });

beforeAll(async () => {
  const net = await buildAksNetwork(emu);
  const cs = await emu.clients().containerService();
  await cs.managedClusters.createOrUpdate(RG, 'aks-demo', privateCluster(net), WAIT);
  // Azure RBAC for Kubernetes: kubectl needs a data-plane role (30 Azure seconds to propagate = 10 ms here).
  await grantClusterAdmin(emu, 'aks-demo');
});

async function kubectl(command: string, clusterToken: string | null = 'entra-token') {
  const cs = await emu.clients().containerService();
  const result = await cs.managedClusters.runCommand(RG, 'aks-demo', { command, ...(clusterToken ? { clusterToken } : {}) }, WAIT);
  return { exitCode: result.exitCode, logs: result.logs ?? '', state: result.provisioningState };
}

describe('runCommand', () => {
  it('needs a clusterToken when local accounts are disabled', async () => {
    await expect(kubectl('kubectl get nodes', null)).rejects.toMatchObject({ statusCode: 400, code: 'BadRequest' });
  });

  it('answers through a Location poll of commandResults, with the example result fields', async () => {
    const path = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/aks-demo`;
    const started = await emu.http('POST', `${path}/runCommand?api-version=2026-04-01`, { command: 'kubectl get ns', clusterToken: 't' });
    expect(started.status).toBe(202);
    expect(String(started.headers.location)).toMatch(/\/commandResults\/[0-9a-f]{32}\?api-version=2026-04-01$/);
    const poll = String(started.headers.location).replace(emu.url, '');
    let answer = await emu.http('GET', poll);
    while (answer.status === 202) answer = await emu.http('GET', poll);
    expect(answer.status).toBe(200);
    const example = JSON.parse(readFileSync('test/fixtures/arm-examples/containerservice/RunCommandResultSucceed.json', 'utf8')).responses[
      '200'
    ].body;
    expect(Object.keys(answer.body).sort()).toEqual(Object.keys(example).sort());
    for (const key of Object.keys(example.properties)) expect(answer.body.properties).toHaveProperty(key);
    expect(answer.body.properties.logs).toContain('kube-system');
  });

  it('kubectl get nodes lists Ready nodes of the pool with the cluster version', async () => {
    const r = await kubectl('kubectl get nodes');
    expect(r.state).toBe('Succeeded');
    expect(r.exitCode).toBe(0);
    const lines = r.logs.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/);
    expect(lines.slice(1)).toHaveLength(3);
    for (const line of lines.slice(1)) expect(line).toMatch(/^aks-system-\d{8}-vmss00000\d\s+Ready\s+<none>\s+\S+\s+v1\.33\.\d+$/);
  });

  it('kubectl get all -A shows the AKS system workloads, all running', async () => {
    const r = await kubectl('kubectl get all --all-namespaces');
    expect(r.exitCode).toBe(0);
    for (const name of [
      'pod/coredns-',
      'pod/konnectivity-agent-',
      'pod/metrics-server-',
      'pod/cilium-',
      'pod/azure-cns-',
      'service/kube-dns',
      'daemonset.apps/cloud-node-manager',
      'deployment.apps/coredns',
      'replicaset.apps/coredns-',
    ]) {
      expect(r.logs).toContain(name);
    }
    const podLines = r.logs.split('\n').filter((l) => l.includes(' pod/'));
    expect(podLines.length).toBeGreaterThan(10);
    for (const l of podLines) expect(l).toMatch(/\s1\/1\s+Running\s/);
    expect((await kubectl('kubectl get all -A')).logs).toBe(r.logs);
  });

  it('creates, rolls out, reads and deletes an MCR deployment', async () => {
    const image = 'mcr.microsoft.com/oss/nginx/nginx:1.27.5';
    expect(await kubectl(`kubectl create deployment web --image=${image} --replicas=2`)).toMatchObject({
      exitCode: 0,
      logs: 'deployment.apps/web created\n',
    });
    expect(await kubectl('kubectl rollout status deployment/web --timeout=120s')).toMatchObject({
      exitCode: 0,
      logs: 'deployment "web" successfully rolled out\n',
    });
    const json = JSON.parse((await kubectl('kubectl get deployment web -o json')).logs);
    expect(json).toMatchObject({ kind: 'Deployment', spec: { replicas: 2 }, status: { readyReplicas: 2 } });
    expect(json.spec.template.spec.containers[0]).toEqual({ name: 'nginx', image });
    expect((await kubectl('kubectl get deployment web -o wide')).logs).toMatch(/web\s+2\/2\s+2\s+2\s+\S+\s+nginx\s+mcr\.microsoft\.com/);
    const pods = await kubectl('kubectl get pods -l app=web');
    expect(pods.logs.trim().split('\n').slice(1)).toHaveLength(2);
    expect(await kubectl('kubectl delete deployment web')).toMatchObject({ exitCode: 0, logs: 'deployment.apps "web" deleted\n' });
    expect((await kubectl('kubectl get deployment web')).exitCode).toBe(1);
  });

  it('a Docker Hub image behind the firewall ends in ImagePullBackOff and rollout fails', async () => {
    await kubectl('kubectl create deployment nginx --image=nginx -n default');
    const rollout = await kubectl('kubectl rollout status deployment/nginx -n default --timeout=60s');
    expect(rollout.exitCode).not.toBe(0);
    expect(rollout.logs).toContain('0 of 1 updated replicas are available');
    expect((await kubectl('kubectl get pods -l app=nginx')).logs).toMatch(/nginx-\S+\s+0\/1\s+ImagePullBackOff/);
    await kubectl('kubectl delete deployment nginx');
  });

  it('probes egress through the firewall: an allowed FQDN answers, another is reset', async () => {
    const probe = (url: string) =>
      kubectl(
        `kubectl run egress-probe-1 --rm -i --restart=Never --image=mcr.microsoft.com/azurelinux/base/core:3.0 -- curl -sS -o /dev/null -w '%{http_code}' --max-time 10 ${url}`,
      );
    const ok = await probe('https://mcr.microsoft.com');
    expect(ok).toMatchObject({ exitCode: 0 });
    expect(ok.logs.split('\n')[0]).toBe('200');
    const blocked = await probe('https://www.example.com');
    expect(blocked.exitCode).not.toBe(0);
    expect(blocked.logs).toContain('Connection reset by peer');
    const http = await probe('http://www.example.com');
    expect(http.logs.split('\n')[0]).toBe('470');
  });

  it('answers unknown commands like kubectl and the shell do', async () => {
    expect(await kubectl('kubectl frobnicate')).toMatchObject({ exitCode: 1 });
    expect((await kubectl('kubectl frobnicate')).logs).toContain('unknown command');
    expect(await kubectl('helm list')).toMatchObject({ exitCode: 127 });
    const chained = await kubectl('kubectl get ns && kubectl get nodes');
    expect(chained.logs).toContain('kube-system');
    expect(chained.logs).toContain('Ready');
  });
});
