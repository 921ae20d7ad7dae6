/**
 * The FQDNs an audited cluster needs, derived from the same list the wizard writes into the firewall
 * policy (azure/egress-fqdns.ts), so the audit and the build cannot drift apart.
 */
import { AKS_REQUIRED_FQDN_RULES, NODE_OS_UPDATE_FQDN_RULES, WORKLOAD_IDENTITY_FQDNS, type FqdnRule } from '../azure/egress-fqdns.js';

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

export interface FqdnContext {
  privateCluster: boolean;
  region: string;
  workloadIdentity: boolean;
}

/**
 * Every FQDN the cluster itself needs (HTTPS 443 unless the list says otherwise), without duplicates.
 * Add-ons are judged by their own checks (checks/addons.ts), so a missing add-on rule names the add-on.
 */
export function requiredFqdns(ctx: FqdnContext): EgressFqdn[] {
  const list: EgressFqdn[] = [
    ...CORE_FQDNS,
    ...(ctx.workloadIdentity ? WORKLOAD_IDENTITY_FQDNS.map((fqdn) => ({ fqdn, protocol: 'Https' as const, port: 443 })) : []),
  ];
  // A private cluster reaches its API server through the private endpoint, a public one over the Internet.
  if (!ctx.privateCluster) list.push({ fqdn: `*.hcp.${ctx.region}.azmk8s.io`, protocol: 'Https', port: 443 });
  const seen = new Set<string>();
  return list.filter((f) => {
    const key = `${f.fqdn.toLowerCase()}|${f.protocol}|${f.port}`;
    return !seen.has(key) && !!seen.add(key);
  });
}
