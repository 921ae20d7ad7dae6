import type { SecurityRule } from '@azure/arm-network';
import type { ResolvedConfig } from '../../config/types.js';

/** One security rule the wizard owns, in a shape that is easy to compare with what Azure returns. */
export interface NsgRuleSpec {
  name: string;
  description: string;
  priority: number;
  direction: 'Inbound' | 'Outbound';
  access: 'Allow' | 'Deny';
  protocol: 'Tcp' | 'Udp' | 'Icmp' | '*';
  source: string;
  destination: string;
  /** Destination ports; ['*'] for any. */
  ports: string[];
}

const rule = (
  name: string,
  priority: number,
  direction: NsgRuleSpec['direction'],
  access: NsgRuleSpec['access'],
  protocol: NsgRuleSpec['protocol'],
  source: string,
  destination: string,
  ports: string[],
  description: string,
): NsgRuleSpec => ({ name, priority, direction, access, protocol, source, destination, ports, description });

/**
 * Node subnet: inbound and lateral control only. Azure does not support blocking traffic inside the node
 * subnet, and with CNI Overlay node<->pod and pod<->pod traffic must flow, so those are allowed explicitly
 * (the pod CIDR is not part of the VirtualNetwork service tag). There is deliberately NO outbound deny:
 * NSG rules match the original destination, so "deny Internet outbound" would also drop the egress the
 * route table sends through the firewall. The firewall enforces egress.
 */
export function nodeNsgRules(config: Pick<ResolvedConfig, 'nodeSubnetCidr' | 'podCidr'>): NsgRuleSpec[] {
  const { nodeSubnetCidr, podCidr } = config;
  return [
    rule(
      'AllowNodeSubnetInbound',
      100,
      'Inbound',
      'Allow',
      '*',
      nodeSubnetCidr,
      '*',
      ['*'],
      'Node-to-node traffic inside the node subnet must never be blocked.',
    ),
    rule('AllowPodCidrInbound', 110, 'Inbound', 'Allow', '*', podCidr, '*', ['*'], 'CNI Overlay pod-to-node and pod-to-pod traffic.'),
    rule(
      'AllowVnetInbound',
      120,
      'Inbound',
      'Allow',
      '*',
      'VirtualNetwork',
      'VirtualNetwork',
      ['*'],
      'Traffic from inside the virtual network (jumphost, private endpoint).',
    ),
    rule(
      'AllowAzureLoadBalancerInbound',
      130,
      'Inbound',
      'Allow',
      '*',
      'AzureLoadBalancer',
      '*',
      ['*'],
      'Azure load balancer health probes.',
    ),
    rule(
      'DenyInternetInbound',
      4000,
      'Inbound',
      'Deny',
      '*',
      'Internet',
      '*',
      ['*'],
      'No inbound connections from the Internet to the nodes.',
    ),
    rule('AllowPodCidrOutbound', 100, 'Outbound', 'Allow', '*', '*', podCidr, ['*'], 'CNI Overlay node-to-pod and pod-to-pod traffic.'),
  ];
}

/** Jumphost subnet: SSH only from the Bastion subnet, every other inbound connection denied. */
export function jumphostNsgRules(config: Pick<ResolvedConfig, 'bastionSubnetCidr' | 'jumphostSubnetCidr'>): NsgRuleSpec[] {
  return [
    rule(
      'AllowSshFromBastion',
      100,
      'Inbound',
      'Allow',
      'Tcp',
      config.bastionSubnetCidr,
      config.jumphostSubnetCidr,
      ['22'],
      'SSH to the jumphost only through Azure Bastion.',
    ),
    rule('DenyAllOtherInbound', 4000, 'Inbound', 'Deny', '*', '*', '*', ['*'], 'Nothing else may connect to the jumphost.'),
  ];
}

