import type { Evidence } from '../evidence.js';
import { type Check, NO_CLUSTER, fail, pass, warn } from './types.js';

const minor = (v: string | undefined): [number, number] | undefined => {
  const m = /^(\d+)\.(\d+)/.exec(v ?? '');
  return m ? [Number(m[1]), Number(m[2])] : undefined;
};

/** The oldest major.minor still supported: the newest listed GA minor minus two (AKS supports N-2). */
export function oldestSupportedMinor(versions: readonly string[]): [number, number] | undefined {
  const parsed = versions.map(minor).filter((v): v is [number, number] => !!v);
  if (parsed.length === 0) return undefined;
  const [maj, min] = parsed.reduce((a, b) => (a[0] > b[0] || (a[0] === b[0] && a[1] >= b[1]) ? a : b));
  return [maj, Math.max(0, min - 2)];
}

const currentVersion = (e: Evidence) => e.cluster?.currentKubernetesVersion ?? e.cluster?.kubernetesVersion;

export const clusterChecks: Check[] = [
  {
    id: 'cluster.entra-rbac',
    area: 'cluster',
    title: 'Entra ID integration with Azure RBAC',
    baseline: 'AKS baseline; CIS AKS 5.x (identity)',
    docs: 'https://learn.microsoft.com/azure/aks/manage-azure-rbac',
    remediation: 'Enable managed Entra ID integration and Azure RBAC (az aks update --enable-aad --enable-azure-rbac).',
    run: (e) => {
      const c = e.cluster;
      if (!c) return NO_CLUSTER;
      if (!c.aadManaged) return fail('Entra ID integration (aadProfile.managed) is off.');
      return c.enableAzureRbac
        ? pass('Managed Entra ID integration with Azure RBAC for Kubernetes authorization.')
        : fail('Entra ID is on but Azure RBAC (aadProfile.enableAzureRBAC) is off.');
    },
  },
  {
    id: 'cluster.local-accounts-disabled',
    area: 'cluster',
    title: 'Local accounts disabled',
    baseline: 'AKS baseline; CIS AKS 5.x',
    docs: 'https://learn.microsoft.com/azure/aks/manage-local-accounts-managed-azure-ad',
    remediation: 'Disable local accounts (az aks update --disable-local-accounts) so every access goes through Entra ID.',
    run: (e) => {
      if (!e.cluster) return NO_CLUSTER;
      return e.cluster.disableLocalAccounts
        ? pass('disableLocalAccounts is true.')
        : fail('Local accounts are enabled: the cluster-admin kubeconfig bypasses Entra ID.');
    },
  },
  {
    id: 'cluster.workload-identity',
    area: 'cluster',
    title: 'Workload identity and OIDC issuer enabled',
    baseline: 'AKS baseline',
    docs: 'https://learn.microsoft.com/azure/aks/workload-identity-overview',
    remediation: 'Enable the OIDC issuer and workload identity (az aks update --enable-oidc-issuer --enable-workload-identity).',
    run: (e) => {
      const c = e.cluster;
      if (!c) return NO_CLUSTER;
      const off = [!c.oidcIssuerEnabled && 'OIDC issuer', !c.workloadIdentityEnabled && 'workload identity'].filter(Boolean);
      return off.length ? fail(`Disabled: ${off.join(', ')}.`) : pass('OIDC issuer and workload identity are enabled.');
    },
  },
  {
    id: 'cluster.network-policy',
    area: 'cluster',
    title: 'A network policy engine is set',
    baseline: 'AKS baseline; CIS AKS 5.4.4',
    docs: 'https://learn.microsoft.com/azure/aks/use-network-policies',
    remediation: 'Use a network policy engine (Cilium or Azure) so pod-to-pod traffic can be restricted.',
    run: (e) => {
      const c = e.cluster;
      if (!c) return NO_CLUSTER;
      const p = c.networkPolicy;
      const plugin = [c.networkPlugin, c.networkPluginMode].filter(Boolean).join(' ');
      return p && p.toLowerCase() !== 'none'
        ? pass(`networkPolicy is ${p} (${plugin || 'plugin unknown'}).`)
        : fail(`No network policy engine (networkPolicy ${p ?? 'unset'}, ${plugin || 'plugin unknown'}).`);
    },
  },
  {
    id: 'cluster.node-public-ip',
    area: 'cluster',
    title: 'Node pools have no public IPs',
    baseline: 'AKS baseline; CIS AKS 5.4.3',
    docs: 'https://learn.microsoft.com/azure/aks/use-node-public-ips',
    remediation: 'Recreate the listed node pools without enableNodePublicIP.',
    run: (e) => {
      if (!e.cluster) return NO_CLUSTER;
      const pools = e.cluster.agentPools;
      const withIp = pools.filter((p) => p.enableNodePublicIp);
      return withIp.length
        ? fail(`Node pools with public IPs: ${withIp.map((p) => p.name).join(', ')}.`)
        : pass(`None of ${pools.length} node pool(s) (${pools.map((p) => p.name).join(', ')}) has public IPs.`);
    },
  },
  {
    id: 'cluster.kubernetes-version',
    area: 'cluster',
    title: 'Kubernetes version is supported',
    baseline: 'AKS supported Kubernetes versions (N-2)',
    docs: 'https://learn.microsoft.com/azure/aks/supported-kubernetes-versions',
    remediation: 'Upgrade the cluster to a supported minor version (az aks upgrade).',
    run: (e) => {
      const v = currentVersion(e);
      if (!e.cluster) return NO_CLUSTER;
      if (!v) return warn('The cluster reports no Kubernetes version.');
      const oldest = e.supportedVersions?.length ? oldestSupportedMinor(e.supportedVersions) : undefined;
      if (!oldest) return warn(`Version ${v}; the region's supported versions could not be read.`);
      const have = minor(v);
      if (!have) return warn(`Version ${v} could not be parsed.`);
      const ok = have[0] > oldest[0] || (have[0] === oldest[0] && have[1] >= oldest[1]);
      const listed = e.supportedVersions!.join(', ');
      return ok
        ? pass(`Version ${v} is within the supported window (${listed}).`)
        : fail(`Version ${v} is older than ${oldest.join('.')}, the oldest supported minor (${listed}).`);
    },
  },
  {
    id: 'cluster.upgrade-channels',
    area: 'cluster',
    title: 'Automatic upgrade channels set',
    baseline: 'AKS baseline',
    docs: 'https://learn.microsoft.com/azure/aks/auto-upgrade-cluster',
    remediation: 'Set a node OS upgrade channel (NodeImage or SecurityPatch) and a cluster upgrade channel (patch or stable).',
    run: (e) => {
      const c = e.cluster;
      if (!c) return NO_CLUSTER;
      const os = c.nodeOsUpgradeChannel;
      const k8s = c.upgradeChannel;
      const osOff = !os || ['none', 'unmanaged'].includes(os.toLowerCase());
      const k8sOff = !k8s || k8s.toLowerCase() === 'none';
      const seen = `nodeOSUpgradeChannel ${os ?? 'unset'}, upgradeChannel ${k8s ?? 'unset'}`;
      // Node OS patches are the security-relevant part; the cluster channel is a recommendation.
      if (osOff) return fail(`Node OS images are not patched automatically (${seen}).`);
      return k8sOff ? warn(`No automatic Kubernetes patch upgrades (${seen}).`, 'Set upgradeChannel to patch.') : pass(seen + '.');
    },
  },
];
