/**
 * Putting back what the user adopted. destroy never deletes an adopted route table, NSG or virtual network:
 * it removes what this deployment added (routes, rules, address prefixes, subnet associations), writes back
 * any route or rule it replaced, re-attaches what it detached and restores the tags, from the record the
 * state file took before the first write (state/schema.ts AdoptedResource). Each ends as `kept`, saying so.
 */
import type { NetworkManagementClient, Route, SecurityRule, Subnet } from '@azure/arm-network';
import type { AdoptedResource } from '../state/schema.js';
import { OUR_ROUTES, ourRuleNames } from '../steps/desired/written.js';
import { readOrUndefined, unlessAborted, writing } from './attempt.js';
import { lroOptions } from '../azure/lro.js';
import { nameOf, resourceGroupOfId, sameId, segmentValue } from '../azure/ids.js';
import type { ActionOutcome, OwnedResource, TeardownAction, TeardownEnv } from './types.js';

type Net = NetworkManagementClient;
type Opts = ReturnType<typeof lroOptions>;

const lower = (s: string | undefined) => (s ?? '').toLowerCase();
const sameTags = (a: Record<string, string> | undefined, b: Record<string, string>) =>
  JSON.stringify(Object.entries(a ?? {}).sort()) === JSON.stringify(Object.entries(b).sort());

