import type { AzureFirewall, PublicIPAddress, RouteTable } from '@azure/arm-network';
import type { Change, StepOutputs } from '../core/step.js';
import type { Step, StepContext } from '../engine/step.js';
import { AzureOperationError } from '../core/errors.js';
import { azureCall, getOrUndefined } from '../azure/errors.js';
import { changeFor, diffProperties, needsWrite, noWrites } from './desired/diff.js';
import {
  DEFAULT_ROUTE_NAME,
  desiredRoutes,
  firewallBody,
  firewallDiff,
  firewallIpConfig,
  PIP_WANTED,
  publicIpBody,
  routeDiff,
} from './desired/egress-desired.js';
import { waitWhileFirewallProvisions } from '../azure/firewall-idle.js';
import { armId, nameOf, sameId, subnetId } from '../azure/ids.js';
import { inFlightFor, journaledLro, lroOptions, lroWrite } from '../azure/lro.js';
import { BUILT_IN_ROLES, grantRole, roleAssignmentChange, type RoleAssignmentSpec } from '../azure/role-assignments.js';
import { attachmentChange, attachToSubnet, readSubnet, readSubnetIfExists } from './desired/subnet-association.js';
import { tagsDiff, tagsForPut, userTagsOutput } from '../core/tags.js';
import { syncTags } from './desired/tag-updates.js';
import { isProvisioning, waitWhileProvisioning } from '../azure/provisioning.js';

const PIP_TYPE = 'Microsoft.Network/publicIPAddresses';
const POLICY_TYPE = 'Microsoft.Network/firewallPolicies';
const FIREWALL_TYPE = 'Microsoft.Network/azureFirewalls';
const RT_TYPE = 'Microsoft.Network/routeTables';
const ROUTE_TYPE = 'Microsoft.Network/routeTables/routes';
const VNET_TYPE = 'Microsoft.Network/virtualNetworks';

interface Current {
  pip?: PublicIPAddress;
  firewall?: AzureFirewall;
  routeTable?: RouteTable;
}

async function readAll(ctx: StepContext): Promise<Current> {
  const net = await ctx.azure.network();
  const rg = ctx.config.resourceGroup;
  const n = ctx.names;
  const read = <T>(what: string, get: () => Promise<T>) => azureCall(`Reading ${what}`, () => getOrUndefined(get));
  const [pip, firewall, routeTable] = await Promise.all([
    read(`public IP ${n.firewallPublicIp}`, () => net.publicIPAddresses.get(rg, n.firewallPublicIp)),
    read(`firewall ${n.firewall}`, () => net.azureFirewalls.get(rg, n.firewall)),
    read(`route table ${n.routeTable}`, () => net.routeTables.get(rg, n.routeTable)),
  ]);
  return { pip, firewall, routeTable };
}

/** Ids derive from names, so check() also works in `plan` before steps 2 and 4 have run (outputs empty). */
function ids(ctx: StepContext) {
  const net = ctx.outputs('network');
  const out = (key: string, subnet: string) => (typeof net[key] === 'string' ? (net[key] as string) : subnetId(ctx, subnet));
  const nodeSubnetId = out('nodeSubnetId', ctx.names.nodeSubnet);
  return {
    publicIpId: armId(ctx, PIP_TYPE, ctx.names.firewallPublicIp),
    // Step 4 creates the policy under this name; the firewall only refers to it.
    policyId: armId(ctx, POLICY_TYPE, ctx.names.firewallPolicy),
    firewallId: armId(ctx, FIREWALL_TYPE, ctx.names.firewall),
    routeTableId: armId(ctx, RT_TYPE, ctx.names.routeTable),
    vnetId: typeof net.vnetId === 'string' ? net.vnetId : armId(ctx, VNET_TYPE, ctx.names.vnet),
    firewallSubnetId: out('firewallSubnetId', ctx.names.firewallSubnet),
    nodeSubnetId,
    /** The jumphost downloads its tools through the firewall too (new subnets have no default outbound access). */
    routedSubnetIds: [nodeSubnetId, ...(ctx.config.jumphost ? [out('jumphostSubnetId', ctx.names.jumphostSubnet)] : [])],
  };
}

