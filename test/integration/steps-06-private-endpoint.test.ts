import { beforeAll, describe, expect, it } from 'vitest';
import { STEPS } from '../../src/steps/index.js';
import { step as privateEndpoint } from '../../src/steps/06-private-endpoint.js';
import { PRIVATE_DNS_API_VERSION } from '../../src/verify/collect-node-rg.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { createStepHarness, type StepHarness } from '../helpers/step-context.js';
import { SPEED } from '../helpers/speeds.js';

describe('step 6 private-endpoint (emulator, real SDK)', () => {
  const emu = useTestEmulator({ speed: SPEED.instant, resetBeforeEach: false });
  let h: StepHarness;

  beforeAll(async () => {
    h = createStepHarness(emu, { config: { resourceGroup: 'rg-pe', name: 'aks-pe' } });
  });

  it('in plan before the cluster exists, lists what AKS will create, without writing', async () => {
    const changes = await h.check(privateEndpoint);
    expect(changes.map((c) => [c.resourceType, c.action])).toEqual([
      ['Microsoft.Network/privateEndpoints', 'create'],
      ['Microsoft.Network/privateDnsZones', 'create'],
      ['Microsoft.Network/privateDnsZones/A', 'create'],
    ]);
    expect(h.writeCount()).toBe(0);
  });

  it('after the cluster, records the endpoint, its NIC IP, the zone and a matching A record', async () => {
    await h.applyAll(STEPS.slice(0, 5));
    const changes = await h.check(privateEndpoint);
    expect(changes.every((c) => c.action === 'none')).toBe(true);
    h.resetCounters();
    const outputs = await privateEndpoint.apply(h.context(privateEndpoint), changes);
    await privateEndpoint.verify!(h.context(privateEndpoint));
    expect(h.writeCount()).toBe(0);

    const cluster = await (await h.azure.containerService()).managedClusters.get(h.config.resourceGroup, h.names.cluster);
    expect(outputs.privateFqdn).toBe(cluster.privateFqdn);
    expect(String(outputs.privateDnsZoneId)).toMatch(
      new RegExp(
        `/resourceGroups/${cluster.nodeResourceGroup}/providers/Microsoft.Network/privateDnsZones/[^/]+\\.privatelink\\.eastus\\.azmk8s\\.io$`,
        'i',
      ),
    );
    const pe = await (await h.azure.network()).privateEndpoints.get(cluster.nodeResourceGroup!, 'kube-apiserver');
    expect(outputs.privateEndpointId).toBe(pe.id);
    expect(pe.subnet?.id?.toLowerCase()).toContain(`/subnets/${h.names.nodeSubnet}`);
    const nicId = pe.networkInterfaces![0]!.id!;
    const nic = await (await h.azure.network()).networkInterfaces.get(cluster.nodeResourceGroup!, nicId.split('/').pop()!);
    expect(outputs.privateIp).toBe(nic.ipConfigurations![0]!.privateIPAddress);
    expect(String(outputs.privateIp)).toMatch(/^10\.42\.1\.\d+$/);
  });

  it('verify names an A record that no longer points at the endpoint', async () => {
    const outputs = await privateEndpoint.apply(h.context(privateEndpoint), []);
    const host = String(outputs.privateFqdn).split('.')[0];
    const recordId = `${outputs.privateDnsZoneId}/A/${host}`;
    const resources = await h.azure.resources();
    await resources.resources.beginCreateOrUpdateByIdAndWait(recordId, PRIVATE_DNS_API_VERSION, {
      properties: { ttl: 300, aRecords: [{ ipv4Address: '10.42.1.250' }] },
    } as never);
    await expect(privateEndpoint.verify!(h.context(privateEndpoint))).rejects.toMatchObject({
      code: 'PrivateEndpointIncomplete',
      message: expect.stringContaining(`points to 10.42.1.250, not the private endpoint IP ${outputs.privateIp}`),
    });
  });
});
