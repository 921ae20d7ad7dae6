import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useTestEmulator, startTestEmulator, SUB } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';
import { buildAksNetwork, LOCATION, privateCluster, RG, type NetworkOptions } from './containerservice-fixture.js';

const WAIT = { updateIntervalInMs: 20 };
const emu = useTestEmulator({ speed: SPEED.instant });

async function create(body: any, name = 'aks-demo') {
  const cs = await emu.clients().containerService();
  return cs.managedClusters.createOrUpdate(RG, name, body, WAIT);
}

async function refusal(opts: NetworkOptions, overrides: Parameters<typeof privateCluster>[1] = {}) {
  const net = await buildAksNetwork(emu, opts);
  return create(privateCluster(net, overrides)).then(
    () => undefined,
    (err: any) => ({ status: err.statusCode, code: err.code, message: String(err.message) }),
  );
}

describe('managed cluster create', () => {
  it('keeps kubernetesVersion as sent and reports the patch it runs as currentKubernetesVersion', async () => {
    const net = await buildAksNetwork(emu);
    const cluster = await create(privateCluster(net, { properties: { kubernetesVersion: '1.33' } }));
    expect(cluster.kubernetesVersion).toBe('1.33');
    expect(cluster.currentKubernetesVersion).toMatch(/^1\.33\.\d+$/);
    expect(cluster.agentPoolProfiles?.[0]).toMatchObject({
      orchestratorVersion: '1.33',
      currentOrchestratorVersion: cluster.currentKubernetesVersion,
    });
  });

  it('creates a private cluster with server-generated fields and its node resource group', async () => {
    const net = await buildAksNetwork(emu);
    const cluster = await create(privateCluster(net));
    const p = cluster.provisioningState;
    expect(p).toBe('Succeeded');
    expect(cluster.nodeResourceGroup).toBe(`MC_${RG}_aks-demo_${LOCATION}`);
    expect(cluster.kubernetesVersion).toMatch(/^1\.33\.\d+$/);
    expect(cluster.currentKubernetesVersion).toBe(cluster.kubernetesVersion);
    expect(cluster.privateFqdn).toMatch(/^aks-demo-[0-9a-f]{8}\.[0-9a-f-]{36}\.privatelink\.eastus\.azmk8s\.io$/);
    expect(cluster.fqdn).toBeUndefined();
    expect(cluster.identityProfile?.kubeletidentity?.clientId).toBeTruthy();
    expect(cluster.oidcIssuerProfile?.issuerURL).toMatch(/^https:\/\/eastus\.oic\.prod-aks\.azure\.com\//);
    expect(cluster.identity?.userAssignedIdentities?.[net.identityId]?.principalId).toBe(net.principalId);
    expect(cluster.powerState?.code).toBe('Running');

    const resources = await emu.control.resources();
    const inNodeGroup = resources.filter((r) =>
      r.id.toLowerCase().startsWith(`/subscriptions/${SUB}/resourcegroups/mc_${RG}_aks-demo_eastus/`.toLowerCase()),
    );
    const byType = (t: string) => inNodeGroup.filter((r) => r.type.toLowerCase() === t.toLowerCase());
    const vmss = byType('Microsoft.Compute/virtualMachineScaleSets');
    expect(vmss).toHaveLength(1);
    expect(vmss[0].name).toMatch(/^aks-system-\d{8}-vmss$/);
    expect(vmss[0].sku?.capacity).toBe(3);
    const [pe] = byType('Microsoft.Network/privateEndpoints');
    expect(pe.name).toBe('kube-apiserver');
    expect(pe.properties?.subnet?.id.toLowerCase()).toBe(net.nodeSubnetId.toLowerCase());
    const [nic] = byType('Microsoft.Network/networkInterfaces');
    const ip = nic.properties?.ipConfigurations[0].properties.privateIPAddress;
    expect(ip).toMatch(/^10\.42\.1\.\d+$/);
    expect(ip).not.toBe('10.42.1.4'); // nodes take the first addresses
    const zoneName = cluster.privateFqdn!.split('.').slice(1).join('.');
    const [zone] = byType('Microsoft.Network/privateDnsZones');
    expect(zone.name).toBe(zoneName);
    const records = resources.filter((r) => r.type.toLowerCase() === 'microsoft.network/privatednszones/a');
    expect(records).toHaveLength(1);
    expect(records[0].name).toBe(cluster.privateFqdn!.split('.')[0]);
    expect(records[0].properties?.aRecords).toEqual([{ ipv4Address: ip }]);
    const soa = resources.filter((r) => r.type.toLowerCase() === 'microsoft.network/privatednszones/soa');
    expect(soa.map((r) => r.name)).toEqual(['@']);
    const raw = await emu.http(
      'GET',
      `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/aks-demo?api-version=2026-04-01`,
    );
    expect(raw.body.properties.privateLinkResources).toMatchObject([
      { name: 'management', groupId: 'management', requiredMembers: ['management'] },
    ]);
    expect(raw.body.properties.apiServerAccessProfile.privateClusterVersion).toBe('v1');
    const group = resources.find(
      (r) => r.id.toLowerCase() === `/subscriptions/${SUB}/resourcegroups/mc_${RG}_aks-demo_eastus`.toLowerCase(),
    );
    expect(group?.managedBy).toBe(cluster.id);
    expect(group?.tags?.['aks-managed-cluster-name']).toBe('aks-demo');
  });

  it("answers GET with the same fields as Microsoft's example, and lists agent pools", async () => {
    const net = await buildAksNetwork(emu);
    await create(privateCluster(net));
    const raw = await emu.http(
      'GET',
      `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/aks-demo?api-version=2026-04-01`,
    );
    const example = JSON.parse(readFileSync('test/fixtures/arm-examples/containerservice/ManagedClustersGet.json', 'utf8')).responses['200']
      .body;
    for (const key of ['id', 'name', 'type', 'location', 'tags', 'eTag']) expect(raw.body).toHaveProperty(key);
    const expected = [
      'agentPoolProfiles',
      'currentKubernetesVersion',
      'dnsPrefix',
      'enableRBAC',
      'kubernetesVersion',
      'maxAgentPools',
      'networkProfile',
      'nodeResourceGroup',
      'provisioningState',
    ];
    for (const key of expected) {
      expect(example.properties).toHaveProperty(key);
      expect(raw.body.properties).toHaveProperty(key);
    }
    for (const key of Object.keys(example.properties.agentPoolProfiles[0])) {
      if (key !== 'availabilityZones') expect(raw.body.properties.agentPoolProfiles[0]).toHaveProperty(key);
    }
    for (const key of ['dnsServiceIP', 'ipFamilies', 'networkPlugin', 'outboundType', 'podCidr', 'serviceCidr'])
      expect(raw.body.properties.networkProfile).toHaveProperty(key);
    const cs = await emu.clients().containerService();
    const pools = [];
    for await (const p of cs.agentPools.list(RG, 'aks-demo')) pools.push(p);
    expect(pools.map((p) => p.name)).toEqual(['system']);
    const list = [];
    for await (const c of cs.managedClusters.listByResourceGroup(RG)) list.push(c.name);
    expect(list).toEqual(['aks-demo']);
  });

  it('shows Creating while the operation runs and refuses a second write with 409 OperationNotAllowed, as AKS does', async () => {
    const slow = await startTestEmulator({ speed: SPEED.fast });
    try {
      await slow.control.reset();
      const slowNet = await buildAksNetwork(slow);
      const cs = await slow.clients().containerService();
      const poller = cs.managedClusters.createOrUpdate(RG, 'aks-demo', privateCluster(slowNet), WAIT);
      await poller.submitted();
      const during = await cs.managedClusters.get(RG, 'aks-demo');
      expect(during.provisioningState).toBe('Creating');
      const pending = {
        statusCode: 409,
        code: 'OperationNotAllowed',
        message: expect.stringMatching(
          /^Operation is not allowed: Another operation \(Creating\) is in progress, please wait for it to finish before starting a new operation\. See https:\/\/aka\.ms\/aks-pending-operation/,
        ),
      };
      await expect(cs.managedClusters.createOrUpdate(RG, 'aks-demo', privateCluster(slowNet), WAIT)).rejects.toMatchObject(pending);
      await expect(cs.managedClusters.delete(RG, 'aks-demo', WAIT)).rejects.toMatchObject(pending);
      await expect(
        cs.managedClusters.runCommand(RG, 'aks-demo', { command: 'kubectl get nodes', clusterToken: 't' }, WAIT),
      ).rejects.toMatchObject(pending);

      // Relaxed (one rule, by name), the write hears ARM's generic answer instead.
      await slow.control.setStrictness({ 'aks-pending-operation': false });
      const path = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/aks-demo?api-version=2026-04-01`;
      expect(await slow.http('PUT', path, { location: LOCATION })).toMatchObject({
        status: 409,
        body: { error: { code: 'AnotherOperationInProgress' } },
      });
    } finally {
      await slow.close();
    }
  });

  it('deleting the cluster deletes its node resource group', async () => {
    const net = await buildAksNetwork(emu);
    await create(privateCluster(net));
    const cs = await emu.clients().containerService();
    await cs.managedClusters.delete(RG, 'aks-demo', WAIT);
    const resources = await emu.control.resources();
    expect(resources.some((r) => r.id.toLowerCase().includes('/resourcegroups/mc_rg-aks_aks-demo_eastus'))).toBe(false);
    expect(resources.some((r) => r.type === 'Microsoft.ContainerService/managedClusters')).toBe(false);
    await expect(cs.managedClusters.get(RG, 'aks-demo')).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe('managed cluster refusals', () => {
  it.each([
    ['no route table on the node subnet', { routeTable: false }, 'ExistingRouteTableNotAssociatedWithSubnet'],
    ['no default route', { defaultRoute: 'none' }, 'RouteTableMissingDefaultRouteError'],
    ['default route to the Internet', { defaultRoute: 'Internet' }, 'RouteTableInvalidNextHop'],
    ['identity without permission on the route table', { grantRouteTable: false }, 'CustomRouteTableMissingPermission'],
    ['identity without permission on the subnet', { grantSubnet: false }, 'LinkedAuthorizationFailed'],
  ] as const)('%s -> %s', async (_label, opts, code) => {
    expect(await refusal(opts as NetworkOptions)).toMatchObject({ status: 400, code });
  });

  it('refuses node public IPs with userDefinedRouting', async () => {
    expect(await refusal({}, { pool: { enableNodePublicIP: true } })).toMatchObject({ status: 400, code: 'UDRWithNodePublicIPNotAllowed' });
  });

  it('refuses a node subnet that does not exist', async () => {
    const net = await buildAksNetwork(emu);
    const body = privateCluster({ ...net, nodeSubnetId: net.nodeSubnetId.replace('snet-aks-nodes', 'snet-missing') });
    await expect(create(body)).rejects.toMatchObject({ statusCode: 400, code: 'SubnetNotFound' });
  });

  it('refuses an unsupported Kubernetes version', async () => {
    const err = await refusal({}, { properties: { kubernetesVersion: '1.19.1' } });
    expect(err).toMatchObject({ status: 400, code: 'AgentPoolK8sVersionNotSupported' });
    expect(err!.message).toContain('Version 1.19.1 is not supported in this region');
  });

  it('refuses address ranges AKS refuses', async () => {
    const net = await buildAksNetwork(emu);
    const withNet = (n: Record<string, string>) => {
      const body = privateCluster(net);
      body.networkProfile = { ...body.networkProfile, ...n };
      return create(body);
    };
    await expect(withNet({ serviceCidr: '10.42.0.0/16', dnsServiceIP: '10.42.0.10' })).rejects.toMatchObject({
      statusCode: 400,
      code: 'ServiceCidrOverlapExistingSubnetsCidr',
    });
    await expect(withNet({ dnsServiceIP: '10.1.0.10' })).rejects.toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
    await expect(withNet({ dnsServiceIP: '10.0.0.1' })).rejects.toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
    await expect(withNet({ podCidr: '10.0.0.0/16' })).rejects.toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
  });

  it('refuses disabled local accounts without managed Entra ID', async () => {
    const err = await refusal({}, { properties: { aadProfile: undefined } });
    expect(err).toMatchObject({ status: 400, code: 'BadRequest' });
    expect(err!.message).toMatch(/disableLocalAccounts can only be set on Azure AD integration enabled cluster/);
  });

  it('ends Failed with CreateVMSSAgentPoolFailed when the firewall does not allow the AKS egress', async () => {
    const net = await buildAksNetwork(emu, { rules: 'none' });
    const err: any = await create(privateCluster(net)).catch((e) => e);
    expect(String(err?.message)).toMatch(/CreateVMSSAgentPoolFailed/);
    expect(String(err?.message)).toMatch(/vmssCSE exit status=50/);
    expect(String(err?.message)).toMatch(/outbound connection/);
    const cs = await emu.clients().containerService();
    expect((await cs.managedClusters.get(RG, 'aks-demo')).provisioningState).toBe('Failed');
  });

  it('ends Failed when the default route points at an address no firewall holds', async () => {
    const net = await buildAksNetwork(emu, { defaultRoute: 'bogus' });
    const err: any = await create(privateCluster(net)).catch((e) => e);
    expect(String(err?.message)).toMatch(/CreateVMSSAgentPoolFailed/);
  });
});
