/**
 * The add-on workloads AKS runs for a cluster's addonProfiles (omsagent, azurepolicy,
 * azureKeyvaultSecretsProvider) and for Defender's securityProfile.defender.securityMonitoring, named and
 * placed as on a real cluster, with what each agent must reach to stay up. They tolerate
 * CriticalAddonsOnly, so they run on the system pool like the rest of kube-system.
 *
 * Written from Microsoft's pages, independently of the product's firewall lists (this is the oracle):
 * - Container Insights: learn.microsoft.com/azure/azure-monitor/containers/kubernetes-monitoring-firewall
 *   (ama-logs fetches its data collection rules from the global and regional handlers and sends to the
 *   workspace's ods/oms endpoints); the pod names from learn.microsoft.com/azure/azure-monitor/containers/container-insights-troubleshoot.
 * - Azure Policy: learn.microsoft.com/azure/governance/policy/concepts/policy-for-kubernetes (azure-policy
 *   pulls policies from data.policy and Gatekeeper artifacts from store.policy; gatekeeper-system runs
 *   gatekeeper-audit and gatekeeper-controller, which talk only to the API server).
 * - Defender for Containers: learn.microsoft.com/azure/defender-for-cloud/defender-for-containers-architecture
 *   (microsoft-defender-collector-ds, -collector-misc, -publisher-ds; the sensor signs in to Entra ID and
 *   sends to Log Analytics and the Defender backend).
 * - Key Vault secrets provider: learn.microsoft.com/azure/aks/csi-secrets-store-driver
 *   (aks-secrets-store-csi-driver, aks-secrets-store-provider-azure). The driver talks to a vault only
 *   when a pod mounts a secret, so its own pods start without any egress beyond their images.
 * An agent whose endpoint the node egress refuses exits and is restarted: CrashLoopBackOff.
 */
import type { ArmResource } from '../../core/contract.js';
import type { Workload } from './kube-state.js';
import { shortHash } from './stable-names.js';

export interface AddonWorkload {
  namespace: string;
  kind: 'Deployment' | 'DaemonSet';
  name: string;
  /** Deployment replicas; a DaemonSet runs one pod per node. */
  replicas?: number;
  image: string;
  containers: number;
  /** Hosts (HTTPS 443) the agent must reach or it exits. */
  needs: string[];
}

/** Namespaces the add-ons add to a cluster (Gatekeeper's, with the Policy add-on). */
export function addonNamespaces(cluster: ArmResource): string[] {
  return [...new Set(addonWorkloads(cluster).map((w) => w.namespace))].filter((ns) => ns !== 'kube-system');
}

function suffixes(region: string): { opinsights: string; monitor: string; login: string } {
  if (region.startsWith('china'))
    return { opinsights: 'opinsights.azure.cn', monitor: 'monitor.azure.cn', login: 'login.chinacloudapi.cn' };
  if (region.startsWith('usgov') || region.startsWith('usdod'))
    return { opinsights: 'opinsights.azure.us', monitor: 'monitor.azure.us', login: 'login.microsoftonline.us' };
  return { opinsights: 'opinsights.azure.com', monitor: 'monitor.azure.com', login: 'login.microsoftonline.com' };
}

/** The workspace's own ingestion host label (its customer id on Azure; a stable stand-in here). */
function workspaceLabel(workspaceId: unknown): string {
  return shortHash(String(workspaceId ?? 'default-workspace').toLowerCase(), 8);
}

function policyHosts(region: string): string[] {
  if (region.startsWith('china')) return ['data.policy.azure.cn', 'store.policy.azure.cn'];
  if (region.startsWith('usgov') || region.startsWith('usdod')) return ['data.policy.azure.us', 'store.policy.azure.us'];
  return ['data.policy.core.windows.net', 'store.policy.core.windows.net'];
}

