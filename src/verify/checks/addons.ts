/**
 * Three checks per add-on, each naming it: the firewall policy allows exactly its FQDNs (and nothing
 * broader covers them), its pods run, and a probe pod reaches one of its names. An add-on the cluster does
 * not run is not applicable, so removing one add-on's rules fails that add-on's checks only.
 */
import { addonEgress } from '../../azure/addon-egress.js';
import { ADDON_KEYS, ADDONS, type AddonKey } from '../../config/addons.js';
import type { ProbeOutcome } from '../../kube/addon-probe.js';
import { parsePods } from '../../kube/parse.js';
import { ADDON_PODS, clusterAddons } from '../addons.js';
import type { Evidence, InClusterCommandEvidence } from '../evidence.js';
import { fqdnDecision, fqdnPatternCovers, isAllow, isAppRule, isNetworkRule, orderedCollections } from '../lib/firewall-eval.js';
import { portIsAll } from '../lib/ip.js';
import { type Check, type CheckOutcome, NO_CLUSTER, fail, notApplicable, pass, warn } from './types.js';

const OUTBOUND_RULES = 'https://learn.microsoft.com/azure/aks/outbound-rules-control-egress#aks-addons-and-integrations';
const DOCS: Record<AddonKey, string> = {
  monitoring: 'https://learn.microsoft.com/azure/azure-monitor/containers/kubernetes-monitoring-firewall',
  azurePolicy: OUTBOUND_RULES,
  defender: 'https://learn.microsoft.com/azure/defender-for-cloud/defender-for-containers-network-access',
  keyVault: OUTBOUND_RULES,
};
/** curl could not resolve the name: the DNS answer, not the firewall, decided. */
const CURL_DNS_FAILURE = 6;

const lower = (s: string) => s.toLowerCase();

function listed(e: Evidence, addon: AddonKey): string[] {
  return addonEgress(addon, e.cloud ?? 'AzureCloud', e.cluster!.location).fqdns;
}

/** Rules that let the node subnet reach an add-on name more broadly than its list: a wider pattern or any port. */
function broaderRules(e: Evidence, fqdns: string[]): string[] {
  const own = new Set(fqdns.map(lower));
  const covers = (pattern: string) => fqdns.some((f) => fqdnPatternCovers(pattern, f));
  return orderedCollections(e.firewallPolicy)
    .filter(({ collection }) => isAllow(collection))
    .flatMap(({ group, collection }) =>
      collection.rules.flatMap((rule) => {
        const where = `${group}/${collection.name}/${rule.name}`;
        if (isAppRule(rule)) {
          const wide = rule.targetFqdns.filter((t) => !own.has(lower(t)) && covers(t));
          return wide.length ? [`${where} (${wide.join(', ')})`] : [];
        }
        if (isNetworkRule(rule)) {
          const hits = rule.destinationFqdns.filter(covers);
          const anyPort = rule.destinationPorts.some(portIsAll);
          const wide = hits.filter((t) => anyPort || !own.has(lower(t)));
          return wide.length ? [`${where} (${wide.join(', ')}${anyPort ? ' on any port' : ''})`] : [];
        }
        return [];
      }),
    );
}

const notEnabled = (addon: AddonKey) => notApplicable(`${ADDONS[addon].title} is not enabled on the cluster.`);

function gate(e: Evidence, addon: AddonKey): CheckOutcome | undefined {
  if (!e.cluster) return NO_CLUSTER;
  if (!clusterAddons(e.cluster).includes(addon)) return notEnabled(addon);
  return undefined;
}

function couldNotRun(c: InClusterCommandEvidence, title: string): CheckOutcome {
  return fail(
    `${title}: \`${c.command}\` could not run: ${c.error ?? `exit ${c.exitCode}`}.`,
    'Check that the cluster is running and that you hold Microsoft.ContainerService/managedClusters/runcommand/action; then retry.',
  );
}

function egressCheck(addon: AddonKey): Check {
  const title = ADDONS[addon].title;
  return {
    id: `addon.${addon}.egress`,
    area: 'addons',
    title: `${title}: the firewall allows exactly its FQDNs`,
    baseline: 'AKS outbound rules for add-ons (least privilege egress)',
    docs: DOCS[addon],
    remediation: `Run \`secure-aks init\` to restore the ${title} rule collection (step 4).`,
    run: (e) => {
      const gated = gate(e, addon);
      if (gated) return gated;
      if (!e.firewallPolicy) return notApplicable(`${title}: no firewall policy is on the egress path (see egress.default-route).`);
      const fqdns = listed(e, addon);
      const sourceCidrs = e.nodeSubnet?.addressPrefixes ?? [];
      const missing = fqdns.filter((fqdn) => !fqdnDecision(e.firewallPolicy, { fqdn, protocol: 'Https', port: 443, sourceCidrs }).allowed);
      const broader = broaderRules(e, fqdns);
      if (missing.length)
        return fail(
          `${title}: policy ${e.firewallPolicy.name} does not allow ${missing.join(', ')} (HTTPS 443) from the node subnet; its agents cannot reach them.`,
          `Allow ${missing.join(', ')} on HTTPS 443 from the node subnet (\`secure-aks init\` step 4 writes the ${title} collection).`,
        );
      if (broader.length)
        return fail(
          `${title}: rules broader than its FQDN list cover its names: ${broader.join('; ')}.`,
          `Replace these rules with the exact ${title} FQDNs on HTTPS 443.`,
        );
      return pass(
        `${title}: policy ${e.firewallPolicy.name} allows its ${fqdns.length} FQDNs on HTTPS 443, and no broader rule covers them.`,
      );
    },
  };
}