/** AzureBastionSubnet: exactly the rules Azure requires of an NSG on that subnet, or it refuses the Bastion. */
export function bastionNsgRules(): NsgRuleSpec[] {
  return [
    rule('AllowHttpsInbound', 120, 'Inbound', 'Allow', 'Tcp', 'Internet', '*', ['443'], 'Users reach Bastion over HTTPS.'),
    rule('AllowGatewayManagerInbound', 130, 'Inbound', 'Allow', 'Tcp', 'GatewayManager', '*', ['443'], 'Azure control plane.'),
    rule('AllowAzureLoadBalancerInbound', 140, 'Inbound', 'Allow', 'Tcp', 'AzureLoadBalancer', '*', ['443'], 'Health probes.'),
    rule(
      'AllowBastionHostCommunicationInbound',
      150,
      'Inbound',
      'Allow',
      '*',
      'VirtualNetwork',
      'VirtualNetwork',
      ['8080', '5701'],
      'Bastion data plane.',
    ),
    rule('AllowSshRdpOutbound', 100, 'Outbound', 'Allow', '*', '*', 'VirtualNetwork', ['22', '3389'], 'Bastion to target VMs.'),
    rule('AllowAzureCloudOutbound', 110, 'Outbound', 'Allow', 'Tcp', '*', 'AzureCloud', ['443'], 'Diagnostics and metering.'),
    rule(
      'AllowBastionCommunicationOutbound',
      120,
      'Outbound',
      'Allow',
      '*',
      'VirtualNetwork',
      'VirtualNetwork',
      ['8080', '5701'],
      'Bastion data plane.',
    ),
    rule('AllowHttpOutbound', 130, 'Outbound', 'Allow', '*', '*', 'Internet', ['80'], 'Session and certificate validation.'),
  ];
}

/** The ARM body of a rule: single-value fields when there is one value, plural fields otherwise (as Azure stores them). */
export function toSecurityRule(spec: NsgRuleSpec): SecurityRule {
  const many = spec.ports.length > 1;
  return {
    name: spec.name,
    description: spec.description,
    priority: spec.priority,
    direction: spec.direction,
    access: spec.access,
    protocol: spec.protocol,
    sourceAddressPrefix: spec.source,
    sourcePortRange: '*',
    destinationAddressPrefix: spec.destination,
    ...(many ? { destinationPortRanges: spec.ports } : { destinationPortRange: spec.ports[0] }),
  };
}

/** A rule as Azure returns it, reduced to the comparable shape (single and plural fields folded together). */
export function fromSecurityRule(r: SecurityRule): Omit<NsgRuleSpec, 'description'> {
  const list = (one: string | undefined, many: string[] | undefined): string[] => (many && many.length ? many : one ? [one] : []);
  return {
    name: r.name ?? '',
    priority: r.priority ?? 0,
    direction: (r.direction ?? 'Inbound') as NsgRuleSpec['direction'],
    access: (r.access ?? 'Allow') as NsgRuleSpec['access'],
    protocol: (r.protocol ?? '*') as NsgRuleSpec['protocol'],
    source: list(r.sourceAddressPrefix, r.sourceAddressPrefixes).join(','),
    destination: list(r.destinationAddressPrefix, r.destinationAddressPrefixes).join(','),
    ports: list(r.destinationPortRange, r.destinationPortRanges),
  };
}

const sameText = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
const samePorts = (a: string[], b: string[]): boolean => a.length === b.length && [...a].sort().every((p, i) => p === [...b].sort()[i]);

/** The properties of an existing rule that differ from the spec (empty when it already matches). */
export function ruleDiff(existing: SecurityRule, spec: NsgRuleSpec): Array<{ property: string; current: unknown; desired: unknown }> {
  const cur = fromSecurityRule(existing);
  const diffs: Array<{ property: string; current: unknown; desired: unknown }> = [];
  const text = ['direction', 'access', 'protocol', 'source', 'destination'] as const;
  if (cur.priority !== spec.priority) diffs.push({ property: 'priority', current: cur.priority, desired: spec.priority });
  for (const key of text) {
    if (!sameText(cur[key], spec[key])) diffs.push({ property: key, current: cur[key], desired: spec[key] });
  }
  if (!samePorts(cur.ports, spec.ports)) diffs.push({ property: 'destinationPorts', current: cur.ports, desired: spec.ports });
  return diffs;
}

/**
 * Someone else's rule that holds the priority and direction one of ours needs. Azure refuses two rules with
 * the same priority and direction, so we report it instead of silently renumbering a rule we do not own.
 */
export function priorityClash(existing: SecurityRule[], spec: NsgRuleSpec): SecurityRule | undefined {
  return existing.find(
    (r) => r.name?.toLowerCase() !== spec.name.toLowerCase() && r.priority === spec.priority && sameText(r.direction ?? '', spec.direction),
  );
}
