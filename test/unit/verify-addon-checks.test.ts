import { describe, expect, it } from 'vitest';
import { addonEgress } from '../../src/azure/addon-egress.js';
import { ADDON_KEYS, type AddonKey } from '../../src/config/addons.js';
import { evaluate } from '../../src/verify/index.js';
import type { Evidence, RuleCollectionEvidence } from '../../src/verify/evidence.js';
import { appRule, goodEvidence, networkRule } from './verify-fixture.js';

const PODS = [
  'NAMESPACE           NAME                                      READY   STATUS    RESTARTS   AGE',
  'kube-system         ama-logs-bcdfg                            2/2     Running   0          10m',
  'kube-system         ama-logs-rs-6f8b9d5c7-abcde               1/1     Running   0          10m',
  'kube-system         azure-policy-7c9d8f6b5-fghjk              1/1     Running   0          10m',
  'kube-system         azure-policy-webhook-5d4c3b2a1-lmnop      1/1     Running   0          10m',
  'gatekeeper-system   gatekeeper-audit-6b5c4d3e2-qrstv          1/1     Running   0          10m',
  'gatekeeper-system   gatekeeper-controller-8a7b6c5d4-wxyzb     1/1     Running   0          10m',
  'kube-system         microsoft-defender-collector-ds-cdfgh     2/2     Running   0          10m',
  'kube-system         microsoft-defender-publisher-ds-jklmn     1/1     Running   0          10m',
  'kube-system         aks-secrets-store-csi-driver-pqrst        3/3     Running   0          10m',
  'kube-system         aks-secrets-store-provider-azure-vwxyz    1/1     Running   0          10m',
].join('\n');

/** The fixture deployment with every add-on on: its collections in the AKS group, its pods, its probes. */
function withAddons(): Evidence {
  const e = goodEvidence();
  e.cluster!.enabledAddons = ['omsagent', 'azurepolicy', 'azureKeyvaultSecretsProvider'];
  e.cluster!.defenderEnabled = true;
  const collections: RuleCollectionEvidence[] = ADDON_KEYS.map((addon) => {
    const egress = addonEgress(addon, 'AzureCloud', 'eastus');
    return {
      name: egress.collection,
      priority: egress.priority,
      kind: 'FirewallPolicyFilterRuleCollection',
      action: 'Allow',
      rules: [appRule(addon, egress.fqdns)],
    };
  });
  e.firewallPolicy!.ruleCollectionGroups[0]!.ruleCollections.push(...collections);
  e.keyVault = { name: 'kv-x', host: 'kv-x.vault.azure.net', endpointIp: '10.42.1.5' };
  const probes = Object.fromEntries(
    ADDON_KEYS.map((a) => [
      a,
      a === 'keyVault'
        ? { host: 'kv-x.vault.azure.net', httpCode: 403, exitCode: 0, remoteIp: '10.42.1.5' }
        : { host: addonEgress(a, 'AzureCloud', 'eastus').probeHost ?? '', httpCode: 200, exitCode: 0, remoteIp: '' },
    ]),
  );
  e.inCluster!.addons = { command: 'kubectl get pods --all-namespaces; kubectl run ...', ok: true, exitCode: 0, logs: PODS, probes };
  return e;
}

const results = (e: Evidence) =>
  Object.fromEntries(
    evaluate(e)
      .filter((c) => c.id.startsWith('addon.'))
      .map((c) => [c.id, c.result]),
  );
const notPassing = (e: Evidence) =>
  Object.fromEntries(
    evaluate(e)
      .filter((c) => c.result !== 'pass')
      .map((c) => [c.id, c.result]),
  );
const check = (e: Evidence, id: string) => evaluate(e, [id])[0]!;
const collection = (e: Evidence, addon: AddonKey) =>
  e.firewallPolicy!.ruleCollectionGroups[0]!.ruleCollections.find((c) => c.name === `addon-${addon}`)!;

