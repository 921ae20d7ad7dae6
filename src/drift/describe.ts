import type { Change, PropertyDiff } from '../core/step.js';

/** "Microsoft.Network/routeTables/routes" -> "route"; unknown types keep their last segment. */
const LABELS: Record<string, string> = {
  'microsoft.network/virtualnetworks': 'virtual network',
  'microsoft.network/virtualnetworks/subnets': 'subnet',
  'microsoft.network/routetables': 'route table',
  'microsoft.network/routetables/routes': 'route',
  'microsoft.network/networksecuritygroups': 'network security group',
  'microsoft.network/networksecuritygroups/securityrules': 'NSG rule',
  'microsoft.network/firewallpolicies': 'firewall policy',
  'microsoft.network/firewallpolicies/rulecollectiongroups': 'firewall rule collection group',
  'microsoft.network/azurefirewalls': 'firewall',
  'microsoft.network/publicipaddresses': 'public IP',
  'microsoft.network/bastionhosts': 'Bastion host',
  'microsoft.network/networkinterfaces': 'network interface',
  'microsoft.compute/virtualmachines': 'virtual machine',
  'microsoft.containerservice/managedclusters': 'cluster',
  'microsoft.authorization/roleassignments': 'role assignment',
  'microsoft.managedidentity/userassignedidentities': 'managed identity',
  'microsoft.resources/resourcegroups': 'resource group',
};

function label(resourceType: string): string {
  return LABELS[resourceType.toLowerCase()] ?? resourceType.split('/').pop() ?? resourceType;
}

/** Values as users read them; long lists and objects are cut so a line stays a line. */
function show(value: unknown): string {
  if (value === undefined || value === null || value === '') return 'not set';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function describeDiff(d: PropertyDiff): string {
  return `${d.property} is ${show(d.current)}, expected ${show(d.desired)}`;
}

/** One sentence per drifted resource: what is missing, or which owned properties differ. */
export function describeChange(change: Change): string {
  const what = `${label(change.resourceType)} ${change.name}`;
  if (change.action === 'create') return `${what} is missing`;
  if (change.action === 'delete') return `${what} is still there`;
  const diffs = change.diff ?? [];
  return diffs.length ? `${what}: ${diffs.map(describeDiff).join('; ')}` : `${what} differs`;
}
