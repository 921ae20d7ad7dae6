import type { AzureFirewall, FirewallPolicy, PublicIPAddress, RouteTable } from '@azure/arm-network';
import type { Change, Step, StepContext, StepOutputs } from '../engine/step.js';
import { AzureOperationError } from '../engine/errors.js';
import { azureCall, getOrUndefined } from './lib/azure-errors.js';
import { changeFor, diffProperties, needsWrite, noWrites, sameId } from './lib/diff.js';
import {
  desiredRoutes,
  firewallBody,
  firewallDiff,
  firewallIpConfig,
  PIP_WANTED,
  policyBody,
  POLICY_WANTED,
  publicIpBody,
  routeDiff,
} from './lib/egress-desired.js';
import { armId, nameOf, subnetId } from './lib/ids.js';
import { inFlightFor, journaledLro, lroOptions } from './lib/lro.js';
import { BUILT_IN_ROLES, ensureRoleAssignment, roleAssignmentChange, type RoleAssignmentSpec } from './lib/role-assignments.js';
import { attachmentChange, attachToSubnet, readSubnet, readSubnetIfExists, SUBNET_TYPE } from './lib/subnet-association.js';
import { tagsForPut } from './lib/tags.js';
import { isProvisioning, waitWhileProvisioning } from './lib/provisioning.js';

const PIP_TYPE = 'Microsoft.Network/publicIPAddresses';
const POLICY_TYPE = 'Microsoft.Network/firewallPolicies';
const FIREWALL_TYPE = 'Microsoft.Network/azureFirewalls';
const RT_TYPE = 'Microsoft.Network/routeTables';
const ROUTE_TYPE = 'Microsoft.Network/routeTables/routes';

interface Current {
  pip?: PublicIPAddress;
  policy?: FirewallPolicy;
  firewall?: AzureFirewall;
  routeTable?: RouteTable;
}

async function readAll(ctx: StepContext): Promise<Current> {
  const net = await ctx.azure.network();
  const rg = ctx.config.resourceGroup;
  const n = ctx.names;
  const read = <T>(what: string, get: () => Promise<T>) => azureCall(`Reading ${what}`, () => getOrUndefined(get));
  const [pip, policy, firewall, routeTable] = await Promise.all([
    read(`public IP ${n.firewallPublicIp}`, () => net.publicIPAddresses.get(rg, n.firewallPublicIp)),
    read(`firewall policy ${n.firewallPolicy}`, () => net.firewallPolicies.get(rg, n.firewallPolicy)),
    read(`firewall ${n.firewall}`, () => net.azureFirewalls.get(rg, n.firewall)),
    read(`route table ${n.routeTable}`, () => net.routeTables.get(rg, n.routeTable)),
  ]);
  return { pip, policy, firewall, routeTable };
}

/** Ids derive from names, so check() also works in `plan` before step 2 has run (outputs empty). */
function ids(ctx: StepContext) {
  const net = ctx.outputs('network');
  const out = (key: string, subnet: string) => (typeof net[key] === 'string' ? (net[key] as string) : subnetId(ctx, subnet));
  const nodeSubnetId = out('nodeSubnetId', ctx.names.nodeSubnet);
  return {
    publicIpId: armId(ctx, PIP_TYPE, ctx.names.firewallPublicIp),
    policyId: armId(ctx, POLICY_TYPE, ctx.names.firewallPolicy),
    firewallId: armId(ctx, FIREWALL_TYPE, ctx.names.firewall),
    routeTableId: armId(ctx, RT_TYPE, ctx.names.routeTable),
    firewallSubnetId: out('firewallSubnetId', ctx.names.firewallSubnet),
    nodeSubnetId,
    /** The jumphost downloads its tools through the firewall too (new subnets have no default outbound access). */
    routedSubnetIds: [nodeSubnetId, ...(ctx.config.jumphost ? [out('jumphostSubnetId', ctx.names.jumphostSubnet)] : [])],
  };
}

function roleSpecs(ctx: StepContext): RoleAssignmentSpec[] {
  const principalId = String(ctx.outputs('identity').identityPrincipalId ?? '');
  const i = ids(ctx);
  const role = (scope: string, on: string): RoleAssignmentSpec => ({
    scope,
    principalId,
    roleGuid: BUILT_IN_ROLES.networkContributor,
    label: `Network Contributor for ${ctx.names.identity} on ${on}`,
  });
  return [role(i.nodeSubnetId, ctx.names.nodeSubnet), role(i.routeTableId, ctx.names.routeTable)];
}

function routeChanges(c: Current, firewallSubnetId: string): Change[] {
  const fwIp = firewallIpConfig(c.firewall, firewallSubnetId)?.privateIPAddress;
  return desiredRoutes(fwIp, c.pip?.ipAddress).map((want) => {
    const have = c.routeTable?.routes?.find((r) => sameId(r.name, want.name));
    return changeFor(ROUTE_TYPE, `${c.routeTable?.name ?? 'route table'}/${want.name}`, have, have ? routeDiff(have, want) : []);
  });
}

