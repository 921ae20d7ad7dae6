/**
 * Whole-configuration validation: every per-field rule plus the cross-field rules Azure enforces on
 * address ranges and names (learn.microsoft.com/azure/aks/azure-cni-overlay#ip-address-planning and
 * learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules), all reported at once. Catching these here saves a user the
 * minutes Azure takes to refuse a VNet, a firewall or a cluster.
 */
import type { ResolvedConfig, ResourceNames } from './types.js';
import { addonProblems, poolProblems } from './pool-rules.js';
import { resourceNames } from './names.js';
import {
  azureUsableCount,
  checkCidr,
  checkIp,
  cidrSize,
  containsCidr,
  containsIp,
  formatCidr,
  formatIp,
  overlaps,
  type Cidr,
} from './cidr.js';
import { ConfigProblem } from './problems.js';
import { CIDR_KEYS, locationRule, type CidrKey } from './rules.js';
import { normalizeLocation, REGIONS, type CloudName } from './regions.js';
import { checkValues, type ConfigValues } from './schema.js';
import { surgeNodes } from './surge.js';

export interface ValidateOptions {
  /** Check the location against this cloud's regions (default: any cloud). */
  cloud?: CloudName;
}

/** Ranges AKS forbids for any cluster range (learn.microsoft.com/azure/aks/configure-kubenet#prerequisites). */
export const RESERVED_RANGES = ['169.254.0.0/16', '172.30.0.0/16', '172.31.0.0/16', '192.0.2.0/24'] as const;

export { surgeNodes };

/** Length limits of the ARM types whose names derive from the cluster name. */
const NAME_LIMITS: ReadonlyArray<{ name: keyof ResourceNames; type: string; max: number; when?: (v: ConfigValues) => boolean }> = [
  { name: 'identity', type: 'managed identity', max: 128 },
  { name: 'vnet', type: 'virtual network', max: 64 },
  { name: 'firewall', type: 'Azure Firewall', max: 80 },
  { name: 'firewallPublicIp', type: 'public IP', max: 80 },
  { name: 'firewallPolicy', type: 'firewall policy', max: 80 },
  { name: 'routeTable', type: 'route table', max: 80 },
  { name: 'nodeNsg', type: 'network security group', max: 80 },
  { name: 'jumphostNsg', type: 'network security group', max: 80, when: (v) => v.jumphost !== false },
  { name: 'bastionNsg', type: 'network security group', max: 80, when: (v) => v.bastion !== false },
  { name: 'bastion', type: 'Bastion host', max: 80, when: (v) => v.bastion !== false },
  { name: 'bastionPublicIp', type: 'public IP', max: 80, when: (v) => v.bastion !== false },
  { name: 'jumphostVm', type: 'Linux virtual machine', max: 64, when: (v) => v.jumphost !== false },
  { name: 'jumphostNic', type: 'network interface', max: 80, when: (v) => v.jumphost !== false },
];

/** ResolvedConfig uses `subscriptionId`; the sources and the schema call it `subscription`. */
export function toConfigValues(config: Partial<ResolvedConfig>): ConfigValues {
  const { subscriptionId, ...rest } = config;
  return { ...(subscriptionId !== undefined ? { subscription: subscriptionId } : {}), ...rest } as ConfigValues;
}

export function validateConfig(input: ConfigValues, options: ValidateOptions = {}): ConfigProblem[] {
  const { values, problems } = checkValues(input);
  if (options.cloud && values.location && !REGIONS[options.cloud].includes(normalizeLocation(values.location))) {
    problems.push(locationRule(values.location, options.cloud)!);
  }
  const ranges: Partial<Record<CidrKey, Cidr>> = {};
  for (const key of CIDR_KEYS) {
    const checked = values[key] !== undefined ? checkCidr(values[key]) : undefined;
    if (checked?.ok) ranges[key] = checked.value;
  }
  problems.push(
    ...subnetProblems(values, ranges),
    ...clusterRangeProblems(values, ranges),
    ...nameProblems(values),
    ...poolProblems(values),
    ...addonProblems(values),
  );
  return problems;
}

