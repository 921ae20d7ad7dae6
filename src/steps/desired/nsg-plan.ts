import type { NetworkManagementClient, NetworkSecurityGroup, Subnet } from '@azure/arm-network';
import { SecureAksError } from '../../core/errors.js';
import type { Change } from '../../core/step.js';
import type { StepContext } from '../../engine/step.js';
import { getOrUndefined, azureCall } from '../../azure/errors.js';
import { changeFor, diffProperties, needsWrite } from './diff.js';
import { armId, nameOf, resourceGroupOf, sameId } from '../../azure/ids.js';
import { lroOptions, lroWrite } from '../../azure/lro.js';
import { ourTags, tagsDiff } from '../../core/tags.js';
import { syncTags } from './tag-updates.js';
import { priorityClash, ruleDiff, toSecurityRule, type NsgRuleSpec } from './nsg-rules.js';

export const NSG_TYPE = 'Microsoft.Network/networkSecurityGroups';
export const RULE_TYPE = 'Microsoft.Network/networkSecurityGroups/securityRules';
export const SUBNET_TYPE = 'Microsoft.Network/virtualNetworks/subnets';

/** One subnet and the NSG rules the wizard wants on it. */
export interface NsgTarget {
  subnetName: string;
  /** The NSG we create when the subnet has none. */
  nsgName: string;
  rules: NsgRuleSpec[];
}

/** What Azure has for a target, and the changes that bring it to the desired state. */
export interface NsgInspection {
  target: NsgTarget;
  /** undefined only in `plan` before the network step created it. */
  subnet: Subnet | undefined;
  /** The NSG that is (or will be) on the subnet: one already attached is written into, not replaced. */
  nsgId: string;
  nsg: NetworkSecurityGroup | undefined;
  changes: Change[];
}

/**
 * Reads a target's subnet and NSG. When the subnet already carries an NSG, our rules merge into THAT NSG:
 * swapping it for ours would silently drop the user's rules from the subnet. Preflight lets a run get here
 * only when that NSG is this deployment's or the user adopted it (src/preflight/ownership.ts).
 */
export async function inspectNsgTarget(ctx: StepContext, network: NetworkManagementClient, target: NsgTarget): Promise<NsgInspection> {
  const { resourceGroup } = ctx.config;
  const vnet = ctx.names.vnet;
  const subnet = await azureCall(`Reading subnet ${target.subnetName}`, () =>
    getOrUndefined(() => network.subnets.get(resourceGroup, vnet, target.subnetName)),
  );
  if (!subnet) {
    // `plan` before the network step ran: everything here is still to be created.
    const nsgName = target.nsgName;
    return {
      target,
      subnet: undefined,
      nsgId: armId(ctx, NSG_TYPE, nsgName),
      nsg: undefined,
      changes: [
        { action: 'create', resourceType: NSG_TYPE, name: nsgName },
        ...target.rules.map((r): Change => ({ action: 'create', resourceType: RULE_TYPE, name: `${nsgName}/${r.name}` })),
        {
          action: 'update',
          resourceType: SUBNET_TYPE,
          name: `${vnet}/${target.subnetName}`,
          diff: [{ property: 'networkSecurityGroup.id', current: undefined, desired: armId(ctx, NSG_TYPE, nsgName) }],
        },
      ],
    };
  }
  const nsgId = subnet.networkSecurityGroup?.id ?? armId(ctx, NSG_TYPE, target.nsgName);
  const nsgRg = resourceGroupOf(nsgId) ?? resourceGroup;
  const nsgName = nameOf(nsgId);
  const nsg = await azureCall(`Reading network security group ${nsgName}`, () =>
    getOrUndefined(() => network.networkSecurityGroups.get(nsgRg, nsgName)),
  );

  const existingRules = nsg?.securityRules ?? [];
  const changes: Change[] = [changeFor(NSG_TYPE, nsgName, nsg, tagsDiff(ctx, nsg))];
  for (const spec of target.rules) {
    const current = existingRules.find((r) => sameId(r.name, spec.name));
    const clash = priorityClash(existingRules, spec);
    if (clash) {
      throw new SecureAksError(
        'NsgRulePriorityTaken',
        `Rule ${clash.name} in network security group ${nsgName} already uses ${spec.direction.toLowerCase()} priority ${spec.priority}, which rule ${spec.name} needs.`,
        { source: 'user', remediation: `Give rule ${clash.name} another priority, then run again.` },
      );
    }
    changes.push(changeFor(RULE_TYPE, `${nsgName}/${spec.name}`, current, current ? ruleDiff(current, spec) : []));
  }
  changes.push(
    changeFor(SUBNET_TYPE, `${vnet}/${target.subnetName}`, subnet, diffProperties(subnet, { 'networkSecurityGroup.id': nsgId })),
  );
  return { target, subnet, nsgId, nsg, changes };
}

