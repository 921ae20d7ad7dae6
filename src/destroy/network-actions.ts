/**
 * Network teardown with Azure's in-use rules checked first: a subnet, public IP, policy, route table or
 * NSG that something else still uses is kept (with the user) or detached, never forced.
 */
import type { NetworkManagementClient, NetworkSecurityGroup, RouteTable, Subnet } from '@azure/arm-network';
import { OUR_ROUTES, ourRuleNames } from '../steps/desired/written.js';
import { deleting, isDeleting, readOrUndefined, unlessAborted, writing } from './attempt.js';
import { lroOptions } from '../azure/lro.js';
import { nameOf, ownerOf, resourceGroupOfId, sameId, segmentValue } from '../azure/ids.js';
import type { ActionOutcome, OwnedResource, TeardownAction, TeardownEnv } from './types.js';

type Net = NetworkManagementClient;
type Opts = ReturnType<typeof lroOptions>;

const label = (r: OwnedResource) => `${r.type.split('/').pop()} ${r.name}`;
const list = (ids: string[]) => ids.map(nameOf).join(', ');

function action(resource: OwnedResource, run: (net: Net, env: TeardownEnv, rg: string, o: Opts) => Promise<ActionOutcome>): TeardownAction {
  return { resource, run: async (env) => run(await env.azure.network(), env, resourceGroupOfId(resource.id), lroOptions(env)) };
}

export function deleteNic(r: OwnedResource): TeardownAction {
  return action(r, (net, env, rg, o) => deleting(env, label(r), () => net.networkInterfaces.beginDeleteAndWait(rg, r.name, o)));
}

export function deleteBastion(r: OwnedResource): TeardownAction {
  return action(r, (net, env, rg, o) => deleting(env, label(r), () => net.bastionHosts.beginDeleteAndWait(rg, r.name, o)));
}

export function deleteFirewall(r: OwnedResource): TeardownAction {
  return action(r, (net, env, rg, o) => deleting(env, label(r), () => net.azureFirewalls.beginDeleteAndWait(rg, r.name, o)));
}

export function deletePublicIp(r: OwnedResource): TeardownAction {
  return action(r, async (net, env, rg, o) => {
    const pip = await readOrUndefined(label(r), () => net.publicIPAddresses.get(rg, r.name));
    if (!pip) return { kind: 'gone' };
    if (!isDeleting(pip) && pip.ipConfiguration?.id) {
      return { kind: 'kept', reason: `still attached to ${ownerOf(pip.ipConfiguration.id)}, which this deployment did not create` };
    }
    return deleting(env, label(r), () => net.publicIPAddresses.beginDeleteAndWait(rg, r.name, o));
  });
}

/** One of our rule collection groups (named by the step) in our policy. */
export function deleteRuleGroup(r: OwnedResource): TeardownAction {
  const policy = segmentValue(r.id, 'firewallPolicies') ?? '';
  return action(r, (net, env, rg, o) =>
    deleting(env, `rule collection group ${policy}/${r.name}`, () =>
      net.firewallPolicyRuleCollectionGroups.beginDeleteAndWait(rg, policy, r.name, o),
    ),
  );
}

/** The policy goes only when no firewall uses it and it holds no rule collection group we did not write. */
export function deletePolicy(r: OwnedResource): TeardownAction {
  return action(r, async (net, env, rg, o) => {
    const policy = await readOrUndefined(label(r), () => net.firewallPolicies.get(rg, r.name));
    if (!policy) return { kind: 'gone' };
    if (!isDeleting(policy)) {
      const users = (policy.firewalls ?? []).map((f) => f.id ?? '').filter(Boolean);
      if (users.length) return { kind: 'kept', reason: `still used by firewall ${list(users)}, which this deployment did not create` };
      const groups = (policy.ruleCollectionGroups ?? []).map((g) => g.id ?? '').filter(Boolean);
      if (groups.length) return { kind: 'kept', reason: `holds rule collection groups secure-aks did not create: ${list(groups)}` };
    }
    return deleting(env, label(r), () => net.firewallPolicies.beginDeleteAndWait(rg, r.name, o));
  });
}

/** Our subnet, unless something we did not create still sits in it. */
export function deleteSubnet(r: OwnedResource): TeardownAction {
  const vnet = segmentValue(r.id, 'virtualNetworks') ?? '';
  return action(r, async (net, env, rg, o) => {
    const subnet = await readOrUndefined(`subnet ${r.name}`, () => net.subnets.get(rg, vnet, r.name));
    if (!subnet) return { kind: 'gone' };
    const users = subnetUsers(subnet);
    if (!isDeleting(subnet) && users.length) {
      return {
        kind: 'kept',
        reason: `still used by ${users.join(', ')}, which this deployment did not create; delete those first, then run destroy again`,
      };
    }
    return deleting(env, `subnet ${vnet}/${r.name}`, () => net.subnets.beginDeleteAndWait(rg, vnet, r.name, o));
  });
}

function subnetUsers(subnet: Subnet): string[] {
  const ids = [
    ...(subnet.ipConfigurations ?? []).map((c) => ownerOf(c.id ?? '')),
    ...(subnet.privateEndpoints ?? []).map((p) => p.id ?? ''),
  ];
  return [...new Set(ids.filter(Boolean))];
}