function healthyCheck(addon: AddonKey): Check {
  const title = ADDONS[addon].title;
  return {
    id: `addon.${addon}.healthy`,
    area: 'addons',
    title: `${title}: its pods are Running and Ready`,
    baseline: 'AKS add-on health (kubectl get pods)',
    docs: DOCS[addon],
    remediation: `Inspect the ${title} pods (kubectl describe pod, kubectl logs): an agent that cannot reach its endpoints keeps restarting.`,
    run: (e) => {
      const gated = gate(e, addon);
      if (gated) return gated;
      const c = e.inCluster?.addons;
      if (!c) return notApplicable('In-cluster checks were not requested.');
      if (c.error) return couldNotRun(c, title);
      const pods = parsePods(c.logs ?? '').filter((p) =>
        ADDON_PODS[addon].some((w) => p.namespace === w.namespace && p.name.startsWith(w.prefix)),
      );
      if (pods.length === 0)
        return fail(`${title}: no pods of it are running (${ADDON_PODS[addon].map((w) => `${w.namespace}/${w.prefix}*`).join(', ')}).`);
      const bad = pods.filter((p) => !p.healthy);
      return bad.length
        ? fail(`${title}: unhealthy pods ${bad.map((p) => `${p.namespace}/${p.name} (${p.status}, ${p.ready})`).join(', ')}.`)
        : pass(`${title}: ${pods.length} pod(s) Running and Ready.`);
    },
  };
}

/**
 * The Key Vault add-on reaches its vault by the vault's own name, which must resolve from a pod to the
 * private endpoint's address (through the privatelink zone linked to the VNet); resolving elsewhere, or
 * not at all, means the add-on cannot read secrets with public access off.
 */
function keyVaultReachable(e: Evidence, probe: (ProbeOutcome & { host: string }) | undefined): CheckOutcome {
  const title = ADDONS.keyVault.title;
  const vault = e.keyVault!;
  const fix = `Run \`secure-aks init\` (step 6 links the private DNS zone to the VNet and registers the vault's A record through the endpoint's DNS zone group).`;
  if (!probe)
    return fail(
      `${title}: the probe pod did not run.`,
      'The probe image comes from MCR: allow mcr.microsoft.com and *.data.mcr.microsoft.com.',
    );
  if (probe.exitCode === CURL_DNS_FAILURE)
    return fail(
      `${title}: ${vault.host} did not resolve from a pod (curl exit ${CURL_DNS_FAILURE}): the private DNS zone has no A record for ${vault.name}, or it is not linked to the VNet.`,
      fix,
    );
  if (!vault.endpointIp)
    return fail(`${title}: key vault ${vault.name} has no private endpoint address to compare ${vault.host} with.`, fix);
  if (probe.remoteIp !== vault.endpointIp)
    return fail(
      `${title}: ${vault.host} resolved from a pod to ${probe.remoteIp || 'no address'}, not to its private endpoint's ${vault.endpointIp}: the private DNS zone is not linked to the VNet or its A record is wrong.`,
      fix,
    );
  return pass(
    `${title}: ${vault.host} resolves from a pod to its private endpoint ${vault.endpointIp}${probe.httpCode ? ` (HTTP ${probe.httpCode})` : ''}.`,
  );
}

function reachableCheck(addon: AddonKey): Check {
  const title = ADDONS[addon].title;
  return {
    id: `addon.${addon}.reachable`,
    area: 'addons',
    title:
      addon === 'keyVault'
        ? `${title}: its vault's name resolves from a pod to the private endpoint`
        : `${title}: a pod reaches one of its FQDNs`,
    baseline: 'Egress proof (AKS outbound rules for add-ons)',
    docs: DOCS[addon],
    remediation: `Allow the ${title} FQDNs on HTTPS 443 from the node subnet (\`secure-aks init\` step 4).`,
    run: (e) => {
      const gated = gate(e, addon);
      if (gated) return gated;
      const c = e.inCluster?.addons;
      if (!c) return notApplicable('In-cluster checks were not requested.');
      if (c.error) return couldNotRun(c, title);
      const probe = c.probes[addon];
      if (addon === 'keyVault')
        return e.keyVault
          ? keyVaultReachable(e, probe)
          : notApplicable(`${title}: which vault it reads is known only for a secure-aks deployment (its state file).`);
      if (!probe)
        return fail(
          `${title}: the probe pod did not run.`,
          'The probe image comes from MCR: allow mcr.microsoft.com and *.data.mcr.microsoft.com.',
        );
      if (probe.httpCode !== 0) return pass(`${title}: a probe pod reached ${probe.host} (HTTP ${probe.httpCode}).`);
      if (probe.exitCode === CURL_DNS_FAILURE)
        return warn(`${title}: not proven: ${probe.host} did not resolve from the cluster (curl exit ${CURL_DNS_FAILURE}).`);
      return fail(`${title}: a probe pod could not reach ${probe.host} (curl exit ${probe.exitCode}): the firewall refuses it.`);
    },
  };
}

export const addonChecks: Check[] = ADDON_KEYS.flatMap((addon) => [egressCheck(addon), healthyCheck(addon), reachableCheck(addon)]);