function subnetProblems(v: ConfigValues, r: Partial<Record<CidrKey, Cidr>>): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const subnets = (['firewallSubnetCidr', 'nodeSubnetCidr', 'bastionSubnetCidr', 'jumphostSubnetCidr'] as const).filter(
    (k) => r[k] && !(k === 'bastionSubnetCidr' && v.bastion === false) && !(k === 'jumphostSubnetCidr' && v.jumphost === false),
  );
  for (const k of subnets) {
    if (r.vnetCidr && !containsCidr(r.vnetCidr, r[k]!)) {
      out.push(
        new ConfigProblem(
          'SubnetOutsideVnet',
          [k, 'vnetCidr'],
          `${k} ${v[k]} is not inside vnetCidr ${v.vnetCidr}.`,
          `Choose a ${k} inside ${v.vnetCidr}, or widen vnetCidr.`,
        ),
      );
    }
  }
  subnets.forEach((a, i) =>
    subnets.slice(i + 1).forEach((b) => {
      if (overlaps(r[a]!, r[b]!)) {
        out.push(
          new ConfigProblem('SubnetsOverlap', [a, b], `${a} ${v[a]} overlaps ${b} ${v[b]}.`, 'Give each subnet its own part of the VNet.'),
        );
      }
    }),
  );
  const minimum = (k: CidrKey, prefix: number, code: string, why: string) => {
    if (subnets.includes(k as (typeof subnets)[number]) && r[k]!.prefix > prefix) {
      out.push(
        new ConfigProblem(
          code,
          [k],
          `${k} ${v[k]} is too small: ${why} needs /${prefix} or larger.`,
          `Use a /${prefix} (or larger) range for ${k}.`,
        ),
      );
    }
  };
  minimum('firewallSubnetCidr', 26, 'FirewallSubnetTooSmall', 'AzureFirewallSubnet');
  minimum('bastionSubnetCidr', 26, 'BastionSubnetTooSmall', 'AzureBastionSubnet');
  minimum('jumphostSubnetCidr', 29, 'JumphostSubnetTooSmall', 'an Azure subnet');
  if (r.nodeSubnetCidr && v.nodeCount !== undefined && Number.isInteger(v.nodeCount)) {
    // Overlay puts only node IPs in the subnet, plus the API server's private endpoint.
    const needed = v.nodeCount + surgeNodes(v.nodeCount) + 1;
    const usable = r.nodeSubnetCidr.prefix > 29 ? 0 : azureUsableCount(r.nodeSubnetCidr);
    if (usable < needed) {
      out.push(
        new ConfigProblem(
          'NodeSubnetTooSmall',
          ['nodeSubnetCidr', 'nodeCount'],
          `nodeSubnetCidr ${v.nodeSubnetCidr} has ${usable} usable addresses (Azure reserves 5 per subnet), but nodeCount ${v.nodeCount} needs ${needed}: the nodes, ${surgeNodes(v.nodeCount)} upgrade surge node(s) and the API server private endpoint.`,
          'Use a larger nodeSubnetCidr (a /24 holds 251 addresses) or fewer nodes.',
        ),
      );
    }
  }
  return out;
}