export const step: Step = {
  number: 3,
  id: 'egress-route',
  title: 'Egress through Azure Firewall: firewall, route table, permissions',
  dependsOn: ['network', 'identity'],

  async check(ctx) {
    const i = ids(ctx);
    const c = await readAll(ctx);
    const subnets = await Promise.all(i.routedSubnetIds.map((id) => readSubnetIfExists(ctx, id)));
    const roles = await Promise.all(roleSpecs(ctx).map((r) => roleAssignmentChange(ctx, r)));
    return [
      changeFor(PIP_TYPE, ctx.names.firewallPublicIp, c.pip, c.pip ? diffProperties(c.pip, PIP_WANTED) : []),
      changeFor(POLICY_TYPE, ctx.names.firewallPolicy, c.policy, c.policy ? diffProperties(c.policy, POLICY_WANTED) : []),
      changeFor(FIREWALL_TYPE, ctx.names.firewall, c.firewall, c.firewall ? firewallDiff(c.firewall, i) : []),
      changeFor(RT_TYPE, ctx.names.routeTable, c.routeTable),
      ...routeChanges(c, i.firewallSubnetId),
      ...subnets.map((s, k) =>
        s ? attachmentChange(s, 'routeTable', c.routeTable ? i.routeTableId : undefined) : changeFor(SUBNET_TYPE, nameOf(i.routedSubnetIds[k]!), undefined),
      ),
      ...roles,
    ];
  },

  async apply(ctx, changes) {
    const net = await ctx.azure.network();
    const rg = ctx.config.resourceGroup;
    const n = ctx.names;
    const i = ids(ctx);
    const c = await readAll(ctx);
    // Nothing to change and nothing in flight (a re-run): the outputs come from what was just read.
    const settled = c.firewall && !isProvisioning(c.firewall) && !inFlightFor(ctx, i.firewallId);
    if (noWrites(changes) && settled && c.pip && c.policy && c.routeTable) return outputsOf(c, i.firewallSubnetId);
    const [subnetRole, routeTableRole] = roleSpecs(ctx);

    // Independent of each other: the public IP, the policy and the subnet's role assignment start together.
    const subnetRoleDone = ensureRoleAssignment(ctx, subnetRole!);
    subnetRoleDone.catch(() => undefined); // observed below, after the firewall has started
    const [pip, policy] = await Promise.all([
      c.pip && !needsWrite(changes, PIP_TYPE, n.firewallPublicIp)
        ? c.pip
        : azureCall(`Creating public IP ${n.firewallPublicIp}`, () =>
            net.publicIPAddresses.beginCreateOrUpdateAndWait(rg, n.firewallPublicIp, publicIpBody(ctx.config.location, tagsForPut(ctx, c.pip), c.pip), lroOptions(ctx)),
          ),
      c.policy && !needsWrite(changes, POLICY_TYPE, n.firewallPolicy)
        ? c.policy
        : azureCall(`Creating firewall policy ${n.firewallPolicy}`, () =>
            net.firewallPolicies.beginCreateOrUpdateAndWait(rg, n.firewallPolicy, policyBody(ctx.config.location, tagsForPut(ctx, c.policy), c.policy), lroOptions(ctx)),
          ),
    ]);

    // The firewall takes minutes. Once Azure has accepted it, step 4 may put the rules on the policy and
    // the routes can be written from its private IP, so all of it is in place when the firewall finishes.
    let accepted = (): void => undefined;
    const acceptance = new Promise<void>((resolve) => (accepted = resolve));
    const firewallDone = ensureFirewall(ctx, changes, c.firewall, { ...i, publicIpId: pip.id ?? i.publicIpId, policyId: policy.id ?? i.policyId }, () => {
      ctx.publish?.({ firewallPolicyId: policy.id });
      accepted();
    });
    const routing = (async () => {
      await Promise.race([acceptance, firewallDone]);
      const early = await azureCall(`Reading firewall ${n.firewall}`, () => getOrUndefined(() => net.azureFirewalls.get(rg, n.firewall)));
      const privateIp = firewallIpConfig(early, i.firewallSubnetId)?.privateIPAddress ?? firewallIpConfig(await firewallDone, i.firewallSubnetId)?.privateIPAddress;
      if (!privateIp || !pip.ipAddress) {
        throw new AzureOperationError(
          'FirewallAddressMissing',
          `Firewall ${n.firewall} has no ${privateIp ? 'public' : 'private'} IP address yet, so the egress routes cannot be written.`,
          undefined,
          'Check the firewall in the portal (provisioning state), then resume with `secure-aks status --resume`.',
        );
      }
      const table = await ensureRouteTable(ctx, c.routeTable, privateIp, pip.ipAddress);
      const tableId = table.id ?? i.routeTableId;
      // Never AzureFirewallSubnet: the firewall itself needs its direct default route to the Internet.
      await Promise.all([
        (async () => {
          for (const subnetId of i.routedSubnetIds) await attachToSubnet(ctx, subnetId, 'routeTable', tableId);
        })(),
        ensureRoleAssignment(ctx, { ...routeTableRole!, scope: tableId }),
        subnetRoleDone,
      ]);
      // Subnet writes are over: steps that write the same subnets (NSG associations) may start.
      ctx.publish?.({ routeTableId: tableId });
      return { ...table, id: tableId };
    })();
    // Both awaited even when one fails: no operation is left running unobserved when the step ends.
    const [fw, rt] = await Promise.allSettled([firewallDone, routing]);
    if (fw.status === 'rejected') throw fw.reason;
    if (rt.status === 'rejected') throw rt.reason;
    const firewall = fw.value;
    const routeTable = rt.value;
    const routeTableId = routeTable.id;

    return outputsOf({ pip, policy, firewall, routeTable: { ...routeTable, id: routeTableId } }, i.firewallSubnetId);
  },

  async verify(ctx) {
    const i = ids(ctx);
    const c = await readAll(ctx);
    const privateIp = firewallIpConfig(c.firewall, i.firewallSubnetId)?.privateIPAddress;
    const problems: string[] = [];
    if (!privateIp) problems.push(`firewall ${ctx.names.firewall} has no private IP`);
    const pending = routeChanges(c, i.firewallSubnetId).filter((r) => r.action !== 'none');
    if (pending.length) problems.push(`route table ${ctx.names.routeTable} routes differ: ${pending.map((p) => p.name).join(', ')}`);
    for (const subnetId of i.routedSubnetIds) {
      const s = await readSubnet(ctx, subnetId);
      if (!sameId(s.routeTable?.id, i.routeTableId)) problems.push(`subnet ${s.name} is not associated with ${ctx.names.routeTable}`);
    }
    const fwSubnet = await readSubnet(ctx, i.firewallSubnetId);
    if (sameId(fwSubnet.routeTable?.id, i.routeTableId)) problems.push(`AzureFirewallSubnet must not use ${ctx.names.routeTable}`);
    if (problems.length) {
      throw new AzureOperationError('EgressRouteInvalid', `Egress path is not in place: ${problems.join('; ')}.`, undefined, 'Run `secure-aks init` again.');
    }
  },
};