/**
 * Network Contributor for the cluster identity on the VNet and the route table. The VNet, not only the node
 * subnet: with privateDNSZone `system` AKS links its private DNS zone to the VNet, which needs
 * Microsoft.Network/virtualNetworks/join/action there (Azure/AKS#1983, MicrosoftDocs/azure-aks-docs#110;
 * https://learn.microsoft.com/azure/aks/private-clusters). The VNet scope covers the node subnet. An older
 * deployment's assignment on the node subnet is left alone (destroy still removes it: its name is ours).
 */
function roleSpecs(ctx: StepContext): RoleAssignmentSpec[] {
  const principalId = String(ctx.outputs('identity').identityPrincipalId ?? '');
  const i = ids(ctx);
  const role = (scope: string, on: string): RoleAssignmentSpec => ({
    scope,
    principalId,
    roleGuid: BUILT_IN_ROLES.networkContributor,
    label: `Network Contributor for ${ctx.names.identity} on ${on}`,
  });
  return [role(i.vnetId, ctx.names.vnet), role(i.routeTableId, ctx.names.routeTable)];
}

function routeChanges(c: Current, firewallSubnetId: string, routeTable: string): Change[] {
  const fwIp = firewallIpConfig(c.firewall, firewallSubnetId)?.privateIPAddress;
  return desiredRoutes(fwIp, c.pip?.ipAddress).map((want) => {
    const have = c.routeTable?.routes?.find((r) => sameId(r.name, want.name));
    return changeFor(ROUTE_TYPE, `${routeTable}/${want.name}`, have, have ? routeDiff(have, want) : []);
  });
}

