import { describe, expect, it } from 'vitest';
import { ALL_CHECKS, egressEvidence, evaluate, failingChecks, inClusterOnly, STEP_CHECKS } from '../../src/verify/index.js';
import { goodEvidence } from './verify-fixture.js';

/** The checks steps 6, 9 and 10 reuse: their ids exist and they judge the steps' own command output. */
const where = { subscriptionId: '00000000-0000-0000-0000-000000000000', resourceGroup: 'rg-demo', clusterName: 'aks-demo' };

describe('checks reused by init steps', () => {
  it('names only checks that exist', () => {
    const ids = new Set(ALL_CHECKS.map((c) => c.id));
    for (const list of Object.values(STEP_CHECKS)) for (const id of list) expect(ids.has(id), id).toBe(true);
  });

  it('api-server.private-endpoint fails when the endpoint sits outside every node pool subnet', () => {
    const e = goodEvidence();
    e.privateEndpoints![0]!.subnetId = '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/other';
    expect(failingChecks(e, STEP_CHECKS['private-endpoint']).map((c) => [c.id, c.evidence])).toEqual([
      ['api-server.private-endpoint', expect.stringContaining('not a node pool subnet')],
    ]);
  });

  it('api-server.private-dns words a stale A record the way step 6 reports it', () => {
    const e = goodEvidence();
    const ip = e.privateEndpoints![0]!.privateIps[0];
    e.privateDnsZones![0]!.aRecords[0]!.ipv4s = ['10.42.1.250'];
    expect(evaluate(e, ['api-server.private-dns'])[0]!.evidence).toContain(`points to 10.42.1.250, not the private endpoint IP ${ip}`);
  });

  it('health checks judge one combined nodes + pods output (step 9 lists every namespace)', () => {
    const logs = [
      'NAME                STATUS   ROLES    AGE   VERSION',
      'aks-system-0        Ready    <none>   5m    v1.33.3',
      'NAMESPACE     NAME                        READY   STATUS             RESTARTS   AGE',
      'kube-system   pod/coredns-1               1/1     Running            0          5m',
      'default       pod/dockerhub-nginx-abc     0/1     ImagePullBackOff   0          1m',
    ].join('\n');
    const result = { command: 'kubectl get nodes && kubectl get all -A', ok: true, exitCode: 0, logs };
    const failed = failingChecks(inClusterOnly(where, { nodes: result, systemPods: result }), STEP_CHECKS.health);
    expect(failed.map((c) => c.id)).toEqual(['in-cluster.system-pods']);
    expect(failed[0]!.evidence).toMatch(/default\/dockerhub-nginx-abc \(ImagePullBackOff/);
  });

  it('egress proof: a blocked probe that got an answer fails egress-denied; the firewall 470 passes', () => {
    const judge = (logs: string) =>
      failingChecks(
        inClusterOnly(where, { egress: egressEvidence({ command: 'probe', ok: true, logs }) }),
        STEP_CHECKS['test-deployment'],
      ).map((c) => c.id);
    expect(judge('allowed=200\nblocked=000\n')).toEqual([]);
    expect(judge('allowed=200\nblocked=470\n')).toEqual([]);
    expect(judge('allowed=200\nblocked=200\n')).toEqual(['in-cluster.egress-denied']);
    expect(judge('allowed=000\nblocked=000\n')).toEqual(['in-cluster.egress-allowed']);
    expect(judge('error: timed out waiting for the condition\n')).toEqual(['in-cluster.egress-allowed']);
  });
});
