import { beforeEach, describe, expect, it } from 'vitest';
import { useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';
import { buildAksNetwork, privateCluster, RG, type AksNetwork } from './containerservice-fixture.js';

/** AKS refuses, on an existing cluster, changes to what never changes; what may change still does. */
const WAIT = { updateIntervalInMs: 20 };
const emu = useTestEmulator({ speed: SPEED.instant, resetBeforeEach: false });
let net: AksNetwork;

beforeEach(async () => {
  await emu.control.reset();
  net = await buildAksNetwork(emu);
  const cs = await emu.clients().containerService();
  await cs.managedClusters.createOrUpdate(RG, 'aks-demo', privateCluster(net), WAIT);
});

async function update(body: any) {
  const cs = await emu.clients().containerService();
  return cs.managedClusters.createOrUpdate(RG, 'aks-demo', body, WAIT).then(
    (c) => ({ ok: c }),
    (err: any) => ({ status: err.statusCode, code: err.code, message: String(err.message) }),
  );
}

describe('managed cluster update', () => {
  const base = () => privateCluster(net);
  const withNetwork = (change: Record<string, unknown>) => {
    const b = base();
    return { ...b, networkProfile: { ...b.networkProfile, ...change } };
  };

  // Bodies are built inside the test: the network exists only once beforeEach has run.
  it.each([
    ['podCidr', () => withNetwork({ podCidr: '10.245.0.0/16' })],
    ['serviceCidr', () => withNetwork({ serviceCidr: '10.1.0.0/16', dnsServiceIP: '10.1.0.10' })],
    ['dnsServiceIP', () => withNetwork({ dnsServiceIP: '10.0.0.11' })],
    ['networkPlugin', () => withNetwork({ networkPlugin: 'kubenet', networkPluginMode: undefined })],
    ['vmSize', () => privateCluster(net, { pool: { vmSize: 'Standard_D2s_v5' } })],
  ])('refuses a change of %s with 400 PropertyChangeNotAllowed', async (property, body) => {
    const sent = body();
    const before = (await emu.control.requests()).length;
    const r = await update(sent);
    expect(r).toMatchObject({ status: 400, code: 'PropertyChangeNotAllowed', message: `Changing property '${property}' is not allowed.` });
    // Refused before any operation started: the cluster is untouched.
    const cs = await emu.clients().containerService();
    const cluster = await cs.managedClusters.get(RG, 'aks-demo');
    expect(cluster.provisioningState).toBe('Succeeded');
    expect(cluster.networkProfile?.podCidr).toBe('10.244.0.0/16');
    expect(cluster.agentPoolProfiles?.[0].vmSize).toBe('Standard_D4ds_v5');
    expect(
      (await emu.control.requests())
        .slice(before)
        .filter((q) => q.method === 'PUT')
        .map((q) => q.status),
    ).toEqual([400]);
  });

  it('refuses turning a private cluster public', async () => {
    const r = await update({ ...base(), apiServerAccessProfile: { enablePrivateCluster: false } });
    expect(r).toMatchObject({
      status: 400,
      code: 'PropertyChangeNotAllowed',
      message: "Changing property 'enablePrivateCluster' is not allowed.",
    });
  });

  it('still applies changes AKS allows: node count and outbound type', async () => {
    const r = await update(privateCluster(net, { pool: { count: 5 } }));
    expect('ok' in r && r.ok.agentPoolProfiles?.[0].count).toBe(5);
    const lb = await update(withNetwork({ outboundType: 'loadBalancer' }));
    expect('ok' in lb && lb.ok.networkProfile?.outboundType).toBe('loadBalancer');
  });
});
