import { addonEgress } from '../azure/addon-egress.js';
import type { AddonKey } from '../config/addons.js';
import type { CloudName } from '../config/regions.js';
import { parseProbeOutcome, probesCommand } from '../kube/addon-probe.js';
import type { InClusterEvidence } from './evidence.js';
import { runInCluster, type InClusterTarget } from './in-cluster.js';

/**
 * Every namespace's pods (the add-ons run in kube-system and gatekeeper-system) and one probe pod per
 * enabled add-on towards a name it needs, in one runCommand call. The Key Vault add-on's name is its
 * vault's (`keyVaultHost`), reached through the private endpoint; without it that add-on is not probed.
 */
export async function collectAddonsInCluster(
  target: InClusterTarget,
  addons: readonly AddonKey[],
  cloud: CloudName,
  region: string,
  keyVaultHost?: string,
): Promise<InClusterEvidence['addons']> {
  const hosts = addons.flatMap((addon) => {
    const host = addon === 'keyVault' ? keyVaultHost : addonEgress(addon, cloud, region).probeHost;
    return host ? [{ label: addon, host }] : [];
  });
  const command = `kubectl get pods --all-namespaces; ${probesCommand('default', hosts)}`;
  const result = await runInCluster(target, command);
  const probes: NonNullable<InClusterEvidence['addons']>['probes'] = {};
  for (const { label, host } of hosts) {
    const outcome = parseProbeOutcome(result.logs ?? '', label);
    if (outcome) probes[label] = { ...outcome, host };
  }
  return { ...result, probes };
}
