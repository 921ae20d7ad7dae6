/**
 * Which add-ons this deployment turned on. An add-on can be on for reasons that are not ours: turned on by
 * hand, or by Azure Policy's DeployIfNotExists built-ins (Defender for Containers auto-provisioning,
 * https://learn.microsoft.com/azure/defender-for-cloud/defender-for-containers-enable; "Deploy Azure Policy
 * Add-on to Azure Kubernetes Service clusters", https://learn.microsoft.com/azure/governance/policy/concepts/policy-for-kubernetes).
 * Turning such an add-on off would fight whoever turned it on at every run, so an add-on that is off in the
 * configuration is turned off only when this deployment turned it on; otherwise it is left on and the
 * plan says so. AKS records nothing of who enabled an add-on, so step 5 keeps the list in its journal
 * (its `addonsTurnedOn` output), as it does for the maintenance configurations it created.
 */
import type { ManagedCluster } from '@azure/arm-containerservice';
import type { Change } from '../../core/step.js';
import { ADDON_KEYS, ADDONS, type AddonKey } from '../../config/addons.js';

/** The step output listing the add-ons this deployment turned on. */
export const ADDONS_OUTPUT = 'addonsTurnedOn';

/** The add-ons a journal entry records (anything else in it is ignored). */
export function recordedAddons(outputs: Record<string, unknown>): AddonKey[] {
  const recorded = outputs[ADDONS_OUTPUT];
  return Array.isArray(recorded) ? ADDON_KEYS.filter((k) => recorded.includes(k)) : [];
}

/** Whether the cluster has the add-on on (AKS matches add-on names case-insensitively). */
export function addonOn(cluster: ManagedCluster | undefined, key: AddonKey): boolean {
  if (key === 'defender') return cluster?.securityProfile?.defender?.securityMonitoring?.enabled === true;
  const name = ADDONS[key].addonProfile!.toLowerCase();
  return Object.entries(cluster?.addonProfiles ?? {}).some(([k, p]) => k.toLowerCase() === name && p?.enabled === true);
}

/** Off in the configuration, on in the cluster, and not ours: left on. */
export function leftOn(config: Record<AddonKey, boolean>, cluster: ManagedCluster | undefined, ours: readonly AddonKey[]): AddonKey[] {
  return ADDON_KEYS.filter((k) => !config[k] && addonOn(cluster, k) && !ours.includes(k));
}

/** What plan shows for an add-on left on. */
export function leftOnChanges(
  config: Record<AddonKey, boolean>,
  cluster: ManagedCluster | undefined,
  ours: readonly AddonKey[],
  clusterName: string,
): Change[] {
  return leftOn(config, cluster, ours).map((k) => ({
    action: 'none',
    resourceType: 'Microsoft.ContainerService/managedClusters/addons',
    name: `${clusterName}/${ADDONS[k].addonProfile ?? 'defender'}`,
    note: `${ADDONS[k].title} enabled outside secure-aks; left on`,
  }));
}

/**
 * The add-ons this deployment has turned on after a run: those it had and still wants, and those the
 * configuration wants that were off before this run's writes. One that was already on (by hand, by
 * policy) is not ours even while the configuration wants it.
 */
export function addonsTurnedOn(
  config: Record<AddonKey, boolean>,
  before: ManagedCluster | undefined,
  ours: readonly AddonKey[],
): AddonKey[] {
  return ADDON_KEYS.filter((k) => config[k] && (ours.includes(k) || !addonOn(before, k)));
}
