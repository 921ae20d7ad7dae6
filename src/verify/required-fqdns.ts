/**
 * The FQDNs an audited cluster needs, derived from the same list the wizard writes into the firewall
 * policy (azure/egress-fqdns.ts), so the audit and the build cannot drift apart.
 */
import {
  AKS_REQUIRED_FQDN_RULES,
  NODE_OS_UPDATE_FQDN_RULES,
  featureEgress,
  type ClusterFeature,
  type FqdnRule,
} from '../azure/egress-fqdns.js';

export interface EgressFqdn {
  fqdn: string;
  protocol: 'Https' | 'Http';
  port: number;
}

const flatten = (rules: readonly FqdnRule[]): EgressFqdn[] =>
  rules.flatMap((r) => r.fqdns.flatMap((fqdn) => r.protocols.map((p) => ({ fqdn, protocol: p.type, port: p.port }))));

export const CORE_FQDNS: readonly EgressFqdn[] = flatten(AKS_REQUIRED_FQDN_RULES);
/** Node OS security updates: recommended, not required. */
export const RECOMMENDED_FQDNS: readonly EgressFqdn[] = flatten(NODE_OS_UPDATE_FQDN_RULES);

/** managedCluster.addonProfiles names -> the wizard's feature names. */
const ADDON_FEATURES: Record<string, ClusterFeature> = {
  azurepolicy: 'azurePolicy',
  omsagent: 'containerInsights',
  azurekeyvaultsecretsprovider: 'keyVaultCsi',
};

export interface FqdnContext {
  privateCluster: boolean;
  region: string;
  enabledAddons: readonly string[];
  defenderEnabled: boolean;
  workloadIdentity: boolean;
}

/** Every FQDN this cluster needs (HTTPS 443 unless the list says otherwise), without duplicates. */
export function requiredFqdns(ctx: FqdnContext): EgressFqdn[] {
  const features = ctx.enabledAddons.map((a) => ADDON_FEATURES[a.toLowerCase()]).filter((f): f is ClusterFeature => !!f);
  if (ctx.defenderEnabled) features.push('defender');
  if (ctx.workloadIdentity) features.push('workloadIdentity');
  const list: EgressFqdn[] = [
    ...CORE_FQDNS,
    ...features.flatMap((f) => featureEgress(f, ctx.region).fqdns.map((fqdn) => ({ fqdn, protocol: 'Https' as const, port: 443 }))),
  ];
  // A private cluster reaches its API server through the private endpoint, a public one over the Internet.
  if (!ctx.privateCluster) list.push({ fqdn: `*.hcp.${ctx.region}.azmk8s.io`, protocol: 'Https', port: 443 });
  const seen = new Set<string>();
  return list.filter((f) => {
    const key = `${f.fqdn.toLowerCase()}|${f.protocol}|${f.port}`;
    return !seen.has(key) && !!seen.add(key);
  });
}
