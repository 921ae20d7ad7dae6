/**
 * Ownership before the first write: the route table, NSGs and virtual network the steps would write are
 * either this deployment's (they carry its tag), absent (they will be created), or the user's. A user's
 * resource is changed only when the user adopts it by name (`--adopt` / `adopt:`); then its state before
 * the first write is recorded so destroy can put it back. Without adoption init and plan stop here, with
 * exit 2, naming the resource and both ways out. A user's subnet is never re-addressed, adopted or not.
 */
import type { NetworkManagementClient, NetworkSecurityGroup, RouteTable, Subnet, VirtualNetwork } from '@azure/arm-network';
import type { ResourceManagementClient } from '@azure/arm-resources';
import type { ResolvedConfig, ResourceNames } from '../config/types.js';
import type { AdoptedResource } from '../state/schema.js';
import { getOrUndefined } from '../azure/errors.js';
import { nameOf, resourceGroupOfId } from '../azure/ids.js';
import { desiredSubnets, mergedAddressPrefixes, subnetPrefixOf } from '../steps/desired/desired-network.js';
import { DEFAULT_ROUTE_NAME } from '../steps/desired/egress-desired.js';
import { priorityClash, type NsgRuleSpec } from '../steps/desired/nsg-rules.js';
import { nsgTargets, OUR_ROUTES, routedSubnets } from '../steps/desired/written.js';
import { DEPLOYMENT_TAG, createdByDeployment } from '../core/tags.js';
import type { PreflightAdoption, PreflightNote, PreflightProblem } from './problems.js';

export type Adoption = PreflightAdoption;

export interface OwnershipFindings {
  problems: PreflightProblem[];
  adoptions: Adoption[];
  notes: PreflightNote[];
}

const KIND_LABEL: Record<AdoptedResource['kind'], { label: string; type: string }> = {
  virtualNetwork: { label: 'virtual network', type: 'Microsoft.Network/virtualNetworks' },
  routeTable: { label: 'route table', type: 'Microsoft.Network/routeTables' },
  networkSecurityGroup: { label: 'network security group', type: 'Microsoft.Network/networkSecurityGroups' },
};

const lower = (s: string | undefined) => (s ?? '').toLowerCase();

/** A child (route, rule) as recorded: its name and properties, without what Azure computes (etag, id, state). */
function childRecord(child: { name?: string } & Record<string, unknown>): Record<string, unknown> {
  const { id: _id, etag: _etag, provisioningState: _state, type: _type, ...rest } = child;
  void _id;
  void _etag;
  void _state;
  void _type;
  return rest;
}

function priorOf(kind: AdoptedResource['kind'], r: VirtualNetwork | RouteTable | NetworkSecurityGroup): AdoptedResource {
  const id = r.id ?? '';
  const base: AdoptedResource = { kind, id, name: r.name ?? nameOf(id), resourceGroup: resourceGroupOfId(id), tags: { ...(r.tags ?? {}) } };
  if (kind === 'virtualNetwork') {
    const v = r as VirtualNetwork;
    return {
      ...base,
      addressPrefixes: [...(v.addressSpace?.addressPrefixes ?? [])],
      subnets: (v.subnets ?? []).map((s) => ({
        name: s.name ?? '',
        ...(s.routeTable?.id ? { routeTableId: s.routeTable.id } : {}),
        ...(s.networkSecurityGroup?.id ? { networkSecurityGroupId: s.networkSecurityGroup.id } : {}),
      })),
    };
  }
  const attached = ((r as RouteTable).subnets ?? []).map((s) => s.id ?? '').filter(Boolean);
  if (kind === 'routeTable')
    return { ...base, subnetIds: attached, routes: ((r as RouteTable).routes ?? []).map((x) => childRecord(x as never)) };
  return { ...base, subnetIds: attached, rules: ((r as NetworkSecurityGroup).securityRules ?? []).map((x) => childRecord(x as never)) };
}

const CIDR_FLAG: Record<string, string> = {
  firewallSubnetCidr: '--firewall-subnet-cidr',
  nodeSubnetCidr: '--node-subnet-cidr',
  bastionSubnetCidr: '--bastion-subnet-cidr',
  jumphostSubnetCidr: '--jumphost-subnet-cidr',
};
const CIDR_KEY: Record<string, string> = {
  firewallSubnetId: 'firewallSubnetCidr',
  nodeSubnetId: 'nodeSubnetCidr',
  bastionSubnetId: 'bastionSubnetCidr',
  jumphostSubnetId: 'jumphostSubnetCidr',
};

