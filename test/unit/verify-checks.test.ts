import { describe, expect, it } from 'vitest';
import { evaluate, statusOf } from '../../src/verify/index.js';
import type { Evidence } from '../../src/verify/evidence.js';
import { healthyPods } from '../../src/verify/checks/in-cluster.js';
import { appRule, goodEvidence, networkRule, nsgRule } from './verify-fixture.js';

/** Ids of the checks that did not pass, with their result (add-on checks: verify-addon-checks.test.ts). */
function notPassing(e: Evidence): Record<string, string> {
  return Object.fromEntries(
    evaluate(e)
      .filter((c) => c.result !== 'pass' && !c.id.startsWith('addon.'))
      .map((c) => [c.id, c.result]),
  );
}
const check = (e: Evidence, id: string) => evaluate(e, [id])[0]!;
const aksApp = (e: Evidence) => e.firewallPolicy!.ruleCollectionGroups[0]!.ruleCollections[1]!;

describe('verify checks on a wizard-built deployment', () => {
  it('every check passes and the status is pass', () => {
    expect(notPassing(goodEvidence())).toEqual({});
    expect(statusOf(evaluate(goodEvidence()))).toBe('pass');
  });

  it('passing checks carry evidence and no remediation', () => {
    for (const c of evaluate(goodEvidence())) {
      expect(c.evidence.length, c.id).toBeGreaterThan(10);
      expect(c.remediation).toBe('');
      expect(c.docs).toMatch(/^https:\/\/learn\.microsoft\.com\//);
    }
  });
});

describe('api-server checks', () => {
  it('a public cluster fails private, public FQDN and authorized ranges; endpoint and DNS do not apply', () => {
    const e = goodEvidence();
    Object.assign(e.cluster!, { enablePrivateCluster: false, fqdn: 'aks-demo.hcp.eastus.azmk8s.io' });
    const np = notPassing(e);
    expect(np).toMatchObject({
      'api-server.private': 'fail',
      'api-server.no-public-fqdn': 'fail',
      'api-server.authorized-ip-ranges': 'fail',
      'api-server.private-endpoint': 'not-applicable',
      'api-server.private-dns': 'not-applicable',
    });
    expect(check(e, 'api-server.authorized-ip-ranges').evidence).toMatch(/open to every address/);
  });

  it('a private cluster with a public FQDN fails only that check', () => {
    const e = goodEvidence();
    e.cluster!.enablePrivateClusterPublicFqdn = true;
    expect(notPassing(e)).toEqual({ 'api-server.no-public-fqdn': 'fail' });
  });

  it('a missing or failed private endpoint fails', () => {
    const e = goodEvidence();
    e.privateEndpoints![0]!.provisioningState = 'Failed';
    expect(notPassing(e)).toEqual({ 'api-server.private-endpoint': 'fail' });
    e.privateEndpoints = [];
    expect(check(e, 'api-server.private-endpoint').evidence).toMatch(/No private endpoint/);
  });

  it('a missing or wrong A record fails the DNS check, naming both IPs', () => {
    const e = goodEvidence();
    e.privateDnsZones![0]!.aRecords = [{ name: 'aks-demo-abc123', ipv4s: ['10.42.1.99'] }];
    expect(notPassing(e)).toEqual({ 'api-server.private-dns': 'fail' });
    expect(check(e, 'api-server.private-dns').evidence).toMatch(/10\.42\.1\.99.*10\.42\.1\.6/);
    e.privateDnsZones![0]!.aRecords = [];
    expect(check(e, 'api-server.private-dns').evidence).toMatch(/no A record aks-demo-abc123/);
  });

  it('authorized ranges on a private cluster warn; on a public one they fail as relied upon', () => {
    const e = goodEvidence();
    e.cluster!.authorizedIpRanges = ['203.0.113.0/24'];
    expect(check(e, 'api-server.authorized-ip-ranges').result).toBe('warn');
    e.cluster!.enablePrivateCluster = false;
    expect(check(e, 'api-server.authorized-ip-ranges').evidence).toMatch(/only by authorized IP ranges/);
  });
});

describe('egress checks', () => {
  it('outboundType loadBalancer fails', () => {
    const e = goodEvidence();
    e.cluster!.outboundType = 'loadBalancer';
    expect(notPassing(e)).toEqual({ 'egress.outbound-type': 'fail' });
  });

  it('a default route elsewhere fails the default-route check and nothing else', () => {
    const e = goodEvidence();
    e.routeTable!.routes[0]!.nextHopIpAddress = '10.42.0.99';
    expect(notPassing(e)).toEqual({ 'egress.default-route': 'fail' });
    expect(check(e, 'egress.default-route').evidence).toMatch(/10\.42\.0\.99, which is no firewall's private IP/);
    e.routeTable!.routes[0] = { name: 'default', addressPrefix: '0.0.0.0/0', nextHopType: 'Internet' };
    expect(check(e, 'egress.default-route').evidence).toMatch(/not to a VirtualAppliance/);
    e.routeTable = undefined;
    expect(check(e, 'egress.default-route').evidence).toMatch(/has no route table/);
  });

  it('a missing firewall public IP route fails', () => {
    const e = goodEvidence();
    e.routeTable!.routes.pop();
    expect(notPassing(e)).toEqual({ 'egress.firewall-public-ip-route': 'fail' });
  });

  it('names every missing required FQDN', () => {
    const e = goodEvidence();
    const rule = aksApp(e).rules[1] as ReturnType<typeof appRule>;
    rule.targetFqdns = rule.targetFqdns.filter((f) => f !== 'mcr.microsoft.com' && f !== 'packages.aks.azure.com');
    expect(notPassing(e)).toEqual({ 'egress.required-fqdns': 'fail' });
    const c = check(e, 'egress.required-fqdns');
    expect(c.evidence).toContain('mcr.microsoft.com');
    expect(c.evidence).toContain('packages.aks.azure.com');
    expect(c.evidence).not.toContain('management.azure.com');
    expect(c.evidence).toMatch(/AzureKubernetesService FQDN tag is used/);
    expect(c.remediation).toMatch(/mcr\.microsoft\.com, packages\.aks\.azure\.com/);
  });

  it('a rule that does not cover the node subnet, or a higher-priority deny, does not count', () => {
    const e = goodEvidence();
    (aksApp(e).rules[1] as ReturnType<typeof appRule>).sourceAddresses = ['10.99.0.0/24'];
    expect(check(e, 'egress.required-fqdns').result).toBe('fail');
    const d = goodEvidence();
    d.firewallPolicy!.ruleCollectionGroups.unshift({
      name: 'deny-first',
      priority: 100,
      ruleCollections: [
        {
          name: 'deny',
          priority: 100,
          kind: 'FirewallPolicyFilterRuleCollection',
          action: 'Deny',
          rules: [appRule('no-mcr', ['mcr.microsoft.com'])],
        },
      ],
    });
    expect(check(d, 'egress.required-fqdns').evidence).toMatch(/does not allow: mcr\.microsoft\.com \(HTTPS 443\)\./);
  });

  it('a public cluster also needs the API server FQDN', () => {
    const e = goodEvidence();
    e.cluster!.enablePrivateCluster = false;
    expect(check(e, 'egress.required-fqdns').evidence).toContain('*.hcp.eastus.azmk8s.io');
  });

  it('a wildcard application rule fails only the wildcard check', () => {
    const e = goodEvidence();
    aksApp(e).rules.push(appRule('everything', ['*']));
    expect(notPassing(e)).toEqual({ 'egress.no-wildcard-app-rule': 'fail' });
    expect(check(e, 'egress.no-wildcard-app-rule').evidence).toContain('rcg-aks-egress/aks-app/everything');
  });

  it('an any-to-any network rule fails only that check', () => {
    const e = goodEvidence();
    e.firewallPolicy!.ruleCollectionGroups[0]!.ruleCollections[0]!.rules.push(
      networkRule('any', { ipProtocols: ['Any'], destinationAddresses: ['*'], destinationPorts: ['*'] }),
    );
    expect(notPassing(e)).toEqual({ 'egress.no-any-network-rule': 'fail' });
  });

  it('tunnel ports fail for a private cluster and do not apply to a public one', () => {
    const e = goodEvidence();
    e.firewallPolicy!.ruleCollectionGroups[0]!.ruleCollections[0]!.rules.push(
      networkRule('apiudp', { ipProtocols: ['UDP'], destinationAddresses: ['AzureCloud.eastus'], destinationPorts: ['1194'] }),
    );
    expect(notPassing(e)).toEqual({ 'egress.no-tunnel-ports': 'fail' });
    e.cluster!.enablePrivateCluster = false;
    expect(check(e, 'egress.no-tunnel-ports').result).toBe('not-applicable');
  });

  it('DNS proxy off fails', () => {
    const e = goodEvidence();
    e.firewallPolicy!.dnsProxyEnabled = false;
    expect(notPassing(e)).toEqual({ 'egress.dns-proxy': 'fail' });
  });

  it('missing Ubuntu update FQDNs only warn', () => {
    const e = goodEvidence();
    aksApp(e).rules.splice(2, 2);
    expect(notPassing(e)).toEqual({ 'egress.recommended-fqdns': 'warn' });
  });
});

describe('network checks', () => {
  it('no NSG on the node subnet fails that check; the rules checks do not apply', () => {
    const e = goodEvidence();
    e.nodeNsg = undefined;
    expect(notPassing(e)).toEqual({
      'network.node-nsg': 'fail',
      'network.node-nsg-no-internet-inbound': 'not-applicable',
      'network.node-nsg-egress-open': 'not-applicable',
    });
  });

  it('an Internet-inbound allow rule fails, naming it', () => {
    const e = goodEvidence();
    e.nodeNsg!.rules.push(nsgRule({ name: 'open-https', priority: 300, sourcePrefixes: ['Internet'], destinationPorts: ['443'] }));
    expect(notPassing(e)).toEqual({ 'network.node-nsg-no-internet-inbound': 'fail' });
    expect(check(e, 'network.node-nsg-no-internet-inbound').evidence).toContain('open-https');
  });

  it('an outbound deny to Internet fails the egress-open check', () => {
    const e = goodEvidence();
    e.nodeNsg!.rules.push(
      nsgRule({
        name: 'deny-internet',
        priority: 4000,
        direction: 'Outbound',
        access: 'Deny',
        protocol: '*',
        destinationPrefixes: ['Internet'],
      }),
    );
    expect(notPassing(e)).toEqual({ 'network.node-nsg-egress-open': 'fail' });
    expect(check(e, 'network.node-nsg-egress-open').evidence).toContain('deny-internet');
  });

  it('a Bastion NSG without the GatewayManager rule fails, naming the flow', () => {
    const e = goodEvidence();
    e.bastionNsg!.rules = e.bastionNsg!.rules.filter((r) => r.name !== 'AllowGatewayManagerInbound');
    expect(notPassing(e)).toEqual({ 'network.bastion-nsg': 'fail' });
    expect(check(e, 'network.bastion-nsg').evidence).toContain('inbound 443 from GatewayManager');
  });

  it('no Bastion subnet: not applicable; no NSG on it: warn', () => {
    const e = goodEvidence();
    e.bastionNsg = undefined;
    expect(check(e, 'network.bastion-nsg').result).toBe('warn');
    e.bastionSubnet = undefined;
    expect(check(e, 'network.bastion-nsg').result).toBe('not-applicable');
  });

  it('a jumphost public IP fails', () => {
    const e = goodEvidence();
    e.jumphost!.publicIpIds = ['/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/publicIPAddresses/pip-jump'];
    expect(notPassing(e)).toEqual({ 'network.jumphost-no-public-ip': 'fail' });
  });

  it('SSH from the Internet fails; SSH from any VNet subnet warns', () => {
    const e = goodEvidence();
    e.jumphost!.subnetNsg!.rules.unshift(nsgRule({ name: 'ssh-anywhere', priority: 90, sourcePrefixes: ['*'], destinationPorts: ['22'] }));
    expect(notPassing(e)).toEqual({ 'network.jumphost-ssh-from-bastion': 'fail' });
    const w = goodEvidence();
    w.jumphost!.subnetNsg!.rules = w.jumphost!.subnetNsg!.rules.filter((r) => r.access === 'Allow');
    expect(check(w, 'network.jumphost-ssh-from-bastion').result).toBe('warn');
  });
});

describe('cluster checks', () => {
  const cases: Array<[string, (e: Evidence) => void]> = [
    ['cluster.entra-rbac', (e) => (e.cluster!.enableAzureRbac = false)],
    ['cluster.local-accounts-disabled', (e) => (e.cluster!.disableLocalAccounts = false)],
    ['cluster.workload-identity', (e) => (e.cluster!.workloadIdentityEnabled = false)],
    ['cluster.network-policy', (e) => (e.cluster!.networkPolicy = 'none')],
    ['cluster.node-public-ip', (e) => (e.cluster!.agentPools[0]!.enableNodePublicIp = true)],
    ['cluster.kubernetes-version', (e) => (e.cluster!.currentKubernetesVersion = '1.29.9')],
    ['cluster.upgrade-channels', (e) => (e.cluster!.nodeOsUpgradeChannel = 'None')],
  ];
  it.each(cases)('%s fails alone', (id, breakIt) => {
    const e = goodEvidence();
    breakIt(e);
    expect(notPassing(e)).toEqual({ [id]: 'fail' });
  });

  it('an unknown version list warns instead of guessing', () => {
    const e = goodEvidence();
    e.supportedVersions = undefined;
    expect(check(e, 'cluster.kubernetes-version').result).toBe('warn');
  });

  it('N-2 is still supported', () => {
    const e = goodEvidence();
    e.cluster!.currentKubernetesVersion = '1.31.11';
    expect(check(e, 'cluster.kubernetes-version').result).toBe('pass');
  });

  it('no cluster upgrade channel warns', () => {
    const e = goodEvidence();
    e.cluster!.upgradeChannel = 'none';
    expect(notPassing(e)).toEqual({ 'cluster.upgrade-channels': 'warn' });
  });
});

describe('in-cluster checks', () => {
  it('are not applicable when not requested', () => {
    const e = goodEvidence();
    e.inCluster = undefined;
    expect(notPassing(e)).toEqual(
      Object.fromEntries(
        ['nodes-ready', 'system-pods', 'egress-allowed', 'egress-denied'].map((n) => [`in-cluster.${n}`, 'not-applicable']),
      ),
    );
  });

  it('a NotReady node and an unhealthy pod fail', () => {
    const e = goodEvidence();
    e.inCluster!.nodes!.logs =
      'NAME   STATUS     ROLES    AGE   VERSION\nnode-a Ready      <none>   1m    v1\nnode-b NotReady   <none>   1m    v1\n';
    e.inCluster!.systemPods!.logs =
      'NAME      READY   STATUS             RESTARTS   AGE\ncoredns   0/1     ImagePullBackOff   0          1m\n';
    expect(notPassing(e)).toEqual({ 'in-cluster.nodes-ready': 'fail', 'in-cluster.system-pods': 'fail' });
    expect(check(e, 'in-cluster.nodes-ready').evidence).toContain('node-b');
    expect(check(e, 'in-cluster.system-pods').evidence).toContain('ImagePullBackOff');
  });

  it('an allowed probe that fails, or a denied probe that succeeds, fails', () => {
    const e = goodEvidence();
    e.inCluster!.egress!.allowed.httpCode = 0;
    e.inCluster!.egress!.blocked.httpCode = 200;
    expect(notPassing(e)).toEqual({ 'in-cluster.egress-allowed': 'fail', 'in-cluster.egress-denied': 'fail' });
    expect(check(e, 'in-cluster.egress-denied').evidence).toContain('https://www.bing.com/ (HTTP 200)');
  });

  it('a firewall 470 answer counts as refused; a probe that never ran fails the allowed check and leaves denial unproven', () => {
    const e = goodEvidence();
    e.inCluster!.egress!.blocked.httpCode = 470;
    expect(check(e, 'in-cluster.egress-denied').result).toBe('pass');
    e.inCluster!.egress!.allowed.httpCode = undefined;
    e.inCluster!.egress!.blocked.httpCode = undefined;
    expect(check(e, 'in-cluster.egress-allowed').evidence).toMatch(/did not run/);
    expect(check(e, 'in-cluster.egress-denied').result).toBe('warn');
  });

  it('a healthy pod count names the scope its command listed (verify: kube-system; step 9: all namespaces)', () => {
    const e = goodEvidence();
    e.inCluster!.systemPods = { ...e.inCluster!.systemPods!, command: 'kubectl get nodes; kubectl get pods -n kube-system' };
    expect(check(e, 'in-cluster.system-pods').evidence).toMatch(/^\d+ pod\(s\) in kube-system Running or Completed\.$/);
    e.inCluster!.systemPods = { ...e.inCluster!.systemPods!, command: 'kubectl get nodes && kubectl get all --all-namespaces' };
    expect(check(e, 'in-cluster.system-pods').evidence).toMatch(/^\d+ pod\(s\) in all namespaces Running or Completed\.$/);
    expect(healthyPods(22, 'kubectl get pods -A')).toBe('22 pod(s) in all namespaces Running or Completed');
  });

  it('a command that could not run fails with the reason', () => {
    const e = goodEvidence();
    e.inCluster!.nodes = { command: 'kubectl get nodes', ok: false, error: 'AuthorizationFailed: no runcommand' };
    expect(check(e, 'in-cluster.nodes-ready').evidence).toContain('AuthorizationFailed');
  });
});

describe('robustness', () => {
  it('evidence with nothing but the cluster never throws', () => {
    const e = goodEvidence();
    const bare: Evidence = {
      ...e,
      nodeVnet: undefined,
      nodeSubnet: undefined,
      routeTable: undefined,
      nodeNsg: undefined,
      firewalls: [],
      firewall: undefined,
      firewallPolicy: undefined,
      privateEndpoints: undefined,
      privateDnsZones: undefined,
      bastionSubnet: undefined,
      bastionNsg: undefined,
      jumphost: undefined,
      inCluster: undefined,
    };
    const checks = evaluate(bare);
    expect(checks.every((c) => !/could not evaluate/.test(c.evidence))).toBe(true);
    expect(checks.find((c) => c.id === 'egress.default-route')!.result).toBe('fail');
  });
});
