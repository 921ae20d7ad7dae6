import { addonEgress } from '../azure/addon-egress.js';
import type { AddonKey } from '../config/addons.js';
import type { CloudName } from '../config/regions.js';
import { parseProbeOutcome, probesCommand } from '../kube/addon-probe.js';
import type { InClusterEvidence } from './evidence.js';
import { runInCluster, type InClusterTarget } from './in-cluster.js';

/**
 * Every namespace's pods (the add-ons run in kube-system and gatekeeper-system) and one probe pod per
 * enabled add-on towards a name it needs, in one runCommand call.
 */
export async function collectAddonsInCluster(
  target: InClusterTarget,
  addons: readonly AddonKey[],
  cloud: CloudName,
  region: string,
): Promise<InClusterEvidence['addons']> {
  const hosts = addons.map((addon) => ({ label: addon, host: addonEgress(addon, cloud, region).probeHost }));
  const command = `kubectl get pods --all-namespaces; ${probesCommand('default', hosts)}`;
  const result = await runInCluster(target, command);
  const probes: NonNullable<InClusterEvidence['addons']>['probes'] = {};
  for (const { label, host } of hosts) {
    const outcome = parseProbeOutcome(result.logs ?? '', label);
    if (outcome) probes[label] = { ...outcome, host };
  }
  return { ...result, probes };
}
