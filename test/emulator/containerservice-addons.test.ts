import { beforeAll, describe, expect, it } from 'vitest';
import { SUB, useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';
import { parsePods } from '../../src/kube/parse.js';
import { buildAksNetwork, grantClusterAdmin, privateCluster, RG } from './containerservice-fixture.js';

const WAIT = { updateIntervalInMs: 20 };
const emu = useTestEmulator({ speed: SPEED.instant, resetBeforeEach: false });
const WORKSPACE = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.OperationalInsights/workspaces/log-demo`;

beforeAll(async () => {
  const net = await buildAksNetwork(emu);
  const cs = await emu.clients().containerService();
  const body = privateCluster(net, {
    properties: {
      addonProfiles: {
        omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: WORKSPACE, useAADAuth: 'true' } },
        azurepolicy: { enabled: true },
        azureKeyvaultSecretsProvider: { enabled: true, config: { enableSecretRotation: 'true' } },
      },
      securityProfile: {
        workloadIdentity: { enabled: true },
        defender: { logAnalyticsWorkspaceResourceId: WORKSPACE, securityMonitoring: { enabled: true } },
      },
    },
  });
  await cs.managedClusters.createOrUpdate(RG, 'aks-demo', body, WAIT);
  await grantClusterAdmin(emu, 'aks-demo');
});

async function kubectl(command: string) {
  const cs = await emu.clients().containerService();
  const result = await cs.managedClusters.runCommand(RG, 'aks-demo', { command, clusterToken: 'entra-token' }, WAIT);
  return { exitCode: result.exitCode, logs: result.logs ?? '' };
}

async function allowAddonFqdns(fqdns: string[]) {
  const net = await emu.clients().network();
  await net.firewallPolicyRuleCollectionGroups.beginCreateOrUpdateAndWait(
    RG,
    'fwp-aks',
    'addons',
    {
      priority: 400,
      ruleCollections: [
        {
          ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
          name: 'addons',
          priority: 100,
          action: { type: 'Allow' },
          rules: [
            {
              ruleType: 'ApplicationRule',
              name: 'addons',
              sourceAddresses: ['10.42.1.0/24'],
              protocols: [{ protocolType: 'Https', port: 443 }],
              targetFqdns: fqdns,
            },
          ],
        },
      ],
    },
    WAIT,
  );
}

const podsNamed = (logs: string, prefix: string) => parsePods(logs).filter((p) => p.name.startsWith(prefix));

describe('add-on workloads', () => {
  it('run where AKS runs them, and the agents whose endpoints the firewall refuses crash-loop', async () => {
    const r = await kubectl('kubectl get all --all-namespaces');
    expect(r.exitCode).toBe(0);
    for (const name of [
      'daemonset.apps/ama-logs',
      'deployment.apps/ama-logs-rs',
      'deployment.apps/azure-policy',
      'deployment.apps/azure-policy-webhook',
      'deployment.apps/gatekeeper-audit',
      'deployment.apps/gatekeeper-controller',
      'daemonset.apps/microsoft-defender-collector-ds',
      'deployment.apps/microsoft-defender-collector-misc',
      'daemonset.apps/microsoft-defender-publisher-ds',
      'daemonset.apps/aks-secrets-store-csi-driver',
      'daemonset.apps/aks-secrets-store-provider-azure',
    ]) {
      expect(r.logs).toContain(name);
    }
    expect(r.logs).toMatch(/^gatekeeper-system\s+pod\/gatekeeper-controller-/m);
    // Only the AKS rules are in the policy: the monitoring, policy and Defender agents cannot reach theirs.
    for (const prefix of ['ama-logs-', 'azure-policy-', 'microsoft-defender-publisher-ds-']) {
      const pods = podsNamed(r.logs, prefix).filter((p) => !p.name.startsWith('azure-policy-webhook'));
      expect(pods.length, prefix).toBeGreaterThan(0);
      for (const p of pods) expect(p.status, p.name).toBe('CrashLoopBackOff');
    }
    expect(r.logs).toMatch(/ama-logs-\S+\s+0\/2\s+CrashLoopBackOff\s+\d+ \(\S+ ago\)/);
    // The webhook, Gatekeeper and the CSI driver need no egress of their own.
    for (const prefix of ['azure-policy-webhook-', 'gatekeeper-', 'aks-secrets-store-']) {
      for (const p of podsNamed(r.logs, prefix)) expect(p.healthy, p.name).toBe(true);
    }
    expect((await kubectl('kubectl get namespaces')).logs).toContain('gatekeeper-system');
  });

  it('restarts grow while the endpoint stays blocked', async () => {
    const restarts = async () => {
      const line = (await kubectl('kubectl get pods -n kube-system')).logs.split('\n').find((l) => l.startsWith('ama-logs-rs-'))!;
      return Number(/CrashLoopBackOff\s+(\d+)/.exec(line)![1]);
    };
    const before = await restarts();
    await emu.control.advanceClock(120_000);
    expect(await restarts()).toBeGreaterThan(before);
    const json = JSON.parse((await kubectl('kubectl get pods -n kube-system -l app=ama-logs-rs -o json')).logs);
    expect(json.items[0].status.containerStatuses[0]).toMatchObject({
      ready: false,
      restartCount: expect.any(Number),
      state: {
        waiting: { reason: 'CrashLoopBackOff', message: expect.stringContaining('handler.control.monitor.azure.com:443 unreachable') },
      },
    });
  });

  it('allowing an add-on FQDNs through the firewall brings its pods up; a probe reaches them', async () => {
    await allowAddonFqdns(['data.policy.core.windows.net', 'store.policy.core.windows.net']);
    const r = await kubectl('kubectl get pods -n kube-system');
    for (const p of podsNamed(r.logs, 'azure-policy-')) expect(p.status, p.name).toBe('Running');
    for (const p of podsNamed(r.logs, 'ama-logs-')) expect(p.status, p.name).toBe('CrashLoopBackOff');
    const probe = await kubectl(
      "kubectl run p1 --rm -i --restart=Never --image=mcr.microsoft.com/azurelinux/base/core:3.0 -- curl -sS -o /dev/null -w 'policy=%{http_code}\\n' https://data.policy.core.windows.net/; " +
        "kubectl run p2 --rm -i --restart=Never --image=mcr.microsoft.com/azurelinux/base/core:3.0 -- curl -sS -o /dev/null -w 'monitor=%{http_code}\\n' https://eastus.handler.control.monitor.azure.com/",
    );
    expect(probe.logs).toMatch(/^policy=200$/m);
    expect(probe.logs).toMatch(/^monitor=000$/m);
  });
});
