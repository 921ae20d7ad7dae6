import type {
  AzureFirewall,
  FirewallPolicyRuleCollectionGroup,
  FirewallPolicyRuleCollectionUnion,
  FirewallPolicyRuleUnion,
  NetworkSecurityGroup,
  RouteTable,
  SecurityRule,
  Subnet,
  VirtualNetwork,
} from '@azure/arm-network';
import type {
  FirewallEvidence,
  FirewallRuleEvidence,
  NsgEvidence,
  NsgRuleEvidence,
  RouteTableEvidence,
  RuleCollectionEvidence,
  RuleCollectionGroupEvidence,
  SubnetEvidence,
  VnetEvidence,
} from '../evidence.js';

/** SDK models -> evidence: plain, flat, every list present (possibly empty). */

const list = (many: string[] | undefined, one: string | undefined): string[] => (many?.length ? many : one ? [one] : []);

export function subnetEvidence(s: Subnet): SubnetEvidence {
  return {
    id: s.id ?? '',
    name: s.name ?? '',
    addressPrefixes: list(s.addressPrefixes, s.addressPrefix),
    routeTableId: s.routeTable?.id,
    nsgId: s.networkSecurityGroup?.id,
  };
}

export function vnetEvidence(v: VirtualNetwork): VnetEvidence {
  return {
    id: v.id ?? '',
    name: v.name ?? '',
    addressSpace: v.addressSpace?.addressPrefixes ?? [],
    subnets: (v.subnets ?? []).map(subnetEvidence),
  };
}

export function routeTableEvidence(rt: RouteTable): RouteTableEvidence {
  return {
    id: rt.id ?? '',
    name: rt.name ?? '',
    routes: (rt.routes ?? []).map((r) => ({
      name: r.name ?? '',
      addressPrefix: r.addressPrefix,
      nextHopType: r.nextHopType,
      nextHopIpAddress: r.nextHopIpAddress,
    })),
  };
}

function ruleEvidence(r: SecurityRule): NsgRuleEvidence {
  return {
    name: r.name ?? '',
    direction: r.direction ?? '',
    access: r.access ?? '',
    priority: r.priority ?? 4096,
    protocol: r.protocol ?? '*',
    sourcePrefixes: list(r.sourceAddressPrefixes, r.sourceAddressPrefix),
    destinationPrefixes: list(r.destinationAddressPrefixes, r.destinationAddressPrefix),
    destinationPorts: list(r.destinationPortRanges, r.destinationPortRange),
  };
}

export function nsgEvidence(n: NetworkSecurityGroup): NsgEvidence {
  return { id: n.id ?? '', name: n.name ?? '', rules: (n.securityRules ?? []).map(ruleEvidence) };
}

export function firewallEvidence(fw: AzureFirewall): FirewallEvidence {
  return {
    id: fw.id ?? '',
    name: fw.name ?? '',
    provisioningState: fw.provisioningState,
    privateIp: fw.ipConfigurations?.[0]?.privateIPAddress ?? fw.hubIPAddresses?.privateIPAddress,
    // Filled with addresses by the collector (the firewall only references its public IP resources).
    publicIps: [],
    policyId: fw.firewallPolicy?.id,
  };
}

function firewallRule(r: FirewallPolicyRuleUnion): FirewallRuleEvidence {
  const a = r as Record<string, any>;
  const arr = (k: string): string[] => (Array.isArray(a[k]) ? a[k] : []);
  if (r.ruleType === 'ApplicationRule') {
    return {
      ruleType: 'ApplicationRule',
      name: r.name ?? '',
      protocols: ((a.protocols ?? []) as Array<{ protocolType?: string; port?: number }>).map((p) => ({
        type: p.protocolType ?? '',
        port: p.port,
      })),
      targetFqdns: arr('targetFqdns'),
      targetUrls: arr('targetUrls'),
      fqdnTags: arr('fqdnTags'),
      webCategories: arr('webCategories'),
      sourceAddresses: arr('sourceAddresses'),
      sourceIpGroups: arr('sourceIpGroups'),
    };
  }
  if (r.ruleType === 'NetworkRule') {
    return {
      ruleType: 'NetworkRule',
      name: r.name ?? '',
      ipProtocols: arr('ipProtocols'),
      sourceAddresses: arr('sourceAddresses'),
      sourceIpGroups: arr('sourceIpGroups'),
      destinationAddresses: arr('destinationAddresses'),
      destinationFqdns: arr('destinationFqdns'),
      destinationIpGroups: arr('destinationIpGroups'),
      destinationPorts: arr('destinationPorts'),
    };
  }
  return { ruleType: r.ruleType ?? 'Unknown', name: r.name ?? '' };
}

function ruleCollection(c: FirewallPolicyRuleCollectionUnion): RuleCollectionEvidence {
  const x = c as { action?: { type?: string }; rules?: FirewallPolicyRuleUnion[] };
  return {
    name: c.name ?? '',
    priority: c.priority ?? 65000,
    kind: c.ruleCollectionType ?? '',
    action: x.action?.type,
    rules: (x.rules ?? []).map(firewallRule),
  };
}

export function ruleCollectionGroupEvidence(g: FirewallPolicyRuleCollectionGroup): RuleCollectionGroupEvidence {
  return { name: g.name ?? '', priority: g.priority ?? 65000, ruleCollections: (g.ruleCollections ?? []).map(ruleCollection) };
}