export function addonWorkloads(cluster: ArmResource): AddonWorkload[] {
  const region = cluster.location ?? 'eastus';
  const addons = cluster.properties?.addonProfiles ?? {};
  const on = (name: string) =>
    Object.entries(addons).some(([k, v]: [string, any]) => k.toLowerCase() === name.toLowerCase() && v?.enabled === true);
  const s = suffixes(region);
  const out: AddonWorkload[] = [];
  if (on('omsagent')) {
    const ws = workspaceLabel(addons.omsagent?.config?.logAnalyticsWorkspaceResourceID);
    const needs = [
      `global.handler.control.${s.monitor}`,
      `${region}.handler.control.${s.monitor}`,
      `${ws}.ods.${s.opinsights}`,
      `${ws}.oms.${s.opinsights}`,
    ];
    const image = 'mcr.microsoft.com/azuremonitor/containerinsights/ciprod:3.1.28';
    out.push(
      { namespace: 'kube-system', kind: 'DaemonSet', name: 'ama-logs', image, containers: 2, needs },
      { namespace: 'kube-system', kind: 'Deployment', name: 'ama-logs-rs', replicas: 1, image, containers: 1, needs },
    );
  }
  if (on('azurepolicy')) {
    out.push(
      {
        namespace: 'kube-system',
        kind: 'Deployment',
        name: 'azure-policy',
        replicas: 1,
        image: 'mcr.microsoft.com/azure-policy/policy-kubernetes-addon-prod:1.10.1',
        containers: 1,
        needs: policyHosts(region),
      },
      {
        namespace: 'kube-system',
        kind: 'Deployment',
        name: 'azure-policy-webhook',
        replicas: 1,
        image: 'mcr.microsoft.com/azure-policy/policy-kubernetes-webhook:1.10.1',
        containers: 1,
        needs: [],
      },
      {
        namespace: 'gatekeeper-system',
        kind: 'Deployment',
        name: 'gatekeeper-audit',
        replicas: 1,
        image: 'mcr.microsoft.com/oss/v2/open-policy-agent/gatekeeper:v3.19.3-1',
        containers: 1,
        needs: [],
      },
      {
        namespace: 'gatekeeper-system',
        kind: 'Deployment',
        name: 'gatekeeper-controller',
        replicas: 2,
        image: 'mcr.microsoft.com/oss/v2/open-policy-agent/gatekeeper:v3.19.3-1',
        containers: 1,
        needs: [],
      },
    );
  }
  const defender = cluster.properties?.securityProfile?.defender;
  if (defender?.securityMonitoring?.enabled === true) {
    const ws = workspaceLabel(defender.logAnalyticsWorkspaceResourceId);
    const logs = [s.login, `${ws}.ods.${s.opinsights}`, `${ws}.oms.${s.opinsights}`];
    const backend = region.startsWith('china') || region.startsWith('usgov') ? [] : [`${region}.cloud.defender.microsoft.com`];
    const stable = 'mcr.microsoft.com/azuredefender/stable';
    out.push(
      {
        namespace: 'kube-system',
        kind: 'DaemonSet',
        name: 'microsoft-defender-collector-ds',
        image: `${stable}/low-level-collector:1.3.81`,
        containers: 2,
        needs: [s.login],
      },
      {
        namespace: 'kube-system',
        kind: 'Deployment',
        name: 'microsoft-defender-collector-misc',
        replicas: 1,
        image: `${stable}/security-publisher:1.0.119`,
        containers: 1,
        needs: [s.login],
      },
      {
        namespace: 'kube-system',
        kind: 'DaemonSet',
        name: 'microsoft-defender-publisher-ds',
        image: `${stable}/security-publisher:1.0.119`,
        containers: 1,
        needs: [...logs, ...backend],
      },
    );
  }
  if (on('azureKeyvaultSecretsProvider')) {
    out.push(
      {
        namespace: 'kube-system',
        kind: 'DaemonSet',
        name: 'aks-secrets-store-csi-driver',
        image: 'mcr.microsoft.com/oss/v2/kubernetes-csi/secrets-store/driver:v1.5.3',
        containers: 3,
        needs: [],
      },
      {
        namespace: 'kube-system',
        kind: 'DaemonSet',
        name: 'aks-secrets-store-provider-azure',
        image: 'mcr.microsoft.com/oss/v2/azure/secrets-store/provider-azure:v1.7.0',
        containers: 1,
        needs: [],
      },
    );
  }
  return out;
}

/** The add-on workloads as the cluster view lists them (a DaemonSet has a pod per node). */
export function addonClusterWorkloads(cluster: ArmResource, createdAt: number, nodeCount: number): Workload[] {
  return addonWorkloads(cluster).map((w) => ({
    namespace: w.namespace,
    kind: w.kind,
    name: w.name,
    replicas: w.kind === 'DaemonSet' ? nodeCount : (w.replicas ?? 1),
    image: w.image,
    createdAt,
    containers: w.containers,
    needs: w.needs,
  }));
}

/**
 * Restarts of a container that keeps exiting since `sinceMs`, and when the last one was: kubelet's
 * back-off doubles from 10 s up to five minutes (kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-restarts).
 */
export function crashRestarts(sinceMs: number, nowMs: number): { restarts: number; lastMs: number } {
  // The agent exits right after its first start: the first restart is immediate.
  let t = sinceMs;
  let delay = 10_000;
  let restarts = 1;
  while (t + delay <= nowMs) {
    t += delay;
    restarts++;
    delay = Math.min(delay * 2, 300_000);
  }
  return { restarts, lastMs: t };
}
