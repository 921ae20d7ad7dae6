/**
 * The critical-path lower bound of a deployment, from the emulator's own record of what it served: every
 * long-running operation (start, simulated end) and every runCommand. An operation may depend on another
 * only when Azure says so (REQUIRES below, by resource type) AND the other one had ended before it
 * started; the bound is the longest chain of such dependencies, weighted by simulated duration. A chain
 * the wizard serialised without a true dependency is not counted, so idle waiting shows up in the ratio.
 */

/**
 * What must exist (be finished) before an operation on a resource of this type can succeed, and what it may
 * not overlap with under Azure's strict rules: while a firewall provisions, its policy's rule collection
 * groups and its VNet's subnets refuse writes, so those pairs serialise in whichever order the run chose
 * (each lists the other; only the pair that actually ran one after the other counts).
 */
export const REQUIRES = {
  'virtualnetworks/subnets': [
    'virtualnetworks',
    'routetables',
    'routetables/routes',
    'networksecuritygroups',
    'networksecuritygroups/securityrules',
    'azurefirewalls',
  ],
  'routetables/routes': ['routetables'],
  'networksecuritygroups/securityrules': ['networksecuritygroups'],
  // The firewall's private IP is the subnet's first usable address: routes do not wait for the firewall.
  azurefirewalls: [
    'virtualnetworks',
    'virtualnetworks/subnets',
    'publicipaddresses',
    'firewallpolicies',
    'firewallpolicies/rulecollectiongroups',
  ],
  // One rule collection group write at a time per policy, and none while the policy's firewall provisions.
  'firewallpolicies/rulecollectiongroups': ['firewallpolicies', 'firewallpolicies/rulecollectiongroups', 'azurefirewalls'],
  bastionhosts: [
    'virtualnetworks',
    'virtualnetworks/subnets',
    'publicipaddresses',
    'networksecuritygroups',
    'networksecuritygroups/securityrules',
  ],
  networkinterfaces: ['virtualnetworks', 'virtualnetworks/subnets'],
  // The jumphost's first boot downloads through the firewall.
  virtualmachines: [
    'networkinterfaces',
    'virtualnetworks/subnets',
    'azurefirewalls',
    'firewallpolicies/rulecollectiongroups',
    'routetables',
    'routetables/routes',
  ],
  // Nodes need egress (firewall with rules, route table on the subnet) to provision.
  managedclusters: [
    'virtualnetworks',
    'virtualnetworks/subnets',
    'routetables',
    'routetables/routes',
    'azurefirewalls',
    'firewallpolicies/rulecollectiongroups',
    'userassignedidentities',
  ],
  // kubectl needs the running cluster; health comes before the test deployment (one command after another).
  runcommand: ['managedclusters', 'runcommand'],
};

/** `Microsoft.Network/virtualNetworks/x/subnets/y` -> `virtualnetworks/subnets`. */
export function typeOf(resourceId) {
  const segs = resourceId.split('/').filter(Boolean);
  const p = segs.map((s) => s.toLowerCase()).lastIndexOf('providers');
  if (p < 0) return segs.length <= 4 ? 'resourcegroups' : 'unknown';
  return segs
    .slice(p + 2)
    .filter((_, i) => i % 2 === 0)
    .join('/')
    .toLowerCase();
}

/**
 * @param {Array<{ label: string; type: string; start: number; end: number }>} ops  times in ms
 * @returns {{ lengthMs: number; chain: string[] }}
 */
export function criticalPath(ops) {
  const sorted = [...ops].sort((a, b) => a.start - b.start);
  const best = new Map();
  for (const op of sorted) {
    const needs = REQUIRES[op.type] ?? [];
    let before;
    for (const other of sorted) {
      if (other === op || other.end > op.start || !needs.includes(other.type)) continue;
      const b = best.get(other);
      if (b && (!before || b.length > before.length)) before = b;
    }
    const own = op.end - op.start;
    best.set(op, { length: own + (before?.length ?? 0), chain: [...(before?.chain ?? []), op.label] });
  }
  let top = { length: 0, chain: [] };
  for (const b of best.values()) if (b.length > top.length) top = b;
  return { lengthMs: top.length, chain: top.chain };
}
