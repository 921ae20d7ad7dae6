import { randomBytes } from 'node:crypto';

/**
 * Azure Linux's core image: hosted on MCR (pullable through the firewall) and it ships curl. A Docker Hub
 * image such as curlimages/curl could not even be pulled with this egress lockdown.
 */
export const PROBE_IMAGE = 'mcr.microsoft.com/azurelinux/base/core:3.0';
/** On the required allow-list (container images), so it must be reachable from a pod. */
export const ALLOWED_URL = 'https://mcr.microsoft.com/v2/';
/** On no allow-list, so the firewall must refuse it. */
export const BLOCKED_URL = 'https://www.bing.com/';

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