/** The properties a route or rule write compares and sends (Azure adds ids, etags and states). */
function comparable(child: Record<string, unknown>): string {
  const { id: _i, etag: _e, provisioningState: _p, type: _t, ...rest } = child;
  void _i;
  void _e;
  void _p;
  void _t;
  return JSON.stringify(
    Object.entries(rest)
      .filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

/** A subnet PUT carrying everything it has, with one attachment set (or removed). */
async function setAttachment(
  net: Net,
  env: TeardownEnv,
  subnetId: string,
  attachment: 'routeTable' | 'networkSecurityGroup',
  to: string | undefined,
  o: Opts,
): Promise<boolean> {
  const rg = resourceGroupOfId(subnetId);
  const vnet = segmentValue(subnetId, 'virtualNetworks') ?? '';
  const name = nameOf(subnetId);
  return env.oneAtATime(async () => {
    const subnet = await readOrUndefined(`subnet ${vnet}/${name}`, () => net.subnets.get(rg, vnet, name));
    if (!subnet || sameId(subnet[attachment]?.id, to) || (!to && !subnet[attachment]?.id)) return false;
    env.progress(`subnet ${vnet}/${name}: ${to ? `attaching ${nameOf(to)} again` : `detaching ${nameOf(subnet[attachment]!.id!)}`}`);
    const body: Subnet = { ...subnet, [attachment]: to ? { id: to } : undefined };
    await writing(
      `Restoring ${attachment === 'routeTable' ? 'the route table' : 'the network security group'} of subnet ${vnet}/${name}`,
      () => unlessAborted(env.signal, net.subnets.beginCreateOrUpdateAndWait(rg, vnet, name, body, o)),
    );
    return true;
  });
}

/** Not `gone`: that would count it as deleted by this run, and secure-aks never deletes what was adopted. */
const vanished = (prior: AdoptedResource): ActionOutcome => ({
  kind: 'kept',
  reason: `adopted (--adopt ${prior.name}), but it no longer exists: someone else deleted it, so there is nothing to put back`,
});

function restoredReason(prior: AdoptedResource, did: string[], left: string[]): string {
  const what = did.length ? `restored: ${did.join('; ')}` : 'nothing of this deployment was left on it';
  const kept = left.length ? `; kept what secure-aks did not write: ${left.join(', ')}` : '';
  return `existed before this deployment and was adopted (--adopt ${prior.name}): ${what}${kept}`;
}

/** Children (routes or rules) back to the record: ours removed, replaced ones written back, the user's later ones kept. */
async function restoreChildren<T extends { name?: string }>(
  o: {
    current: T[];
    prior: Array<Record<string, unknown>>;
    ours: Set<string>;
    noun: string;
    remove: (name: string) => Promise<unknown>;
    put: (name: string, body: T) => Promise<unknown>;
  },
  did: string[],
  left: string[],
): Promise<void> {
  for (const child of o.current) {
    const name = child.name ?? '';
    const before = o.prior.find((p) => lower(p.name as string) === lower(name));
    if (!before) {
      if (o.ours.has(lower(name))) {
        await o.remove(name);
        did.push(`removed ${o.noun} ${name}`);
      } else left.push(`${o.noun} ${name}`);
    } else if (comparable(child as Record<string, unknown>) !== comparable(before)) {
      if (!o.ours.has(lower(name))) continue; // the user changed it: theirs to keep
      await o.put(name, before as T);
      did.push(`${o.noun} ${name} as it was`);
    }
  }
  // A recorded child that is gone was the user's to delete; destroy does not bring it back unless we replaced it.
}

/**
 * Associations back to the record, for the subnets the steps attach (route table: routed subnets; NSG: the
 * NSG targets, whatever parts are on now): those attached since are detached, those detached since
 * re-attached. A subnet the steps never attach was changed by the user: theirs to keep as it is.
 */
async function restoreAssociations(
  net: Net,
  env: TeardownEnv,
  prior: AdoptedResource,
  currentIds: string[],
  attachment: 'routeTable' | 'networkSecurityGroup',
  o: Opts,
  did: string[],
): Promise<void> {
  const ours = new Set(
    [env.names.nodeSubnet, env.names.jumphostSubnet, ...(attachment === 'networkSecurityGroup' ? [env.names.bastionSubnet] : [])].map((n) =>
      n.toLowerCase(),
    ),
  );
  const stepsAttach = (id: string) =>
    (segmentValue(id, 'virtualNetworks') ?? '').toLowerCase() === env.names.vnet.toLowerCase() && ours.has(nameOf(id).toLowerCase());
  const before = (prior.subnetIds ?? []).filter(stepsAttach);
  for (const id of currentIds.filter(stepsAttach)) {
    if (before.some((b) => sameId(b, id))) continue;
    if (await setAttachment(net, env, id, attachment, undefined, o)) did.push(`detached from subnet ${nameOf(id)}`);
  }
  for (const id of before) {
    if (currentIds.some((c) => sameId(c, id))) continue;
    if (await setAttachment(net, env, id, attachment, prior.id, o)) did.push(`attached to subnet ${nameOf(id)} again`);
  }
}

function action(resource: OwnedResource, run: (net: Net, env: TeardownEnv, o: Opts) => Promise<ActionOutcome>): TeardownAction {
  return { resource, restores: true, run: async (env) => run(await env.azure.network(), env, lroOptions(env)) };
}

async function restoreTags(
  what: string,
  tags: Record<string, string> | undefined,
  prior: AdoptedResource,
  update: () => Promise<unknown>,
  did: string[],
): Promise<void> {
  if (sameTags(tags, prior.tags)) return;
  await writing(`Restoring the tags of ${what} ${prior.name}`, update);
  did.push('tags');
}

/** What putting back a route table or an NSG needs to know of its type: its words, reads and writes, and which children are ours. */
interface ChildHolder<C> {
  label: string;
  /** What its children are called: route, rule. */
  noun: string;
  attachment: 'routeTable' | 'networkSecurityGroup';
  read(net: Net, rg: string, name: string): Promise<{ children: C[]; subnets: Array<{ id?: string }>; tags?: Record<string, string> }>;
  recorded(prior: AdoptedResource): Array<Record<string, unknown>>;
  ours(env: TeardownEnv): Set<string>;
  removeChild(net: Net, rg: string, parent: string, name: string, o: Opts): Promise<unknown>;
  putChild(net: Net, rg: string, parent: string, name: string, body: C, o: Opts): Promise<unknown>;
  updateTags(net: Net, rg: string, name: string, tags: Record<string, string>): Promise<unknown>;
}

const ROUTE_TABLE: ChildHolder<Route> = {
  label: 'route table',
  noun: 'route',
  attachment: 'routeTable',
  read: async (net, rg, name) => {
    const rt = await net.routeTables.get(rg, name);
    return { children: rt.routes ?? [], subnets: rt.subnets ?? [], tags: rt.tags };
  },
  recorded: (prior) => prior.routes ?? [],
  ours: () => new Set(OUR_ROUTES.map(lower)),
  removeChild: (net, rg, parent, name, o) => net.routes.beginDeleteAndWait(rg, parent, name, o),
  putChild: (net, rg, parent, name, body, o) => net.routes.beginCreateOrUpdateAndWait(rg, parent, name, body, o),
  updateTags: (net, rg, name, tags) => net.routeTables.updateTags(rg, name, { tags }),
};

const NSG: ChildHolder<SecurityRule> = {
  label: 'network security group',
  noun: 'rule',
  attachment: 'networkSecurityGroup',
  read: async (net, rg, name) => {
    const nsg = await net.networkSecurityGroups.get(rg, name);
    return { children: nsg.securityRules ?? [], subnets: nsg.subnets ?? [], tags: nsg.tags };
  },
  recorded: (prior) => prior.rules ?? [],
  // Every rule name the steps write into an NSG (the adopted one may serve any of our subnets).
  ours: (env) => ourRuleNames(env.config, env.names),
  removeChild: (net, rg, parent, name, o) => net.securityRules.beginDeleteAndWait(rg, parent, name, o),
  putChild: (net, rg, parent, name, body, o) => net.securityRules.beginCreateOrUpdateAndWait(rg, parent, name, body, o),
  updateTags: (net, rg, name, tags) => net.networkSecurityGroups.updateTags(rg, name, { tags }),
};

function restoreChildHolder<C extends { name?: string }>(
  h: ChildHolder<C>,
  resource: OwnedResource,
  prior: AdoptedResource,
): TeardownAction {
  return action(resource, async (net, env, o) => {
    const rg = prior.resourceGroup;
    const found = await readOrUndefined(`${h.label} ${prior.name}`, () => h.read(net, rg, prior.name));
    if (!found) return vanished(prior);
    const did: string[] = [];
    const left: string[] = [];
    env.progress(`${h.label} ${prior.name}: restoring what it was before this deployment`);
    await restoreChildren<C>(
      {
        current: found.children,
        prior: h.recorded(prior),
        ours: h.ours(env),
        noun: h.noun,
        remove: (name) =>
          writing(`Removing ${h.noun} ${name} from ${prior.name}`, () =>
            unlessAborted(env.signal, h.removeChild(net, rg, prior.name, name, o)),
          ),
        put: (name, body) =>
          writing(`Restoring ${h.noun} ${name} of ${prior.name}`, () =>
            unlessAborted(env.signal, h.putChild(net, rg, prior.name, name, body, o)),
          ),
      },
      did,
      left,
    );
    await restoreAssociations(net, env, prior, found.subnets.map((s) => s.id ?? '').filter(Boolean), h.attachment, o, did);
    await restoreTags(h.label, found.tags, prior, () => h.updateTags(net, rg, prior.name, prior.tags), did);
    return { kind: 'kept', reason: restoredReason(prior, did, left) };
  });
}

export const restoreRouteTable = (resource: OwnedResource, prior: AdoptedResource): TeardownAction =>
  restoreChildHolder(ROUTE_TABLE, resource, prior);

export const restoreNsg = (resource: OwnedResource, prior: AdoptedResource): TeardownAction => restoreChildHolder(NSG, resource, prior);

/**
 * Runs after our subnets in it are deleted (same chain): the subnets it had get back their route table and
 * NSG, the address space goes back to the record (a PUT that omits `subnets` keeps them, api-version
 * 2023-11-01 and later: https://learn.microsoft.com/rest/api/virtualnetwork/virtual-networks/create-or-update),
 * and the tags are restored.
 */
export function restoreVnet(resource: OwnedResource, prior: AdoptedResource): TeardownAction {
  return action(resource, async (net, env, o) => {
    const rg = prior.resourceGroup;
    const vnet = await readOrUndefined(`virtual network ${prior.name}`, () => net.virtualNetworks.get(rg, prior.name));
    if (!vnet) return vanished(prior);
    const did: string[] = [];
    const priorSubnets = prior.subnets ?? [];
    const added = (vnet.subnets ?? []).filter((s) => !priorSubnets.some((p) => lower(p.name) === lower(s.name)));
    for (const s of vnet.subnets ?? []) {
      const before = priorSubnets.find((p) => lower(p.name) === lower(s.name));
      if (!before || !s.id) continue;
      if (await setAttachment(net, env, s.id, 'routeTable', before.routeTableId, o)) did.push(`route table of subnet ${s.name}`);
      if (await setAttachment(net, env, s.id, 'networkSecurityGroup', before.networkSecurityGroupId, o))
        did.push(`network security group of subnet ${s.name}`);
    }
    const have = vnet.addressSpace?.addressPrefixes ?? [];
    const want = prior.addressPrefixes ?? have;
    const sameSpace = have.length === want.length && have.every((p) => want.some((w) => lower(w) === lower(p)));
    if (!sameSpace && added.length === 0) {
      env.progress(`virtual network ${prior.name}: restoring address space ${want.join(', ')}`);
      const { subnets: _omit, ...rest } = vnet;
      void _omit;
      await env.oneAtATime(() =>
        writing(`Restoring the address space of virtual network ${prior.name}`, () =>
          unlessAborted(
            env.signal,
            net.virtualNetworks.beginCreateOrUpdateAndWait(
              rg,
              prior.name,
              { ...rest, addressSpace: { ...vnet.addressSpace, addressPrefixes: want } },
              o,
            ),
          ),
        ),
      );
      did.push(`address space ${want.join(', ')}`);
    }
    await restoreTags('virtual network', vnet.tags, prior, () => net.virtualNetworks.updateTags(rg, prior.name, { tags: prior.tags }), did);
    const left = added.map((s) => `subnet ${s.name}`);
    const reason = restoredReason(prior, did, left);
    // Our address prefix stays while a subnet we could not delete still uses it: say so rather than fail.
    return {
      kind: 'kept',
      reason:
        !sameSpace && added.length
          ? `${reason}; its address space keeps ${have.filter((p) => !want.includes(p)).join(', ')} until those subnets are gone`
          : reason,
    };
  });
}
