import type { Evidence, NetworkRuleEvidence } from '../evidence.js';
import { RECOMMENDED_FQDNS, requiredFqdns, type EgressFqdn } from '../required-fqdns.js';
import {
  allowsPort,
  coversAllPorts,
  fqdnDecision,
  isAllow,
  isAnyDestination,
  isAppRule,
  isBroadFqdnPattern,
  isNetworkRule,
  orderedCollections,
  usesFqdnTag,
} from '../lib/firewall-eval.js';
import { type Check, NO_CLUSTER, fail, notApplicable, pass, warn } from './types.js';

const EGRESS_DOCS = 'https://learn.microsoft.com/azure/aks/limit-egress-traffic';
const OUTBOUND_RULES = 'https://learn.microsoft.com/azure/aks/outbound-rules-control-egress';
const FIREWALL_DNS = 'https://learn.microsoft.com/azure/firewall/dns-settings';

const defaultRoute = (e: Evidence) => e.routeTable?.routes.find((r) => r.addressPrefix === '0.0.0.0/0');
const NO_POLICY = (e: Evidence) =>
  notApplicable(
    e.firewall
      ? `Firewall ${e.firewall.name} has no readable firewall policy.`
      : 'No firewall is the default route next hop (see egress.default-route).',
  );

function missingFqdns(e: Evidence, list: readonly EgressFqdn[]): EgressFqdn[] {
  const sourceCidrs = e.nodeSubnet?.addressPrefixes ?? [];
  return list.filter((f) => !fqdnDecision(e.firewallPolicy, { ...f, sourceCidrs }).allowed);
}

const fqdnList = (list: EgressFqdn[]) => list.map((f) => `${f.fqdn} (${f.protocol.toUpperCase()} ${f.port})`).join(', ');

/** Allowed network rules in the policy, with where they live. */
function allowedNetworkRules(e: Evidence): Array<{ where: string; rule: NetworkRuleEvidence }> {
  return orderedCollections(e.firewallPolicy)
    .filter(({ collection }) => isAllow(collection))
    .flatMap(({ group, collection }) =>
      collection.rules.filter(isNetworkRule).map((rule) => ({ where: `${group}/${collection.name}/${rule.name}`, rule })),
    );
}