/** The VNet goes once it has no subnets left: every remaining one is the user's (or still in use). */
export function deleteVnet(r: OwnedResource): TeardownAction {
  return action(r, async (net, env, rg, o) => {
    const vnet = await readOrUndefined(label(r), () => net.virtualNetworks.get(rg, r.name));
    if (!vnet) return { kind: 'gone' };
    const left = (vnet.subnets ?? []).map((s) => s.name ?? '').filter(Boolean);
    if (!isDeleting(vnet) && left.length) {
      return { kind: 'kept', reason: `still holds subnets secure-aks did not create or could not delete: ${left.join(', ')}` };
    }
    return deleting(env, label(r), () => net.virtualNetworks.beginDeleteAndWait(rg, r.name, o));
  });
}

type Attachment = 'routeTable' | 'networkSecurityGroup';

/** Routes or rules in our route table or NSG: ours are those the configuration writes; the rest the user added. */
function children(
  found: RouteTable | NetworkSecurityGroup,
  attachment: Attachment,
  env: TeardownEnv,
): { ours: string[]; theirs: string[] } {
  const names =
    attachment === 'routeTable'
      ? ((found as RouteTable).routes ?? []).map((x) => x.name ?? '')
      : ((found as NetworkSecurityGroup).securityRules ?? []).map((x) => x.name ?? '');
  const written =
    attachment === 'routeTable' ? new Set(OUR_ROUTES.map((n) => n.toLowerCase())) : ourRuleNames(env.config, env.names, found.name);
  return { ours: names.filter((n) => written.has(n.toLowerCase())), theirs: names.filter((n) => n && !written.has(n.toLowerCase())) };
}

/**
 * Our route table or NSG holding routes or rules the user added: ours are removed one by one, and the
 * resource stays with the user's (still attached where it is), reported as kept with their names.
 */
async function keepForeignChildren(
  net: Net,
  env: TeardownEnv,
  rg: string,
  r: OwnedResource,
  attachment: Attachment,
  found: RouteTable | NetworkSecurityGroup,
  o: Opts,
): Promise<ActionOutcome | undefined> {
  const { ours, theirs } = children(found, attachment, env);
  if (!theirs.length) return undefined;
  const noun = attachment === 'routeTable' ? 'route' : 'rule';
  for (const name of ours) {
    env.progress(`${label(r)}: removing ${noun} ${name}`);
    // Ctrl-C stops at once instead of waiting out the delete's polling, as every other teardown write does.
    await writing(`Removing ${noun} ${name} from ${r.name}`, () =>
      unlessAborted(
        env.signal,
        attachment === 'routeTable'
          ? net.routes.beginDeleteAndWait(rg, r.name, name, o)
          : net.securityRules.beginDeleteAndWait(rg, r.name, name, o),
      ),
    );
  }
  return {
    kind: 'kept',
    reason: `holds ${noun}s secure-aks did not write (${theirs.join(', ')}), so it is kept with them${ours.length ? `; its own ${noun}s (${ours.join(', ')}) were removed` : ''}`,
  };
}

/**
 * A route table or NSG still attached to subnets that stay (the user's, or ours kept in use) is detached
 * first with a subnet PUT that carries everything else of the subnet unchanged, then deleted.
 */
function detachThenDelete(r: OwnedResource, attachment: Attachment): TeardownAction {
  return action(r, async (net, env, rg, o) => {
    const read = () => (attachment === 'routeTable' ? net.routeTables.get(rg, r.name) : net.networkSecurityGroups.get(rg, r.name));
    const found = await readOrUndefined(label(r), read);
    if (!found) return { kind: 'gone' };
    if (!isDeleting(found)) {
      const nicRefs = (found as { networkInterfaces?: Array<{ id?: string }> }).networkInterfaces ?? [];
      const nics = nicRefs.map((n) => n.id ?? '').filter(Boolean);
      if (nics.length)
        return { kind: 'kept', reason: `still attached to network interfaces this deployment did not create: ${list(nics)}` };
      const keptWithTheirs = await keepForeignChildren(net, env, rg, r, attachment, found, o);
      if (keptWithTheirs) return keptWithTheirs;
      for (const ref of found.subnets ?? []) if (ref.id) await detach(net, env, ref.id, attachment, r, o);
    }
    const remove = () =>
      attachment === 'routeTable'
        ? net.routeTables.beginDeleteAndWait(rg, r.name, o)
        : net.networkSecurityGroups.beginDeleteAndWait(rg, r.name, o);
    return deleting(env, label(r), remove);
  });
}

async function detach(net: Net, env: TeardownEnv, subnetId: string, attachment: Attachment, r: OwnedResource, o: Opts): Promise<void> {
  const rg = resourceGroupOfId(subnetId);
  const vnet = segmentValue(subnetId, 'virtualNetworks') ?? '';
  const name = nameOf(subnetId);
  // Read and write under one turn: the route table's and the NSGs' detaches of one subnet must not interleave.
  await env.oneAtATime(async () => {
    const subnet = await readOrUndefined(`subnet ${vnet}/${name}`, () => net.subnets.get(rg, vnet, name));
    // Only our attachment: a restore may already have put the user's own route table or NSG back.
    if (!subnet || !sameId(subnet[attachment]?.id, r.id)) return;
    env.progress(`subnet ${vnet}/${name}: detaching ${r.name}`);
    // Omitting the attachment from a subnet PUT removes it; every other property goes back as it was.
    const body: Subnet = { ...subnet, [attachment]: undefined };
    await writing(`Detaching ${r.name} from subnet ${vnet}/${name}`, () => net.subnets.beginCreateOrUpdateAndWait(rg, vnet, name, body, o));
  });
}

export const deleteRouteTable = (r: OwnedResource) => detachThenDelete(r, 'routeTable');
export const deleteNsg = (r: OwnedResource) => detachThenDelete(r, 'networkSecurityGroup');
