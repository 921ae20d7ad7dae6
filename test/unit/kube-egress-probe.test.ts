import { describe, expect, it } from 'vitest';
import { parseProbe, probeCommand, PROBE_IMAGE } from '../../src/kube/egress-probe.js';

describe('egress probe command', () => {
  it('runs two short-lived MCR pods with curl, one per URL', () => {
    const cmd = probeCommand('secure-aks-test', 'abc123');
    expect(PROBE_IMAGE.startsWith('mcr.microsoft.com/')).toBe(true);
    expect(cmd.split('; ')).toHaveLength(2);
    expect(cmd).toContain('kubectl run secure-aks-egress-allowed-abc123 -n secure-aks-test --rm -i --restart=Never');
    expect(cmd).toContain("-w 'allowed=%{http_code}\\n' https://mcr.microsoft.com/v2/");
    expect(cmd).toContain("-w 'blocked=%{http_code}\\n' https://www.bing.com/");
  });

  it('reads the markers, 000 when the firewall reset the connection, nothing when the pod never ran', () => {
    const logs = 'allowed=200\npod "a" deleted\ncurl: (35) Recv failure: Connection reset by peer\nblocked=000\npod "b" deleted\n';
    expect(parseProbe(logs, 'allowed')).toBe(200);
    expect(parseProbe(logs, 'blocked')).toBe(0);
    expect(parseProbe('error: timed out waiting for the condition\n', 'allowed')).toBeUndefined();
  });
});
