import { randomBytes } from 'node:crypto';
import { PROBE_IMAGE } from './egress-probe.js';

/**
 * One probe's outcome: curl's HTTP status (0: no HTTP answer), exit code (6 DNS, 28 timeout, 35 reset)
 * and the address it connected to (empty when it connected nowhere).
 */
export interface ProbeOutcome {
  httpCode: number;
  exitCode: number;
  remoteIp: string;
}

/**
 * Short-lived pods that each request one HTTPS URL, all in one runCommand call. curl's --write-out
 * prints `<label>=<status> exit=<curl exit code> ip=<remote address>`: the exit code tells a name that
 * does not resolve (6) from a connection the firewall reset (35) or dropped (28); the address shows where
 * the name led (a private endpoint, or not). A label with no line: its pod never ran.
 */
export function probesCommand(
  namespace: string,
  probes: ReadonlyArray<{ label: string; host: string }>,
  suffix = randomBytes(3).toString('hex'),
): string {
  return probes
    .map(
      ({ label, host }) =>
        `kubectl run secure-aks-probe-${label.toLowerCase()}-${suffix} -n ${namespace} --rm -i --restart=Never --image=${PROBE_IMAGE} -- ` +
        `curl -sS -o /dev/null --max-time 15 -w '${label}=%{http_code} exit=%{exitcode} ip=%{remote_ip}\\n' https://${host}/`,
    )
    .join('; ');
}

export function parseProbeOutcome(logs: string, label: string): ProbeOutcome | undefined {
  const m = new RegExp(`^${label}=(\\d{3}) exit=(\\d+)(?: ip=(\\S*))?\\s*$`, 'm').exec(logs);
  return m ? { httpCode: Number(m[1]), exitCode: Number(m[2]), remoteIp: m[3] ?? '' } : undefined;
}