export const step: Step = {
  number: 3,
  id: 'egress-route',
  title: 'Egress through Azure Firewall: firewall, route table, permissions',
  // Azure refuses subnet writes in the VNet and rule collection group writes to the policy while the
  // firewall provisions (AnotherOperationInProgress). So the firewall PUT comes last: after the NSG step's
  // subnet writes and this step's route table associations (read-modify-write PUTs of the same subnets,
  // one after the other), and after step 4 has put the rules on the policy. The step starts at once
  // (empty needs) to build the public IP, route table and role assignments meanwhile.
  dependsOn: ['network', 'identity', 'nsg', 'firewall-rules'],
  needs: { nsg: [], 'firewall-rules': [] },

  async check(ctx) {
    const i = ids(ctx);
    const c = await readAll(ctx);
    const subnets = await Promise.all(i.routedSubnetIds.map((id) => readSubnetIfExists(ctx, id)));
    const roles = await Promise.all(roleSpecs(ctx).map((r) => roleAssignmentChange(ctx, r)));
    return [
      changeFor(PIP_TYPE, ctx.names.firewallPublicIp, c.pip, c.pip ? [...diffProperties(c.pip, PIP_WANTED), ...tagsDiff(ctx, c.pip)] : []),
      changeFor(
        FIREWALL_TYPE,
        ctx.names.firewall,
        c.firewall,
        c.firewall ? [...firewallDiff(c.firewall, i), ...tagsDiff(ctx, c.firewall)] : [],
      ),
      changeFor(RT_TYPE, ctx.names.routeTable, c.routeTable, tagsDiff(ctx, c.routeTable)),
      ...routeChanges(c, i.firewallSubnetId, ctx.names.routeTable),
      ...subnets.map((s, k) => attachmentChange(ctx.names.vnet, nameOf(i.routedSubnetIds[k]!), s, 'routeTable', i.routeTableId)),
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
    if (noWrites(changes) && settled && c.pip && c.routeTable) return { ...outputsOf(c, i), ...userTagsOutput(ctx) };
    const [vnetRole, routeTableRole] = roleSpecs(ctx);

    // Role assignments (and later the firewall) run beside everything else; all are awaited before the
    // step ends, even on failure. A failure is observed at once (no unhandled rejection) and thrown below.
    const background: Array<Promise<unknown>> = [];
    const track = <T>(p: Promise<T>): Promise<T> => {
      p.catch(() => undefined);
      background.push(p);
      return p;
    };
    const granted: Array<Promise<{ created: boolean }>> = [track(grantRole(ctx, vnetRole!))];
    try {
      const pip =
        c.pip && !needsWrite(changes, PIP_TYPE, n.firewallPublicIp)
          ? c.pip
          : await lroWrite(ctx, `Writing public IP ${n.firewallPublicIp}`, () =>
              net.publicIPAddresses.beginCreateOrUpdateAndWait(
                rg,
                n.firewallPublicIp,
                publicIpBody(ctx.config.location, tagsForPut(ctx, c.pip), c.pip),
                lroOptions(ctx),
              ),
            );
      // The table exists before a subnet points at it; the default route follows once the firewall has its IP.
      let table = await ensureRouteTable(
        ctx,
        c.routeTable,
        firewallIpConfig(c.firewall, i.firewallSubnetId)?.privateIPAddress,
        pip.ipAddress,
      );
      const tableId = table.id ?? i.routeTableId;
      granted.push(track(grantRole(ctx, { ...routeTableRole!, scope: tableId })));

      await ctx.waitFor('nsg');
      await waitWhileFirewallProvisions(ctx);
      // Never AzureFirewallSubnet: the firewall itself needs its direct default route to the Internet.
      for (const subnetId of i.routedSubnetIds) await attachToSubnet(ctx, subnetId, 'routeTable', tableId);

      await ctx.waitFor('firewall-rules');
      let accepted = (): void => undefined;
      const acceptance = new Promise<void>((resolve) => (accepted = resolve));
      const firewallDone = track(ensureFirewall(ctx, c.firewall, { ...i, publicIpId: pip.id ?? i.publicIpId }, accepted));
      // A route write is not a subnet write: the default route goes in while the firewall finishes.
      await Promise.race([acceptance, firewallDone]);
      const early = await azureCall(`Reading firewall ${n.firewall}`, () => getOrUndefined(() => net.azureFirewalls.get(rg, n.firewall)));
      const privateIp =
        firewallIpConfig(early, i.firewallSubnetId)?.privateIPAddress ??
        firewallIpConfig(await firewallDone, i.firewallSubnetId)?.privateIPAddress;
      if (!privateIp || !pip.ipAddress) {
        throw new AzureOperationError(
          'FirewallAddressMissing',
          `Firewall ${n.firewall} has no ${privateIp ? 'public' : 'private'} IP address yet, so the egress routes cannot be written.`,
          undefined,
          'Check the firewall in the portal (provisioning state), then resume with `secure-aks status --resume`.',
        );
      }
      table = await ensureRouteTable(ctx, { ...table, id: tableId }, privateIp, pip.ipAddress);
      const firewall = await firewallDone;
      await Promise.all(background);
      // AKS may refuse the cluster until new assignments take effect: step 5 waits only after a fresh grant.
      const fresh = (await Promise.all(granted)).some((g) => g.created);
      return {
        ...outputsOf({ pip, firewall, routeTable: { ...table, id: tableId } }, i),
        ...userTagsOutput(ctx),
        ...(fresh ? { rolesGrantedAt: new Date().toISOString() } : {}),
      };
    } finally {
      // No operation is left running unobserved when the step ends.
      await Promise.allSettled(background);
    }
  },

  async verify(ctx) {
    const i = ids(ctx);
    const c = await readAll(ctx);
    const privateIp = firewallIpConfig(c.firewall, i.firewallSubnetId)?.privateIPAddress;
    const problems: string[] = [];
    if (!privateIp) problems.push(`firewall ${ctx.names.firewall} has no private IP`);
    const pending = routeChanges(c, i.firewallSubnetId, ctx.names.routeTable).filter((r) => r.action !== 'none');
    if (pending.length) problems.push(`route table ${ctx.names.routeTable} routes differ: ${pending.map((p) => p.name).join(', ')}`);
    for (const subnetId of i.routedSubnetIds) {
      const s = await readSubnet(ctx, subnetId);
      if (!sameId(s.routeTable?.id, i.routeTableId)) problems.push(`subnet ${s.name} is not associated with ${ctx.names.routeTable}`);
    }
    const fwSubnet = await readSubnet(ctx, i.firewallSubnetId);
    if (sameId(fwSubnet.routeTable?.id, i.routeTableId)) problems.push(`AzureFirewallSubnet must not use ${ctx.names.routeTable}`);
    if (problems.length) {
      throw new AzureOperationError(
        'EgressRouteInvalid',
        `Egress path is not in place: ${problems.join('; ')}.`,
        undefined,
        'Run `secure-aks init` again.',
      );
    }
  },
};

function outputsOf(c: Current, i: { firewallSubnetId: string; policyId: string }): StepOutputs {
  return {
    firewallId: c.firewall?.id,
    firewallPrivateIp: firewallIpConfig(c.firewall, i.firewallSubnetId)?.privateIPAddress,
    firewallPublicIp: c.pip?.ipAddress,
    firewallPublicIpId: c.pip?.id,
    firewallPolicyId: c.firewall?.firewallPolicy?.id ?? i.policyId,
    routeTableId: c.routeTable?.id,
  };
}

async function ensureFirewall(
  ctx: StepContext,
  current: AzureFirewall | undefined,
  want: { firewallId: string; policyId: string; firewallSubnetId: string; publicIpId: string },
  /** Called once Azure has accepted the create/update (or none is needed): its private IP is then known. */
  onAccepted: () => void,
): Promise<AzureFirewall> {
  const net = await ctx.azure.network();
  const n = ctx.names;
  // A crashed run's create is re-attached; a create another process started is waited for, not repeated.
  if (!inFlightFor(ctx, want.firewallId) && current) {
    current = await waitWhileProvisioning(ctx, `firewall ${n.firewall}`, current, () =>
      net.azureFirewalls.get(ctx.config.resourceGroup, n.firewall),
    );
    if (firewallDiff(current, want).length === 0) {
      // Only its tags may differ: a tags PATCH, not a PUT that puts the firewall through a minutes-long update.
      const tags = tagsForPut(ctx, current);
      const retagged = await syncTags(ctx, `firewall ${n.firewall}`, current, () =>
        net.azureFirewalls.beginUpdateTagsAndWait(ctx.config.resourceGroup, n.firewall, { tags }, lroOptions(ctx)),
      );
      onAccepted();
      return retagged ? { ...current, tags } : current;
    }
  }
  return journaledLro(ctx, {
    resourceId: want.firewallId,
    operation: current ? 'update' : 'create',
    label: `firewall ${n.firewall}`,
    begin: async (opts) => {
      const poller = await net.azureFirewalls.beginCreateOrUpdate(
        ctx.config.resourceGroup,
        n.firewall,
        firewallBody(ctx.config.location, tagsForPut(ctx, current), want, current),
        opts,
      );
      onAccepted();
      return poller;
    },
  });
}

/**
 * Creates the route table or completes its routes, writing only routes whose address is known: before the
 * firewall exists that is the route to its public IP; the default route follows once it has a private IP.
 */
async function ensureRouteTable(
  ctx: StepContext,
  current: RouteTable | undefined,
  privateIp: string | undefined,
  publicIp: string | undefined,
): Promise<RouteTable> {
  const net = await ctx.azure.network();
  const rg = ctx.config.resourceGroup;
  const name = ctx.names.routeTable;
  const wanted = desiredRoutes(privateIp, publicIp).filter((r) => (r.name === DEFAULT_ROUTE_NAME ? !!privateIp : !!publicIp));
  if (!current) {
    ctx.progress(`route table ${name}: creating`);
    return lroWrite(ctx, `Creating route table ${name}`, () =>
      net.routeTables.beginCreateOrUpdateAndWait(
        rg,
        name,
        { location: ctx.config.location, tags: tagsForPut(ctx, undefined), routes: wanted },
        lroOptions(ctx),
      ),
    );
  }
  // A table this deployment created takes the configured tags; an adopted one keeps its own.
  if (await syncTags(ctx, `route table ${name}`, current, (tags) => net.routeTables.updateTags(rg, name, { tags })))
    current = { ...current, tags: tagsForPut(ctx, current) };
  // Route by route: the user's own routes in this table stay untouched.
  const routes = [...(current.routes ?? [])];
  for (const want of wanted) {
    const have = routes.find((r) => sameId(r.name, want.name));
    if (have && routeDiff(have, want).length === 0) continue;
    ctx.progress(`route ${name}/${want.name}: ${have ? 'updating' : 'creating'}`);
    const written = await lroWrite(ctx, `Writing route ${want.name} in ${name}`, () =>
      net.routes.beginCreateOrUpdateAndWait(rg, name, want.name!, want, lroOptions(ctx)),
    );
    routes.splice(have ? routes.indexOf(have) : routes.length, have ? 1 : 0, written);
  }
  return { ...current, routes };
}
