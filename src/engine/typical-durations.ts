import type { StepId } from '../core/step.js';

/**
 * How long each step usually takes on Azure, in seconds: the live display's "~6 min typical" and the
 * remaining estimate come from here. The long ones are the emulator's typical timing profile, which follows
 * Azure's documented or observed durations (a test keeps the two tables in step):
 * - egress-route: the firewall create, ~6 min (deployments report up to ~25 min in slow regions);
 * - firewall-rules: a rule collection group write, "3-5 minutes" at worst for configuration updates
 *   (https://learn.microsoft.com/azure/firewall/firewall-known-issues), typically ~1.5 min, plus the policy;
 * - cluster: a private AKS create, ~9 min (AKS operations time out after 30 min);
 * - bastion: the Bastion create, ~7 min, the jumphost VM beside it.
 * The others are a handful of plain ARM writes or runCommand calls: seconds to a minute.
 */
export const TYPICAL_SECONDS: Record<StepId, number> = {
  identity: 20,
  network: 30,
  'egress-route': 360,
  'firewall-rules': 100,
  cluster: 540,
  'private-endpoint': 60,
  nsg: 30,
  bastion: 420,
  health: 60,
  'test-deployment': 90,
};

/**
 * A step's typical duration in real milliseconds on a target running `speed` times faster than Azure (1 on
 * Azure, the embedded emulator's speed factor on the emulator); undefined when the speed is unknown (an
 * emulator reached by URL): no estimate beats a wrong one.
 */
export function typicalMs(id: StepId, speed: number | undefined): number | undefined {
  return speed && speed > 0 ? Math.round((TYPICAL_SECONDS[id] * 1000) / speed) : undefined;
}
