import { randomBytes } from 'node:crypto';
import { SecureAksError } from '../../engine/errors.js';
import { tail } from './kube-run.js';

/**
 * Azure Linux's core image: hosted on MCR (pullable through the firewall) and it ships curl. A Docker Hub
 * image such as curlimages/curl could not even be pulled with this egress lockdown.
 */
export const PROBE_IMAGE = 'mcr.microsoft.com/azurelinux/base/core:3.0';
/** On the required allow-list (container images), so it must be reachable from a pod. */
export const ALLOWED_URL = 'https://mcr.microsoft.com/v2/';
/** On no allow-list, so the firewall must refuse it. */
export const BLOCKED_URL = 'https://www.bing.com/';

export interface EgressProof {
  allowedProbe: 'reachable';
  blockedProbe: 'blocked';
}

/**
 * One short-lived pod per URL (both in one runCommand call: each call costs a command pod). curl's
 * --write-out prints a marker with the HTTP status, `000` when no HTTP answer came back (connection reset by
 * the firewall, timeout): a marker missing altogether means the probe pod itself never ran.
 */
export function probeCommand(namespace: string, suffix = randomBytes(3).toString('hex')): string {
  const probe = (label: string, url: string) =>
    `kubectl run secure-aks-egress-${label}-${suffix} -n ${namespace} --rm -i --restart=Never --image=${PROBE_IMAGE} -- ` +
    `curl -sS -o /dev/null --max-time 15 -w '${label}=%{http_code}\\n' ${url}`;
  return `${probe('allowed', ALLOWED_URL)}; ${probe('blocked', BLOCKED_URL)}`;
}

export function parseProbe(logs: string, label: 'allowed' | 'blocked'): number | undefined {
  const m = new RegExp(`^${label}=(\\d{3})\\s*$`, 'm').exec(logs);
  return m ? Number(m[1]) : undefined;
}

/** An HTTP status the firewall itself answers for denied plain-HTTP requests. */
const FIREWALL_DENY_STATUS = 470;

/**
 * Judges the probe output of `probeCommand` (it may follow other output in the same runCommand call).
 * Throws naming what failed; returns the proof otherwise.
 */
export function judgeEgress(logs: string): EgressProof {
  const allowed = parseProbe(logs, 'allowed');
  const blocked = parseProbe(logs, 'blocked');
  if (allowed === undefined || blocked === undefined) {
    throw new SecureAksError('EgressProbeDidNotRun', `The egress probe pods did not run (image ${PROBE_IMAGE}): ${tail(logs)}`, {
      source: 'azure',
      remediation: 'Check that the firewall allows mcr.microsoft.com and *.data.mcr.microsoft.com, then run `secure-aks status --resume`.',
    });
  }
  if (allowed === 0) {
    throw new SecureAksError('EgressAllowedUnreachable', `A pod could not reach ${ALLOWED_URL}, which the firewall rules allow: ${tail(logs)}`, {
      source: 'azure',
      remediation:
        "Check the route table (0.0.0.0/0 to the firewall's private IP), the firewall's application rules (step 4) and that no NSG denies outbound traffic, then resume.",
    });
  }
  if (blocked !== 0 && blocked !== FIREWALL_DENY_STATUS) {
    throw new SecureAksError('EgressNotRestricted', `A pod reached ${BLOCKED_URL} (HTTP ${blocked}), which no firewall rule allows: egress is not locked down.`, {
      source: 'azure',
      remediation:
        'Make sure the node subnet routes 0.0.0.0/0 through the firewall (step 3) and that no application rule allows all FQDNs, then resume.',
    });
  }
  return { allowedProbe: 'reachable', blockedProbe: 'blocked' };
}