interface Facts {
  vnet?: VirtualNetwork;
  routeTable?: RouteTable;
  /** Our NSGs by name, and any NSG attached to one of the subnets we write. */
  nsgs: Map<string, NetworkSecurityGroup>;
}

async function readFacts(net: NetworkManagementClient, config: ResolvedConfig, names: ResourceNames): Promise<Facts> {
  const rg = config.resourceGroup;
  const targets = nsgTargets(config, names);
  const [vnet, routeTable, ...ourNsgs] = await Promise.all([
    getOrUndefined(() => net.virtualNetworks.get(rg, names.vnet)),
    getOrUndefined(() => net.routeTables.get(rg, names.routeTable)),
    ...targets.map((t) => getOrUndefined(() => net.networkSecurityGroups.get(rg, t.nsg))),
  ]);
  const nsgs = new Map<string, NetworkSecurityGroup>();
  for (const n of ourNsgs as Array<NetworkSecurityGroup | undefined>) if (n?.id) nsgs.set(lower(n.id), n);
  // An NSG someone attached to one of our subnets: the NSG step would merge its rules into it.
  const attachedIds = targets
    .map((t) => (vnet as VirtualNetwork | undefined)?.subnets?.find((s) => lower(s.name) === lower(t.subnet))?.networkSecurityGroup?.id)
    .filter((id): id is string => !!id && !nsgs.has(lower(id)));
  const attached = await Promise.all(
    [...new Set(attachedIds)].map((id) => getOrUndefined(() => net.networkSecurityGroups.get(resourceGroupOfId(id), nameOf(id)))),
  );
  for (const n of attached) if (n?.id) nsgs.set(lower(n.id), n);
  return { vnet: vnet as VirtualNetwork | undefined, routeTable: routeTable as RouteTable | undefined, nsgs };
}

export interface OwnershipInput {
  net: NetworkManagementClient;
  rm: ResourceManagementClient;
  config: ResolvedConfig;
  names: ResourceNames;
  deploymentId: string;
  /** What the state file recorded as adopted by earlier runs of this deployment. */
  recorded?: readonly AdoptedResource[];
}