/** Writes the planned NSG and rule changes of one target (independent of other targets: may run in parallel). */
export async function applyNsgRules(
  ctx: StepContext,
  network: NetworkManagementClient,
  found: NsgInspection,
  planned: readonly Change[],
): Promise<void> {
  const { resourceGroup, location } = ctx.config;
  const nsgRg = resourceGroupOf(found.nsgId) ?? resourceGroup;
  const nsgName = nameOf(found.nsgId);
  const { target } = found;
  if (!found.subnet) {
    throw new SecureAksError('SubnetNotFound', `Subnet ${target.subnetName} of virtual network ${ctx.names.vnet} does not exist.`, {
      source: 'user',
      remediation: 'Run the network step first (secure-aks init or status --resume).',
    });
  }

  if (!found.nsg && needsWrite(planned, NSG_TYPE, nsgName)) {
    // A new NSG gets all its rules in one PUT: on AzureBastionSubnet it must be compliant the moment it exists.
    ctx.progress(`network security group ${nsgName}: creating`);
    await lroWrite(ctx, `Creating network security group ${nsgName}`, () =>
      network.networkSecurityGroups.beginCreateOrUpdateAndWait(
        nsgRg,
        nsgName,
        { location, tags: ourTags(ctx), securityRules: target.rules.map(toSecurityRule) },
        lroOptions(ctx),
      ),
    );
  } else if (found.nsg) {
    const existing = found.nsg;
    await syncTags(ctx, `network security group ${nsgName}`, existing, (tags) =>
      network.networkSecurityGroups.updateTags(nsgRg, nsgName, { tags }),
    );
    // Rule by rule, so rules we do not own are never part of a request.
    for (const spec of target.rules) {
      if (!needsWrite(planned, RULE_TYPE, `${nsgName}/${spec.name}`)) continue;
      ctx.progress(`network security group ${nsgName}: rule ${spec.name}`);
      await lroWrite(ctx, `Writing rule ${spec.name} of network security group ${nsgName}`, () =>
        network.securityRules.beginCreateOrUpdateAndWait(nsgRg, nsgName, spec.name, toSecurityRule(spec), lroOptions(ctx)),
      );
    }
  }
}

/** Whether the plan attaches this target's NSG to its subnet. */
export function needsAssociation(ctx: Pick<StepContext, 'names'>, found: NsgInspection, planned: readonly Change[]): boolean {
  return needsWrite(planned, SUBNET_TYPE, `${ctx.names.vnet}/${found.target.subnetName}`);
}

/** The planned subnet association of one target. Subnets of one VNet are written one at a time. */
export async function applyNsgAssociation(
  ctx: StepContext,
  network: NetworkManagementClient,
  found: NsgInspection,
  planned: readonly Change[],
): Promise<void> {
  if (needsAssociation(ctx, found, planned)) {
    await associateNsg(ctx, network, found.target.subnetName, found.nsgId);
  }
}

/**
 * A subnet PUT replaces the subnet: leaving out routeTable would DISASSOCIATE the route table and send node
 * egress straight to the Internet. So read the subnet fresh and send back every property it has, changing
 * only networkSecurityGroup.
 */
export async function associateNsg(ctx: StepContext, network: NetworkManagementClient, subnetName: string, nsgId: string): Promise<Subnet> {
  const { resourceGroup } = ctx.config;
  const vnet = ctx.names.vnet;
  ctx.progress(`subnet ${subnetName}: attaching network security group ${nameOf(nsgId)}`);
  return lroWrite(ctx, `Attaching network security group ${nameOf(nsgId)} to subnet ${subnetName}`, async () => {
    const current = await network.subnets.get(resourceGroup, vnet, subnetName);
    const body: Subnet = { ...current, networkSecurityGroup: { id: nsgId } };
    return network.subnets.beginCreateOrUpdateAndWait(resourceGroup, vnet, subnetName, body, lroOptions(ctx));
  });
}