describe('add-on checks', () => {
  it('every add-on check passes on a deployment with every add-on, and nothing else stops passing', () => {
    expect(notPassing(withAddons())).toEqual({});
    expect(Object.keys(results(withAddons()))).toHaveLength(12);
  });

  it('an add-on the cluster does not run is not applicable', () => {
    const e = withAddons();
    e.cluster!.defenderEnabled = false;
    expect(notPassing(e)).toEqual({
      'addon.defender.egress': 'not-applicable',
      'addon.defender.healthy': 'not-applicable',
      'addon.defender.reachable': 'not-applicable',
    });
    expect(check(e, 'addon.defender.egress').evidence).toContain('Microsoft Defender for Containers is not enabled');
  });

  it("an add-on's missing rules fail its egress check, naming it and the FQDNs", () => {
    const e = withAddons();
    const policy = collection(e, 'azurePolicy');
    policy.rules = [appRule('azurePolicy', ['dc.services.visualstudio.com'])];
    expect(notPassing(e)).toEqual({ 'addon.azurePolicy.egress': 'fail' });
    const c = check(e, 'addon.azurePolicy.egress');
    expect(c.evidence).toContain('Azure Policy add-on');
    expect(c.evidence).toContain('data.policy.core.windows.net, store.policy.core.windows.net');
  });

  it('a broader rule than listed fails: a `*`, a parent-domain wildcard, a network rule on any port', () => {
    const star = withAddons();
    collection(star, 'keyVault').rules.push(appRule('open', ['*']));
    expect(notPassing(star)).toMatchObject({ 'addon.keyVault.egress': 'fail', 'egress.no-wildcard-app-rule': 'fail' });
    expect(check(star, 'addon.keyVault.egress').evidence).toContain('rcg-aks-egress/addon-keyVault/open (*)');

    const parent = withAddons();
    collection(parent, 'azurePolicy').rules.push(appRule('wide', ['*.core.windows.net']));
    expect(notPassing(parent)).toEqual({ 'addon.azurePolicy.egress': 'fail' });

    const anyPort = withAddons();
    collection(anyPort, 'keyVault').rules.push(
      networkRule('vault-any', { ipProtocols: ['TCP'], destinationFqdns: ['vault.azure.net'], destinationPorts: ['*'] }),
    );
    expect(notPassing(anyPort)).toEqual({ 'addon.keyVault.egress': 'fail' });
    expect(check(anyPort, 'addon.keyVault.egress').evidence).toContain('vault.azure.net on any port');
  });

  it('a crash-looping add-on pod fails its healthy check only', () => {
    const e = withAddons();
    e.inCluster!.addons!.logs = PODS.replace(
      'ama-logs-rs-6f8b9d5c7-abcde               1/1     Running   0   ',
      'ama-logs-rs-6f8b9d5c7-abcde               0/1     CrashLoopBackOff   7 (2m ago)',
    );
    expect(notPassing(e)).toEqual({ 'addon.monitoring.healthy': 'fail' });
    expect(check(e, 'addon.monitoring.healthy').evidence).toContain(
      'Azure Monitor Container Insights: unhealthy pods kube-system/ama-logs-rs',
    );
  });

  it('no pods of an enabled add-on fails', () => {
    const e = withAddons();
    e.inCluster!.addons!.logs = PODS.split('\n')
      .filter((l) => !l.includes('secrets-store'))
      .join('\n');
    expect(notPassing(e)).toEqual({ 'addon.keyVault.healthy': 'fail' });
  });

  it('the probe: reset or timeout fails, a name that does not resolve only warns, a probe that never ran fails', () => {
    const reset = withAddons();
    reset.inCluster!.addons!.probes.monitoring = {
      host: 'eastus.handler.control.monitor.azure.com',
      httpCode: 0,
      exitCode: 35,
      remoteIp: '',
    };
    expect(notPassing(reset)).toEqual({ 'addon.monitoring.reachable': 'fail' });
    expect(check(reset, 'addon.monitoring.reachable').evidence).toContain('eastus.handler.control.monitor.azure.com (curl exit 35)');

    const dns = withAddons();
    dns.inCluster!.addons!.probes.azurePolicy = { host: 'data.policy.core.windows.net', httpCode: 0, exitCode: 6, remoteIp: '' };
    expect(notPassing(dns)).toEqual({ 'addon.azurePolicy.reachable': 'warn' });

    const never = withAddons();
    delete never.inCluster!.addons!.probes.defender;
    expect(notPassing(never)).toEqual({ 'addon.defender.reachable': 'fail' });
  });

  it('the Key Vault probe: the vault name must resolve from a pod to the private endpoint', () => {
    const nxdomain = withAddons();
    nxdomain.inCluster!.addons!.probes.keyVault = { host: 'kv-x.vault.azure.net', httpCode: 0, exitCode: 6, remoteIp: '' };
    expect(notPassing(nxdomain)).toEqual({ 'addon.keyVault.reachable': 'fail' });
    expect(check(nxdomain, 'addon.keyVault.reachable').evidence).toContain('Key Vault');
    expect(check(nxdomain, 'addon.keyVault.reachable').evidence).toContain('no A record for kv-x');

    const elsewhere = withAddons();
    elsewhere.inCluster!.addons!.probes.keyVault = { host: 'kv-x.vault.azure.net', httpCode: 0, exitCode: 35, remoteIp: '20.1.2.3' };
    expect(notPassing(elsewhere)).toEqual({ 'addon.keyVault.reachable': 'fail' });
    expect(check(elsewhere, 'addon.keyVault.reachable').evidence).toContain("to 20.1.2.3, not to its private endpoint's 10.42.1.5");

    const unknown = withAddons();
    delete unknown.keyVault;
    expect(notPassing(unknown)).toEqual({ 'addon.keyVault.reachable': 'not-applicable' });
  });

  it('in-cluster checks not requested: healthy and reachable are not applicable', () => {
    const e = withAddons();
    delete e.inCluster!.addons;
    expect(Object.entries(results(e)).filter(([, r]) => r === 'not-applicable')).toHaveLength(8);
  });
});
