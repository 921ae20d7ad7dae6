import { describe, expect, it } from 'vitest';
import { isNotFoundOutput, parseNodes, parsePods, parseTables } from '../../src/kube/parse.js';

// `kubectl get nodes && kubectl get all --all-namespaces` as runCommand returns it: the two outputs are
// concatenated with no blank line between them.
const OUTPUT = `NAME                                STATUS                     ROLES    AGE   VERSION
aks-system-12345678-vmss000000      Ready                      <none>   12m   v1.33.3
aks-system-12345678-vmss000001      NotReady                   <none>   12m   v1.33.3
aks-system-12345678-vmss000002      Ready,SchedulingDisabled   <none>   12m   v1.33.3
NAMESPACE     NAME                                      READY   STATUS             RESTARTS      AGE
kube-system   pod/coredns-5d78c9869d-abcde              1/1     Running            0             12m
kube-system   pod/metrics-server-7b9f8c6d5-xyz12        0/1     Running            2 (5m ago)    12m
kube-system   pod/job-12345                             0/1     Completed          0             12m
default       pod/web-7c9d8-aaaaa                       0/1     ImagePullBackOff   0             2m

NAMESPACE     NAME                 TYPE        CLUSTER-IP    EXTERNAL-IP   PORT(S)         AGE
default       service/kubernetes   ClusterIP   172.16.0.1    <none>        443/TCP         12m

NAMESPACE     NAME                                 DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE
kube-system   daemonset.apps/kube-proxy            3         3         3       3            3           kubernetes.io/os=linux   12m

NAMESPACE     NAME                            READY   UP-TO-DATE   AVAILABLE   AGE
kube-system   deployment.apps/coredns         2/2     2            2           12m
`;

describe('kubectl output parsing', () => {
  it('splits chained and blank-line separated tables at their headers', () => {
    const tables = parseTables(OUTPUT);
    expect(tables.map((t) => t.columns[0])).toEqual(['NAME', 'NAMESPACE', 'NAMESPACE', 'NAMESPACE', 'NAMESPACE']);
    expect(tables[3]!.columns).toContain('NODE SELECTOR');
    expect(tables[3]!.rows[0]!['NODE SELECTOR']).toBe('kubernetes.io/os=linux');
  });

  it('reads node readiness, counting a cordoned node as Ready', () => {
    expect(parseNodes(OUTPUT)).toEqual([
      { name: 'aks-system-12345678-vmss000000', status: 'Ready', ready: true },
      { name: 'aks-system-12345678-vmss000001', status: 'NotReady', ready: false },
      { name: 'aks-system-12345678-vmss000002', status: 'Ready,SchedulingDisabled', ready: true },
    ]);
  });

  it('reads pods only (not deployments), keeping multi-word cells and judging health', () => {
    const pods = parsePods(OUTPUT);
    expect(pods.map((p) => [p.namespace, p.name, p.status, p.healthy])).toEqual([
      ['kube-system', 'coredns-5d78c9869d-abcde', 'Running', true],
      ['kube-system', 'metrics-server-7b9f8c6d5-xyz12', 'Running', false],
      ['kube-system', 'job-12345', 'Completed', true],
      ['default', 'web-7c9d8-aaaaa', 'ImagePullBackOff', false],
    ]);
  });

  it('reads `kubectl get pods` without a namespace column', () => {
    const pods = parsePods('NAME          READY   STATUS    RESTARTS   AGE\nweb-1-abcde   1/1     Running   0          1m\n');
    expect(pods).toEqual([{ namespace: 'default', name: 'web-1-abcde', status: 'Running', ready: '1/1', healthy: true }]);
  });

  it('ignores "No resources found" and recognises NotFound errors', () => {
    expect(parseTables('No resources found in default namespace.\n')).toEqual([]);
    expect(isNotFoundOutput('Error from server (NotFound): deployments.apps "x" not found\n')).toBe(true);
    expect(isNotFoundOutput('NAME   READY\nx      1/1\n')).toBe(false);
  });
});