export async function ownershipFindings(input: OwnershipInput): Promise<OwnershipFindings> {
  const { config, names, deploymentId } = input;
  const facts = await readFacts(input.net, config, names);
  const adoptNames = new Set([...(config.adopt ?? []), ...(input.recorded ?? []).map((r) => r.name)].map(lower));
  const problems: PreflightProblem[] = [];
  const adoptions: Adoption[] = [];
  const rg = config.resourceGroup;

  /** Ours, or adopted (with what the run will change), or a problem naming both ways out. */
  const judge = (
    kind: AdoptedResource['kind'],
    r: VirtualNetwork | RouteTable | NetworkSecurityGroup,
    otherName: string,
    changes: () => string[],
  ) => {
    if (createdByDeployment(r.tags, deploymentId)) return;
    const { label, type } = KIND_LABEL[kind];
    const name = r.name ?? '';
    if (adoptNames.has(lower(name))) {
      adoptions.push({ prior: priorOf(kind, r), type, changes: changes() });
      return;
    }
    const other = r.tags?.[DEPLOYMENT_TAG];
    problems.push({
      code: 'ResourceNotOwned',
      fields: ['adopt'],
      kind: 'usage',
      message:
        `${label[0]!.toUpperCase()}${label.slice(1)} ${name} (${type}) in resource group ${resourceGroupOfId(r.id ?? '') || rg} already exists and ` +
        (other
          ? `belongs to another secure-aks deployment (${DEPLOYMENT_TAG}=${other})`
          : `was not created by this deployment (it lacks the tag ${DEPLOYMENT_TAG}=${deploymentId})`) +
        '; secure-aks changes nothing it does not own.',
      remediation: `Either ${otherName}, or pass --adopt ${name} (config: adopt: [${name}]) to let secure-aks change it; destroy then puts it back as it was.`,
    });
  };

  const newName = 'choose another --name (every resource name derives from it) or --resource-group';
  const vnet = facts.vnet;
  const vnetOurs = !!vnet && createdByDeployment(vnet.tags, deploymentId);
  const findSubnet = (name: string): Subnet | undefined => vnet?.subnets?.find((s) => lower(s.name) === lower(name));

  if (vnet) {
    judge('virtualNetwork', vnet, newName, () => {
      const have = vnet.addressSpace?.addressPrefixes ?? [];
      const merged = mergedAddressPrefixes(have, config.vnetCidr);
      const out = merged.length !== have.length ? [`add address prefix ${config.vnetCidr}`] : [];
      const missing = desiredSubnets({ config, names }).filter((s) => !findSubnet(s.name));
      if (missing.length)
        out.push(`add subnet${missing.length > 1 ? 's' : ''} ${missing.map((s) => `${s.name} ${s.addressPrefix}`).join(', ')}`);
      const reused = desiredSubnets({ config, names }).filter((s) => findSubnet(s.name));
      const many = reused.length > 1;
      if (reused.length)
        out.push(
          `use existing subnet${many ? 's' : ''} ${reused.map((s) => s.name).join(', ')} as ${many ? 'they are' : 'it is'} (route table and NSG associations change; destroy restores them)`,
        );
      return out;
    });
    // A subnet we did not create keeps its address: re-addressing it would break whatever uses it.
    if (!vnetOurs) {
      for (const want of desiredSubnets({ config, names })) {
        const have = subnetPrefixOf(findSubnet(want.name));
        if (have === undefined || lower(have) === lower(want.addressPrefix)) continue;
        const key = CIDR_KEY[want.output]!;
        problems.push({
          code: 'SubnetAddressDiffers',
          fields: [key],
          kind: 'usage',
          message: `Subnet ${want.name} of virtual network ${names.vnet} in resource group ${rg} already exists with address prefix ${have}, but ${key} is ${want.addressPrefix}; secure-aks never re-addresses a subnet it did not create.`,
          remediation: `Pass ${CIDR_FLAG[key]} ${have} to use the subnet as it is, or choose another --name for a new virtual network.`,
        });
      }
    }
  }

  if (facts.routeTable) {
    const rt = facts.routeTable;
    judge('routeTable', rt, newName, () => {
      const routes = OUR_ROUTES.map((n) => {
        const have = rt.routes?.find((r) => lower(r.name) === lower(n));
        const what = n === DEFAULT_ROUTE_NAME ? '0.0.0.0/0 to the firewall' : "the firewall's public IP to the Internet";
        return `${have ? 'update (where it differs)' : 'add'} route ${n} (${what})`;
      });
      const attached = new Set((rt.subnets ?? []).map((s) => lower(nameOf(s.id ?? ''))));
      const subnets = routedSubnets(config, names).filter((s) => !attached.has(lower(s)));
      // The routes apply to every subnet on the table: the user should see which of theirs that includes.
      const others = (rt.subnets ?? [])
        .map((s) => nameOf(s.id ?? ''))
        .filter((s) => s && !routedSubnets(config, names).some((o) => lower(o) === lower(s)));
      return [
        ...routes,
        ...(subnets.length ? [`associate with subnet${subnets.length > 1 ? 's' : ''} ${subnets.join(', ')} of ${names.vnet}`] : []),
        ...(others.length ? [`the routes also apply to the subnets already using it: ${others.join(', ')}`] : []),
      ];
    });
  }

  const judged = new Set<string>();
  for (const t of nsgTargets(config, names)) {
    const attachedId = findSubnet(t.subnet)?.networkSecurityGroup?.id;
    const byName = [...facts.nsgs.values()].find(
      (n) => lower(n.name) === lower(t.nsg) && lower(resourceGroupOfId(n.id ?? '')) === lower(rg),
    );
    // The NSG step writes into the NSG already on the subnet, else into the one named like ours.
    const nsg = attachedId ? facts.nsgs.get(lower(attachedId)) : byName;
    // One NSG on several of our subnets is judged once.
    if (!nsg || judged.has(lower(nsg.id))) continue;
    judged.add(lower(nsg.id));
    const onSubnet = !!attachedId;
    const how = onSubnet
      ? `detach network security group ${nsg.name} from subnet ${t.subnet}, or choose another --name (a new virtual network)`
      : newName;
    // A user rule at a priority ours needs would stop the NSG step mid-run: say so before any write.
    for (const spec of t.rules) {
      const clash = priorityClash(nsg.securityRules ?? [], spec);
      if (!clash) continue;
      problems.push({
        code: 'NsgRulePriorityTaken',
        fields: ['adopt'],
        kind: 'usage',
        message: `Rule ${clash.name} in network security group ${nsg.name} already uses ${spec.direction.toLowerCase()} priority ${spec.priority}, which rule ${spec.name} needs.`,
        remediation: `Give rule ${clash.name} another priority, or choose another --name; then run again.`,
      });
    }
    judge('networkSecurityGroup', nsg, how, () => {
      const added = t.rules.filter((r) => !nsg.securityRules?.some((x) => lower(x.name) === lower(r.name)));
      const replaced = t.rules.filter((r) => nsg.securityRules?.some((x) => lower(x.name) === lower(r.name)));
      const describe = (r: NsgRuleSpec) => `${r.name} (${r.direction} ${r.priority} ${r.access})`;
      return [
        ...(added.length ? [`add rules ${added.map(describe).join(', ')}`] : []),
        ...(replaced.length ? [`update (where they differ) rules ${replaced.map(describe).join(', ')}`] : []),
        ...(onSubnet ? [] : [`associate with subnet ${t.subnet} of ${names.vnet}`]),
      ];
    });
  }
  problems.push(...(await notAdoptable(input, adoptNames)));
  // A name adopted for nothing is most likely a typo: say so rather than ignore it silently.
  const notes: PreflightNote[] = (config.adopt ?? [])
    .filter((n) => !adoptions.some((a) => lower(a.prior.name) === lower(n)) && !problems.some((p) => p.message.includes(` ${n} (`)))
    .map((n) => ({
      code: 'AdoptUnused',
      message: `adopt ${n}: no existing route table, network security group or virtual network of that name is one secure-aks writes without owning it; nothing is adopted for it`,
    }));
  return { problems, adoptions, notes };
}

