import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/config/defaults.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { runPreflight, type RecordedDeployment } from '../../src/preflight/index.js';
import { useTestEmulator, SUB } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';
import { buildAksNetwork, privateCluster, RG } from '../emulator/containerservice-fixture.js';

/** Preflight on a re-run: what exists (or what the state recorded) cannot be moved or changed in place. */
const ID = 'test';
// The fixture's cluster: eastus, pod 10.244.0.0/16, service 10.0.0.0/16, DNS 10.0.0.10, D4ds_v5 nodes.
const config = (over: Partial<ResolvedConfig> = {}): ResolvedConfig => ({
  ...DEFAULTS,
  subscriptionId: SUB,
  resourceGroup: RG,
  location: 'eastus',
  name: 'aks-demo',
  podCidr: '10.244.0.0/16',
  serviceCidr: '10.0.0.0/16',
  dnsServiceIp: '10.0.0.10',
  ...over,
});
const problems = async (over: Partial<ResolvedConfig> = {}, recorded?: RecordedDeployment) =>
  (await runPreflight({ azure: emu.clients(), config: config(over), deploymentId: ID, recorded })).problems;

const emu = useTestEmulator({ speed: SPEED.instant });

describe('preflight on a re-run', () => {
  it("refuses a location other than the existing resource group's, naming both and what to do", async () => {
    const rm = await emu.clients().resources();
    await rm.resourceGroups.createOrUpdate(RG, { location: 'uksouth' });
    const found = await problems({ location: 'eastus' });
    expect(found.map((p) => p.code)).toEqual(['InvalidResourceGroupLocation']);
    expect(found[0].message).toMatch(/rg-aks already exists in uksouth, but location eastus was requested/);
    expect(found[0].remediation).toMatch(/-l uksouth/);
    expect(found[0].kind).toBe('usage');
    expect(await problems({ location: 'uksouth' })).toEqual([]);
  });

  it("refuses a location other than the recorded deployment's while it is deployed", async () => {
    const recorded = { deploymentId: ID, location: 'uksouth', deployed: true };
    const found = await problems({ location: 'eastus' }, recorded);
    expect(found.map((p) => p.code)).toEqual(['DeploymentLocationChanged']);
    expect(found[0].message).toMatch(/deployment test in uksouth, but location eastus/);
    expect(found[0].remediation).toMatch(/-l uksouth.*destroy/);
    // After a full destroy nothing is left in the old region: another one is fine.
    expect(await problems({ location: 'eastus' }, { ...recorded, deployed: false })).toEqual([]);
  });

  describe('with the cluster in place', () => {
    beforeEach(async () => {
      const net = await buildAksNetwork(emu);
      const cs = await emu.clients().containerService();
      await cs.managedClusters.createOrUpdate(RG, 'aks-demo', privateCluster(net), { updateIntervalInMs: 20 });
    });

    it('passes the settings the cluster has and changes AKS allows (node count)', async () => {
      expect(await problems()).toEqual([]);
      expect(await problems({ nodeCount: 4 })).toEqual([]);
    });

    it('refuses each setting AKS cannot change, with current and requested value and what to do', async () => {
      const found = await problems({
        nodeVmSize: 'Standard_D2s_v5',
        podCidr: '10.245.0.0/16',
        serviceCidr: '10.1.0.0/16',
        dnsServiceIp: '10.1.0.10',
      });
      expect(found.map((p) => [p.code, p.fields[0]])).toEqual([
        ['PropertyChangeNotAllowed', 'nodeVmSize'],
        ['PropertyChangeNotAllowed', 'podCidr'],
        ['PropertyChangeNotAllowed', 'serviceCidr'],
        ['PropertyChangeNotAllowed', 'dnsServiceIp'],
      ]);
      expect(found[0].message).toMatch(/vmSize Standard_D4ds_v5; AKS cannot change it to Standard_D2s_v5/);
      expect(found[0].remediation).toMatch(/add a new node pool/);
      expect(found[1].message).toMatch(/podCidr 10\.244\.0\.0\/16; AKS cannot change it to 10\.245\.0\.0\/16/);
      expect(found[1].remediation).toMatch(/Keep the current value \(pass --pod-cidr 10\.244\.0\.0\/16/);
    });
  });
});
