import { beforeAll, describe, expect, it } from 'vitest';
import { runVerify } from '../../src/verify/index.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';

/**
 * A plain public cluster created through the SDK, the way a team would without this tool: no custom VNet,
 * no route table, no firewall. verify must audit it without crashing and name what is missing.
 */
describe('verify -g -n on a plain public cluster', () => {
  const emu = useTestEmulator({ speed: SPEED.instant, resetBeforeEach: false });
  beforeAll(async () => {
    const azure = emu.clients();
    await (await azure.resources()).resourceGroups.createOrUpdate('rg-public', { location: 'eastus' });
    const aks = await azure.containerService();
    await aks.managedClusters
      .createOrUpdate(
        'rg-public',
        'aks-public',
        {
          location: 'eastus',
          dnsPrefix: 'aks-public',
          identity: { type: 'SystemAssigned' },
          agentPoolProfiles: [{ name: 'nodepool1', count: 1, vmSize: 'Standard_D2s_v5', mode: 'System', osType: 'Linux' }],
        },
        { updateIntervalInMs: 20 },
      )
      .pollUntilDone();
  });

  it('reports the expected failures and passes nothing it cannot see', async () => {
    const report = await runVerify({ azure: emu.clients(), resourceGroup: 'rg-public', clusterName: 'aks-public', inCluster: false });
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
    expect(report.status).toBe('fail');
    for (const id of [
      'api-server.private',
      'api-server.no-public-fqdn',
      'api-server.authorized-ip-ranges',
      'egress.outbound-type',
      'egress.default-route',
      'network.node-nsg',
      'cluster.entra-rbac',
      'cluster.local-accounts-disabled',
      'cluster.workload-identity',
    ]) {
      expect(byId[id]?.result, `${id}: ${byId[id]?.evidence}`).toBe('fail');
      expect(byId[id]!.remediation.length).toBeGreaterThan(10);
    }
    for (const id of [
      'api-server.private-endpoint',
      'api-server.private-dns',
      'egress.required-fqdns',
      'egress.no-wildcard-app-rule',
      'egress.dns-proxy',
      'network.bastion-nsg',
      'network.jumphost-no-public-ip',
    ]) {
      expect(byId[id]?.result, id).toBe('not-applicable');
    }
    expect(byId['cluster.node-public-ip']!.result).toBe('pass');
    expect(byId['cluster.kubernetes-version']!.result).toBe('pass');
    expect(report.readErrors).toEqual([]);
  });

  it('a cluster that does not exist is a usage error naming it', async () => {
    await expect(
      runVerify({ azure: emu.clients(), resourceGroup: 'rg-public', clusterName: 'nope', inCluster: false }),
    ).rejects.toMatchObject({
      code: 'ClusterNotFound',
      message: expect.stringContaining('nope'),
    });
  });
});
