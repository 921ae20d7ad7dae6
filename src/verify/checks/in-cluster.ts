import type { InClusterCommandEvidence } from '../evidence.js';
import { parseNodes, parsePods } from '../../kube/parse.js';
import { type Check, fail, notApplicable, pass, warn } from './types.js';

const COMMAND_INVOKE = 'https://learn.microsoft.com/azure/aks/access-private-cluster';
const FIREWALL_DENY_STATUS = 470;
const NOT_RUN = notApplicable('In-cluster checks were not requested.');

const clip = (text: string | undefined, max = 300) => {
  const t = (text ?? '').trim().replace(/\s+/g, ' ');
  return t.length > max ? `${t.slice(0, max)}...` : t;
};

/** A command that could not run at all (runCommand refused, timed out) is a failure of the check itself. */
const couldNotRun = (c: InClusterCommandEvidence) =>
  fail(
    `\`${c.command}\` could not run: ${c.error ?? `exit ${c.exitCode}`}.`,
    'Check that the cluster is running and that you hold Microsoft.ContainerService/managedClusters/runcommand/action; then retry.',
  );

/**
 * Which pods a `kubectl get` command lists ("all namespaces", "kube-system"): step 9 and verify run
 * different commands, so every pod count says what it counted.
 */
export function podScope(command: string): string {
  if (/--all-namespaces|\s-A\b/.test(command)) return 'all namespaces';
  return /(?:\s-n|--namespace)[ =](\S+)/.exec(command)?.[1] ?? 'the default namespace';
}

/** "21 pod(s) in kube-system Running or Completed": the one wording of a healthy pod count. */
export function healthyPods(count: number, command: string): string {
  return `${count} pod(s) in ${podScope(command)} Running or Completed`;
}

export const inClusterChecks: Check[] = [
  {
    id: 'in-cluster.nodes-ready',
    area: 'in-cluster',
    title: 'All nodes Ready',
    baseline: 'AKS health (kubectl get nodes)',
    docs: COMMAND_INVOKE,
    remediation: 'Inspect the NotReady nodes (kubectl describe node); a node that cannot reach required FQDNs never becomes Ready.',
    run: (e) => {
      const c = e.inCluster?.nodes;
      if (!c) return NOT_RUN;
      if (c.error) return couldNotRun(c);
      const nodes = parseNodes(c.logs ?? '');
      if (nodes.length === 0) return fail(`\`${c.command}\` listed no nodes: ${clip(c.logs)}`);
      const notReady = nodes.filter((n) => !n.ready);
      return notReady.length
        ? fail(`Not Ready: ${notReady.map((n) => `${n.name} (${n.status})`).join(', ')}.`)
        : pass(`${nodes.length} node(s) Ready: ${nodes.map((n) => n.name).join(', ')}.`);
    },
  },
  {
    id: 'in-cluster.system-pods',
    area: 'in-cluster',
    title: 'System pods healthy',
    baseline: 'AKS health (kubectl get pods -n kube-system)',
    docs: COMMAND_INVOKE,
    remediation:
      'Inspect the unhealthy pods (kubectl describe pod -n kube-system); image pulls failing point at missing firewall FQDN rules.',
    run: (e) => {
      const c = e.inCluster?.systemPods;
      if (!c) return NOT_RUN;
      if (c.error) return couldNotRun(c);
      const pods = parsePods(c.logs ?? '');
      if (pods.length === 0) return fail(`\`${c.command}\` listed no pods: ${clip(c.logs)}`);
      const bad = pods.filter((p) => !p.healthy);
      return bad.length
        ? fail(`Unhealthy: ${bad.map((p) => `${p.namespace}/${p.name} (${p.status}, ${p.ready})`).join(', ')}.`)
        : pass(`${healthyPods(pods.length, c.command)}.`);
    },
  },
  {
    id: 'in-cluster.egress-allowed',
    area: 'in-cluster',
    title: 'A pod reaches an allowed FQDN',
    baseline: 'Egress proof (AKS outbound rules)',
    docs: 'https://learn.microsoft.com/azure/aks/limit-egress-traffic',
    remediation:
      "Check the node subnet route table (0.0.0.0/0 to the firewall's private IP), the firewall application rules and that no NSG denies outbound traffic.",
    run: (e) => {
      const c = e.inCluster?.egress;
      if (!c) return NOT_RUN;
      if (c.error) return couldNotRun(c);
      const code = c.allowed.httpCode;
      if (code === undefined)
        return fail(
          `The probe pod did not run: ${clip(c.logs)}`,
          'The probe image comes from MCR: allow mcr.microsoft.com and *.data.mcr.microsoft.com.',
        );
      return code !== 0
        ? pass(`A probe pod reached ${c.allowed.url} (HTTP ${code}).`)
        : fail(`A probe pod could not reach ${c.allowed.url}: ${clip(c.logs)}`);
    },
  },
  {
    id: 'in-cluster.egress-denied',
    area: 'in-cluster',
    title: 'A pod is refused at a non-allowed FQDN',
    baseline: 'Egress proof (AKS outbound rules)',
    docs: 'https://learn.microsoft.com/azure/aks/limit-egress-traffic',
    remediation: 'Egress is open: route 0.0.0.0/0 from the node subnet to the firewall and remove broad allow rules from the policy.',
    run: (e) => {
      const c = e.inCluster?.egress;
      if (!c) return NOT_RUN;
      if (c.error) return couldNotRun(c);
      const code = c.blocked.httpCode;
      // Without a running probe pod nothing is proven either way; in-cluster.egress-allowed reports the cause.
      if (code === undefined) return warn(`Not proven: the probe pod did not run (see in-cluster.egress-allowed).`);
      // 470 is Azure Firewall's own answer to a denied plain-HTTP request.
      return code === 0 || code === FIREWALL_DENY_STATUS
        ? pass(`A probe pod was refused at ${c.blocked.url}${code ? ` (HTTP ${code} from the firewall)` : ' (no HTTP answer)'}.`)
        : fail(`A probe pod reached ${c.blocked.url} (HTTP ${code}), which no rule should allow.`);
    },
  },
];
