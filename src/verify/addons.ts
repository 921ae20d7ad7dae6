/**
 * Which add-ons an audited cluster runs, and which of its pods belong to each, as AKS names them:
 * Container Insights (learn.microsoft.com/azure/azure-monitor/containers/container-insights-troubleshoot),
 * Azure Policy (learn.microsoft.com/azure/governance/policy/concepts/policy-for-kubernetes), Defender for
 * Containers (learn.microsoft.com/azure/defender-for-cloud/defender-for-containers-architecture) and the
 * Key Vault secrets provider (learn.microsoft.com/azure/aks/csi-secrets-store-driver).
 */
import { ADDON_KEYS, ADDONS, type AddonKey } from '../config/addons.js';
import type { ClusterEvidence } from './evidence.js';

/** The enabled add-ons of a cluster: its addonProfiles (names compared case-insensitively) and Defender's securityProfile. */
export function clusterAddons(cluster: ClusterEvidence | undefined): AddonKey[] {
  if (!cluster) return [];
  const profiles = new Set((cluster.enabledAddons ?? []).map((a) => a.toLowerCase()));
  return ADDON_KEYS.filter((key) => {
    const profile = ADDONS[key].addonProfile;
    return profile ? profiles.has(profile.toLowerCase()) : cluster.defenderEnabled === true;
  });
}

/** Pods of an add-on: by namespace and name prefix (pods are named after their DaemonSet or Deployment). */
export const ADDON_PODS: Readonly<Record<AddonKey, ReadonlyArray<{ namespace: string; prefix: string }>>> = {
  monitoring: [{ namespace: 'kube-system', prefix: 'ama-logs' }],
  azurePolicy: [
    { namespace: 'kube-system', prefix: 'azure-policy' },
    { namespace: 'gatekeeper-system', prefix: 'gatekeeper-' },
  ],
  defender: [{ namespace: 'kube-system', prefix: 'microsoft-defender-' }],
  keyVault: [{ namespace: 'kube-system', prefix: 'aks-secrets-store-' }],
};
