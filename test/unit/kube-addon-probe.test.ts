import { describe, expect, it } from 'vitest';
import { parseProbeOutcome, probesCommand } from '../../src/kube/addon-probe.js';
import { PROBE_IMAGE } from '../../src/kube/egress-probe.js';

describe('add-on probes', () => {
  it('one short-lived MCR pod per name, in one command line, each printing its label, status, curl exit code and the address it reached', () => {
    const command = probesCommand(
      'default',
      [
        { label: 'monitoring', host: 'eastus.handler.control.monitor.azure.com' },
        { label: 'azurePolicy', host: 'data.policy.core.windows.net' },
      ],
      'abc123',
    );
    expect(command).toBe(
      `kubectl run secure-aks-probe-monitoring-abc123 -n default --rm -i --restart=Never --image=${PROBE_IMAGE} -- ` +
        `curl -sS -o /dev/null --max-time 15 -w 'monitoring=%{http_code} exit=%{exitcode} ip=%{remote_ip}\\n' https://eastus.handler.control.monitor.azure.com/; ` +
        `kubectl run secure-aks-probe-azurepolicy-abc123 -n default --rm -i --restart=Never --image=${PROBE_IMAGE} -- ` +
        `curl -sS -o /dev/null --max-time 15 -w 'azurePolicy=%{http_code} exit=%{exitcode} ip=%{remote_ip}\\n' https://data.policy.core.windows.net/`,
    );
  });

  it('reads each outcome by label; a label without a line never ran', () => {
    const logs =
      'monitoring=200 exit=0 ip=20.1.2.3\npod "x" deleted\ncurl: (35) Recv failure: Connection reset by peer\nazurePolicy=000 exit=35 ip=\n';
    expect(parseProbeOutcome(logs, 'monitoring')).toEqual({ httpCode: 200, exitCode: 0, remoteIp: '20.1.2.3' });
    expect(parseProbeOutcome(logs, 'azurePolicy')).toEqual({ httpCode: 0, exitCode: 35, remoteIp: '' });
    expect(parseProbeOutcome(logs, 'defender')).toBeUndefined();
  });
});