function clusterRangeProblems(v: ConfigValues, r: Partial<Record<CidrKey, Cidr>>): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  for (const k of ['podCidr', 'serviceCidr'] as const) {
    if (r[k] && r.vnetCidr && overlaps(r[k]!, r.vnetCidr)) {
      out.push(
        new ConfigProblem(
          'ClusterRangeOverlapsVnet',
          [k, 'vnetCidr'],
          `${k} ${v[k]} overlaps vnetCidr ${v.vnetCidr}.`,
          `Choose a ${k} outside the VNet, e.g. ${k === 'podCidr' ? '192.168.0.0/16' : '172.16.0.0/16'}.`,
        ),
      );
    }
  }
  if (r.podCidr && r.serviceCidr && overlaps(r.podCidr, r.serviceCidr)) {
    out.push(
      new ConfigProblem(
        'PodServiceCidrOverlap',
        ['podCidr', 'serviceCidr'],
        `podCidr ${v.podCidr} overlaps serviceCidr ${v.serviceCidr}.`,
        'Give pods and services separate ranges.',
      ),
    );
  }
  for (const k of ['vnetCidr', 'podCidr', 'serviceCidr'] as const) {
    const hit = r[k] && RESERVED_RANGES.find((reserved) => overlaps(r[k]!, checkCidrOk(reserved)));
    if (hit) {
      out.push(
        new ConfigProblem(
          'ReservedRangeUsed',
          [k],
          `${k} ${v[k]} overlaps ${hit}, which Azure reserves (${RESERVED_RANGES.join(', ')} may not be used).`,
          `Choose a ${k} outside the reserved ranges.`,
        ),
      );
    }
  }
  if (r.serviceCidr && r.serviceCidr.prefix < 12) {
    out.push(
      new ConfigProblem(
        'ServiceCidrTooLarge',
        ['serviceCidr'],
        `serviceCidr ${v.serviceCidr} is larger than /12, the most Kubernetes allows.`,
        'Use a /12 or smaller range, e.g. 172.16.0.0/16.',
      ),
    );
  }
  if (r.podCidr && v.nodeCount !== undefined && Number.isInteger(v.nodeCount)) {
    // Azure CNI Overlay gives every node (surge nodes included) a /24 of the pod range.
    const nodes = v.nodeCount + surgeNodes(v.nodeCount);
    const blocks = r.podCidr.prefix > 24 ? 0 : 2 ** (24 - r.podCidr.prefix);
    if (blocks < nodes) {
      out.push(
        new ConfigProblem(
          'PodCidrTooSmall',
          ['podCidr', 'nodeCount'],
          `podCidr ${v.podCidr} holds ${blocks} /24 block(s), but nodeCount ${v.nodeCount} plus upgrade surge needs ${nodes}: Azure CNI Overlay gives each node a /24.`,
          'Use a larger podCidr, e.g. a /16.',
        ),
      );
    }
  }
  const ip = v.dnsServiceIp !== undefined ? checkIp(v.dnsServiceIp) : undefined;
  if (ip?.ok && r.serviceCidr) {
    const s = r.serviceCidr;
    if (!containsIp(s, ip.value)) {
      out.push(
        new ConfigProblem(
          'DnsServiceIpOutsideServiceCidr',
          ['dnsServiceIp', 'serviceCidr'],
          `dnsServiceIp ${v.dnsServiceIp} is not inside serviceCidr ${v.serviceCidr}.`,
          `Choose an address inside ${formatCidr(s)}, e.g. ${formatIp(s.network + 10)}.`,
        ),
      );
    } else if (ip.value === s.network || ip.value === s.network + 1) {
      const which = ip.value === s.network ? 'its network address' : 'its first address, which the kubernetes API service takes';
      out.push(
        new ConfigProblem(
          'DnsServiceIpReserved',
          ['dnsServiceIp'],
          `dnsServiceIp ${v.dnsServiceIp} is ${which} in serviceCidr ${v.serviceCidr}.`,
          `Choose another address, e.g. ${formatIp(s.network + (cidrSize(s) > 10 ? 10 : cidrSize(s) - 1))}.`,
        ),
      );
    }
  }
  return out;
}

function checkCidrOk(text: string): Cidr {
  const checked = checkCidr(text);
  if (!checked.ok) throw new Error(`Bad built-in range ${text}`);
  return checked.value;
}

function nameProblems(v: ConfigValues): ConfigProblem[] {
  if (!v.name) return [];
  const names = resourceNames({ name: v.name });
  const tooLong = NAME_LIMITS.filter((l) => (!l.when || l.when(v)) && names[l.name].length > l.max);
  if (tooLong.length === 0) return [];
  const longest = Math.min(...tooLong.map((l) => v.name!.length - (names[l.name].length - l.max)));
  return [
    new ConfigProblem(
      'DerivedNameTooLong',
      ['name'],
      `name "${v.name}" makes resource names longer than Azure allows: ` +
        tooLong.map((l) => `${l.type} ${names[l.name]} (${names[l.name].length} > ${l.max})`).join(', ') +
        '.',
      `Use a cluster name of at most ${longest} characters.`,
    ),
  ];
}