export const egressChecks: Check[] = [
  {
    id: 'egress.outbound-type',
    area: 'egress',
    title: 'Outbound type is userDefinedRouting',
    baseline: 'AKS baseline; Azure Firewall with AKS docs',
    docs: 'https://learn.microsoft.com/azure/aks/egress-outboundtype',
    remediation:
      'Set networkProfile.outboundType = userDefinedRouting (az aks update --outbound-type userDefinedRouting) once the node subnet route table sends 0.0.0.0/0 to the firewall.',
    run: (e) => {
      if (!e.cluster) return NO_CLUSTER;
      const t = e.cluster.outboundType ?? 'loadBalancer';
      return t === 'userDefinedRouting'
        ? pass('outboundType is userDefinedRouting.')
        : fail(`outboundType is ${t}: egress bypasses the firewall.`);
    },
  },
  {
    id: 'egress.default-route',
    area: 'egress',
    title: 'Node subnet default route goes to the firewall private IP',
    baseline: 'Azure Firewall with AKS docs',
    docs: EGRESS_DOCS,
    remediation:
      'Associate a route table with the node subnet whose 0.0.0.0/0 route has next hop VirtualAppliance and the firewall private IP (`secure-aks init` step 3).',
    run: (e) => {
      if (!e.cluster) return NO_CLUSTER;
      if (!e.nodeSubnet)
        return fail('The node pools are not in a custom VNet subnet (or it could not be read): no route table can steer egress.');
      if (!e.routeTable) return fail(`Node subnet ${e.nodeSubnet.name} has no route table.`);
      const route = defaultRoute(e);
      if (!route) return fail(`Route table ${e.routeTable.name} has no 0.0.0.0/0 route.`);
      const hop = `${route.nextHopType ?? '?'} ${route.nextHopIpAddress ?? ''}`.trim();
      if (route.nextHopType !== 'VirtualAppliance')
        return fail(`Route ${e.routeTable.name}/${route.name} sends 0.0.0.0/0 to ${hop}, not to a VirtualAppliance.`);
      const fw = (e.firewalls ?? []).find((f) => f.privateIp === route.nextHopIpAddress);
      if (!fw)
        return fail(
          `Route ${e.routeTable.name}/${route.name} sends 0.0.0.0/0 to ${route.nextHopIpAddress ?? '(no IP)'}, which is no firewall's private IP.`,
        );
      if (fw.provisioningState && fw.provisioningState !== 'Succeeded')
        return fail(`0.0.0.0/0 goes to firewall ${fw.name} (${fw.privateIp}), which is ${fw.provisioningState}.`);
      return pass(
        `Route table ${e.routeTable.name} on subnet ${e.nodeSubnet.name} sends 0.0.0.0/0 to firewall ${fw.name} (${fw.privateIp}).`,
      );
    },
  },
  {
    id: 'egress.firewall-public-ip-route',
    area: 'egress',
    title: 'Firewall public IP /32 routes to Internet',
    baseline: 'Azure Firewall with AKS docs',
    docs: EGRESS_DOCS,
    remediation:
      'Add a route <firewall public IP>/32 with next hop Internet to the node subnet route table (avoids asymmetric routing for DNAT traffic).',
    run: (e) => {
      if (!e.firewall || !e.routeTable) return notApplicable('No firewall is the default route next hop (see egress.default-route).');
      const ips = e.firewall.publicIps;
      if (ips.length === 0) return warn(`Firewall ${e.firewall.name} has no readable public IP.`);
      const missing = ips.filter((ip) => !e.routeTable!.routes.some((r) => r.addressPrefix === `${ip}/32` && r.nextHopType === 'Internet'));
      return missing.length
        ? fail(`Route table ${e.routeTable.name} lacks ${missing.map((ip) => `${ip}/32 -> Internet`).join(', ')}.`)
        : pass(`Route table ${e.routeTable.name} sends ${ips.map((ip) => `${ip}/32`).join(', ')} to Internet.`);
    },
  },
  {
    id: 'egress.required-fqdns',
    area: 'egress',
    title: 'Firewall policy allows every required FQDN',
    baseline: 'AKS outbound network and FQDN rules',
    docs: OUTBOUND_RULES,
    remediation: 'Add an application rule allowing the missing FQDNs from the node subnet (`secure-aks init` step 4 writes them).',
    run: (e) => {
      if (!e.cluster) return NO_CLUSTER;
      if (!e.firewallPolicy) return NO_POLICY(e);
      const required = requiredFqdns({
        privateCluster: e.cluster.enablePrivateCluster === true,
        region: e.cluster.location,
        workloadIdentity: e.cluster.workloadIdentityEnabled === true,
      });
      const missing = missingFqdns(e, required);
      const tag = usesFqdnTag(e.firewallPolicy, 'AzureKubernetesService')
        ? ' The AzureKubernetesService FQDN tag is used, but it has lagged behind new endpoints: explicit rules are required.'
        : '';
      return missing.length
        ? fail(
            `Policy ${e.firewallPolicy.name} does not allow: ${fqdnList(missing)}.${tag}`,
            `Allow these FQDNs from the node subnet: ${missing.map((f) => f.fqdn).join(', ')}.`,
          )
        : pass(`Policy ${e.firewallPolicy.name} allows all ${required.length} required FQDNs from the node subnet.`);
    },
  },
  {
    id: 'egress.recommended-fqdns',
    area: 'egress',
    title: 'Node OS update FQDNs allowed (recommended)',
    baseline: 'AKS outbound network and FQDN rules (optional)',
    docs: OUTBOUND_RULES,
    remediation: 'Allow the Ubuntu update FQDNs so nodes receive OS security patches.',
    run: (e) => {
      if (!e.firewallPolicy) return NO_POLICY(e);
      const missing = missingFqdns(e, RECOMMENDED_FQDNS);
      return missing.length ? warn(`Not allowed: ${fqdnList(missing)}.`) : pass('Ubuntu update FQDNs are allowed.');
    },
  },
  {
    id: 'egress.no-wildcard-app-rule',
    area: 'egress',
    title: 'No application rule allows every FQDN',
    baseline: 'AKS baseline (least privilege egress)',
    docs: EGRESS_DOCS,
    remediation: 'Remove application rules whose target FQDN is `*` or a whole top-level domain; allow named FQDNs only.',
    run: (e) => {
      if (!e.firewallPolicy) return NO_POLICY(e);
      const broad = orderedCollections(e.firewallPolicy)
        .filter(({ collection }) => isAllow(collection))
        .flatMap(({ group, collection }) =>
          collection.rules
            .filter(isAppRule)
            .filter((r) => r.targetFqdns.some(isBroadFqdnPattern) || r.targetUrls.some((u) => u.trim() === '*'))
            .map(
              (r) =>
                `${group}/${collection.name}/${r.name} (${[...r.targetFqdns, ...r.targetUrls].filter((t) => isBroadFqdnPattern(t)).join(', ')})`,
            ),
        );
      return broad.length
        ? fail(`Broad application rules: ${broad.join('; ')}.`)
        : pass(`No application rule in ${e.firewallPolicy.name} allows a wildcard for all FQDNs.`);
    },
  },
  {
    id: 'egress.no-any-network-rule',
    area: 'egress',
    title: 'No network rule allows any destination on any port',
    baseline: 'AKS baseline (least privilege egress)',
    docs: EGRESS_DOCS,
    remediation: 'Remove network rules with destination `*` and all ports; allow named destinations and ports.',
    run: (e) => {
      if (!e.firewallPolicy) return NO_POLICY(e);
      const broad = allowedNetworkRules(e).filter(({ rule }) => isAnyDestination(rule) && coversAllPorts(rule));
      return broad.length
        ? fail(`Any-to-any network rules: ${broad.map((b) => b.where).join(', ')}.`)
        : pass('No any-to-any network rule.');
    },
  },
  {
    id: 'egress.no-tunnel-ports',
    area: 'egress',
    title: 'No UDP 1194 / TCP 9000 rule for a private cluster',
    baseline: 'AKS outbound rules (needed by public clusters only)',
    docs: OUTBOUND_RULES,
    remediation: 'Remove the UDP 1194 and TCP 9000 network rules: a private cluster reaches its API server through the private endpoint.',
    run: (e) => {
      if (!e.cluster) return NO_CLUSTER;
      if (!e.firewallPolicy) return NO_POLICY(e);
      if (e.cluster.enablePrivateCluster !== true) return notApplicable('Public clusters may need UDP 1194 / TCP 9000 to the API server.');
      // Any-to-any rules are reported by egress.no-any-network-rule; do not report them twice.
      const hits = allowedNetworkRules(e).filter(
        ({ rule }) => !coversAllPorts(rule) && (allowsPort(rule, 'UDP', 1194) || allowsPort(rule, 'TCP', 9000)),
      );
      return hits.length
        ? fail(`Private cluster, yet tunnel ports are allowed by ${hits.map((h) => h.where).join(', ')}.`)
        : pass('No UDP 1194 / TCP 9000 rule.');
    },
  },
  {
    id: 'egress.dns-proxy',
    area: 'egress',
    title: 'Firewall DNS proxy is enabled',
    baseline: 'Azure Firewall DNS settings docs',
    docs: FIREWALL_DNS,
    remediation: 'Enable DNS proxy on the firewall policy (dnsSettings.enableProxy = true); FQDNs in network rules need it.',
    run: (e) => {
      if (!e.firewallPolicy) return NO_POLICY(e);
      return e.firewallPolicy.dnsProxyEnabled
        ? pass(`Policy ${e.firewallPolicy.name} has DNS proxy enabled.`)
        : fail(`Policy ${e.firewallPolicy.name} has DNS proxy disabled.`);
    },
  },
];
