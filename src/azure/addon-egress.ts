/**
 * What each add-on must reach through the firewall, per cloud: exactly the FQDNs Microsoft lists for it
 * (HTTPS 443), nothing broader. The AzureKubernetesService FQDN tag does not cover add-ons, so each one
 * gets its own application rule collection (step 4) and its own `verify` checks. Sources, per add-on,
 * are in docs/addons-egress.md:
 * - Learn "Outbound network and FQDN rules for AKS clusters", section "AKS addons and integrations"
 *   (learn.microsoft.com/azure/aks/outbound-rules-control-egress);
 * - Defender for Cloud "Network access and permissions reference for Defender for Containers"
 *   (learn.microsoft.com/azure/defender-for-cloud/defender-for-containers-network-access);
 * - Learn "Network firewall requirements for monitoring Kubernetes clusters"
 *   (learn.microsoft.com/azure/azure-monitor/containers/kubernetes-monitoring-firewall), newer and more
 *   complete for Container Insights than the AKS page, so its list is the one used.
 */
import type { AddonKey } from '../config/addons.js';
import type { CloudName } from '../config/regions.js';

export interface AddonEgress {
  addon: AddonKey;
  /** The application rule collection holding this add-on's rule in the AKS rule collection group. */
  collection: string;
  /** Its priority inside the group: after the AKS collections (100, 200), one slot per add-on. */
  priority: number;
  /** HTTPS 443 targets. */
  fqdns: string[];
  /**
   * A name a probe pod can request to prove the path is open: a real host covered by `fqdns`. None for
   * the Key Vault add-on: it talks to the vault's own name through the private endpoint, not through the
   * firewall, so its probe asks that name (known from the deployment) and compares the address.
   */
  probeHost?: string;
}

/** Suffixes that differ per cloud. */
const SUFFIX: Record<CloudName, { opinsights: string; monitor: string; login: string }> = {
  AzureCloud: { opinsights: 'opinsights.azure.com', monitor: 'monitor.azure.com', login: 'login.microsoftonline.com' },
  AzureChinaCloud: { opinsights: 'opinsights.azure.cn', monitor: 'monitor.azure.cn', login: 'login.microsoftonline.cn' },
  AzureUSGovernment: { opinsights: 'opinsights.azure.us', monitor: 'monitor.azure.us', login: 'login.microsoftonline.us' },
};

function monitoring(cloud: CloudName, region: string): string[] {
  const s = SUFFIX[cloud];
  return [
    `*.ods.${s.opinsights}`,
    `*.oms.${s.opinsights}`,
    // Agent telemetry goes to public-cloud Application Insights from every cloud.
    'dc.services.visualstudio.com',
    // Metrics to Azure Monitor and the Entra sign-in: listed for the public cloud only.
    ...(cloud === 'AzureCloud' ? ['*.monitoring.azure.com', s.login] : []),
    `global.handler.control.${s.monitor}`,
    `${region}.handler.control.${s.monitor}`,
    `*.ingest.${s.monitor}`,
    `*.metrics.ingest.${s.monitor}`,
  ];
}

function azurePolicy(cloud: CloudName): string[] {
  switch (cloud) {
    case 'AzureCloud':
      return ['data.policy.core.windows.net', 'store.policy.core.windows.net', 'dc.services.visualstudio.com'];
    case 'AzureChinaCloud':
      return ['data.policy.azure.cn', 'store.policy.azure.cn'];
    case 'AzureUSGovernment':
      return ['data.policy.azure.us', 'store.policy.azure.us'];
  }
}

/**
 * The AKS page lists sign-in and Log Analytics; Defender for Cloud's "Network access and permissions
 * reference for Defender for Containers" adds the sensor's runtime telemetry endpoint (public cloud).
 */
function defender(cloud: CloudName): string[] {
  const s = SUFFIX[cloud];
  return [s.login, `*.ods.${s.opinsights}`, `*.oms.${s.opinsights}`, ...(cloud === 'AzureCloud' ? ['*.cloud.defender.microsoft.com'] : [])];
}

/**
 * The vault itself is reached through its private endpoint, inside the VNet: its name resolves to a
 * private address and never passes the firewall. What remains is the service's apex name Learn lists for
 * the public cloud (`vault.azure.net`), and its counterpart in the other clouds. Learn lists
 * `*.vault.usgovcloudapi.net` for Azure Government: that wildcard would open every vault in the cloud
 * (an exfiltration path) and the private endpoint makes it unnecessary, so it is left out.
 */
function keyVault(cloud: CloudName): string[] {
  switch (cloud) {
    case 'AzureCloud':
      return ['vault.azure.net'];
    case 'AzureChinaCloud':
      return ['vault.azure.cn'];
    case 'AzureUSGovernment':
      return ['vault.usgovcloudapi.net'];
  }
}

const PRIORITY: Record<AddonKey, number> = { monitoring: 310, azurePolicy: 320, defender: 330, keyVault: 340 };

/** The egress of one add-on in a cloud and region. */
export function addonEgress(addon: AddonKey, cloud: CloudName, region: string): AddonEgress {
  const fqdns = {
    monitoring: () => monitoring(cloud, region),
    azurePolicy: () => azurePolicy(cloud),
    defender: () => defender(cloud),
    keyVault: () => keyVault(cloud),
  }[addon]();
  // The probe asks a name the add-on itself talks to and that resolves (a made-up name under a wildcard
  // would fail at DNS whatever the firewall says): the region's data collection rule handler, the policy
  // data endpoint, the Defender backend's API.
  const probe =
    addon === 'keyVault'
      ? undefined
      : addon === 'monitoring'
        ? `${region}.handler.control.${SUFFIX[cloud].monitor}`
        : addon === 'defender' && cloud === 'AzureCloud'
          ? 'api.cloud.defender.microsoft.com'
          : fqdns[0]!;
  return { addon, collection: `addon-${addon}`, priority: PRIORITY[addon], fqdns, ...(probe ? { probeHost: probe } : {}) };
}

/** The collection name of every add-on: the ones step 4 owns, whether the add-on is on or off. */
export const ADDON_COLLECTIONS: readonly string[] = (Object.keys(PRIORITY) as AddonKey[]).map((a) => `addon-${a}`);