/** Resources the steps write whole (a PUT of their full body): nobody else's may sit at their names. */
function wholeResources(config: ResolvedConfig, names: ResourceNames): Array<{ type: string; label: string; name: string }> {
  return [
    { type: 'Microsoft.ManagedIdentity/userAssignedIdentities', label: 'Managed identity', name: names.identity },
    { type: 'Microsoft.Network/publicIPAddresses', label: 'Public IP', name: names.firewallPublicIp },
    { type: 'Microsoft.Network/firewallPolicies', label: 'Firewall policy', name: names.firewallPolicy },
    { type: 'Microsoft.Network/azureFirewalls', label: 'Azure Firewall', name: names.firewall },
    ...(config.bastion
      ? [
          { type: 'Microsoft.Network/bastionHosts', label: 'Bastion host', name: names.bastion },
          { type: 'Microsoft.Network/publicIPAddresses', label: 'Public IP', name: names.bastionPublicIp },
        ]
      : []),
    ...(config.jumphost
      ? [
          { type: 'Microsoft.Compute/virtualMachines', label: 'Virtual machine', name: names.jumphostVm },
          { type: 'Microsoft.Network/networkInterfaces', label: 'Network interface', name: names.jumphostNic },
        ]
      : []),
  ];
}

/**
 * A firewall, identity, public IP, Bastion or VM of someone else at one of our names: the step would replace
 * its configuration (or grant it roles), and there is nothing to merge into, so it cannot be adopted.
 */
async function notAdoptable(input: OwnershipInput, adoptNames: Set<string>): Promise<PreflightProblem[]> {
  const { config, names, deploymentId } = input;
  const wanted = wholeResources(config, names);
  const problems: PreflightProblem[] = [];
  for await (const res of input.rm.resources.listByResourceGroup(config.resourceGroup)) {
    const match = wanted.find((w) => lower(w.type) === lower(res.type) && lower(w.name) === lower(res.name));
    if (!match || createdByDeployment(res.tags, deploymentId)) continue;
    const other = res.tags?.[DEPLOYMENT_TAG];
    problems.push({
      code: 'ResourceNotOwned',
      fields: ['name'],
      kind: 'usage',
      message:
        `${match.label} ${res.name} (${res.type}) in resource group ${config.resourceGroup} already exists and ` +
        (other
          ? `belongs to another secure-aks deployment (${DEPLOYMENT_TAG}=${other})`
          : `was not created by this deployment (it lacks the tag ${DEPLOYMENT_TAG}=${deploymentId})`) +
        '; secure-aks would overwrite its configuration.',
      remediation:
        'Choose another --name (every resource name derives from it) or --resource-group' +
        (adoptNames.has(lower(res.name))
          ? `; --adopt ${res.name} does not apply: only route tables, network security groups and virtual networks can be adopted.`
          : '.'),
    });
  }
  return problems;
}

/** Adds newly found adoptions to what the state recorded; the first record of a resource is kept. */
export function mergeAdoptions(recorded: readonly AdoptedResource[] | undefined, found: readonly Adoption[]): AdoptedResource[] {
  const out = [...(recorded ?? [])];
  for (const a of found) if (!out.some((r) => lower(r.id) === lower(a.prior.id))) out.push(a.prior);
  return out;
}