function outputsOf(c: Current, firewallSubnetId: string): StepOutputs {
  return {
    firewallId: c.firewall?.id,
    firewallPrivateIp: firewallIpConfig(c.firewall, firewallSubnetId)?.privateIPAddress,
    firewallPublicIp: c.pip?.ipAddress,
    firewallPublicIpId: c.pip?.id,
    firewallPolicyId: c.policy?.id,
    routeTableId: c.routeTable?.id,
  };
}

async function ensureFirewall(
  ctx: StepContext,
  changes: Change[],
  current: AzureFirewall | undefined,
  want: { firewallId: string; policyId: string; firewallSubnetId: string; publicIpId: string },
  /** Called once Azure has accepted the create/update (or none is needed): the policy is free for rules. */
  onAccepted: () => void,
): Promise<AzureFirewall> {
  const net = await ctx.azure.network();
  const n = ctx.names;
  // A crashed run's create is re-attached; a create another process started is waited for, not repeated.
  if (!inFlightFor(ctx, want.firewallId) && current) {
    current = await waitWhileProvisioning(ctx, `firewall ${n.firewall}`, current, () => net.azureFirewalls.get(ctx.config.resourceGroup, n.firewall));
    if (!needsWrite(changes, FIREWALL_TYPE, n.firewall) && firewallDiff(current, want).length === 0) {
      onAccepted();
      return current;
    }
  }
  return journaledLro(ctx, {
    resourceId: want.firewallId,
    operation: current ? 'update' : 'create',
    label: `firewall ${n.firewall}`,
    begin: async (opts) => {
      const poller = await net.azureFirewalls.beginCreateOrUpdate(ctx.config.resourceGroup, n.firewall, firewallBody(ctx.config.location, tagsForPut(ctx, current), want, current), opts);
      onAccepted();
      return poller;
    },
  });
}

async function ensureRouteTable(ctx: StepContext, current: RouteTable | undefined, privateIp: string, publicIp: string): Promise<RouteTable> {
  const net = await ctx.azure.network();
  const rg = ctx.config.resourceGroup;
  const name = ctx.names.routeTable;
  const wanted = desiredRoutes(privateIp, publicIp);
  if (!current) {
    ctx.progress(`route table ${name}: creating`);
    return azureCall(`Creating route table ${name}`, () =>
      net.routeTables.beginCreateOrUpdateAndWait(rg, name, { location: ctx.config.location, tags: tagsForPut(ctx, undefined), routes: wanted }, lroOptions(ctx)),
    );
  }
  // Route by route: the user's own routes in this table stay untouched.
  for (const want of wanted) {
    const have = current.routes?.find((r) => sameId(r.name, want.name));
    if (have && routeDiff(have, want).length === 0) continue;
    ctx.progress(`route ${name}/${want.name}: ${have ? 'updating' : 'creating'}`);
    await azureCall(`Writing route ${want.name} in ${name}`, () => net.routes.beginCreateOrUpdateAndWait(rg, name, want.name!, want, lroOptions(ctx)));
  }
  return current;
}
