/**
 * Turning an add-on off without a window in which its agents still run but the firewall refuses their
 * endpoints: step 4 keeps the add-on's rule collection while the cluster still runs the add-on, and step 5,
 * once its cluster update has turned the add-on off, removes the collection. So one `init` ends with the
 * add-on off and its rules gone, and `plan` shows the removal under step 5, beside the cluster change.
 */
import type { ManagedCluster } from '@azure/arm-containerservice';
import type { FirewallPolicyRuleCollectionGroup } from '@azure/arm-network';
import type { Change, PropertyDiff } from '../../core/step.js';
import type { StepContext } from '../../engine/step.js';
import { ADDON_KEYS, type AddonKey } from '../../config/addons.js';
import { azureCall, getOrUndefined } from '../../azure/errors.js';
import { sameId } from '../../azure/ids.js';
import { lroOptions, lroWrite } from '../../azure/lro.js';
import { waitWhileFirewallProvisions } from '../../azure/firewall-idle.js';
import { addonCollectionName, addonsStillRunning } from './addon-rules.js';
import { desiredRuleGroups, ruleGroupBody, ruleGroupDiff, type DesiredRuleGroup } from './rule-groups.js';

export const RCG_TYPE = 'Microsoft.Network/firewallPolicies/ruleCollectionGroups';

async function readAksGroup(ctx: StepContext): Promise<FirewallPolicyRuleCollectionGroup | undefined> {
  const net = await ctx.azure.network();
  const name = ctx.names.aksRuleCollectionGroup;
  return azureCall(`Reading rule collection group ${name}`, () =>
    getOrUndefined(() => net.firewallPolicyRuleCollectionGroups.get(ctx.config.resourceGroup, ctx.names.firewallPolicy, name)),
  );
}

async function readCluster(ctx: StepContext): Promise<ManagedCluster | undefined> {
  const aks = await ctx.azure.containerService();
  return azureCall(`Reading cluster ${ctx.names.cluster}`, () =>
    getOrUndefined(() => aks.managedClusters.get(ctx.config.resourceGroup, ctx.names.cluster)),
  );
}

/** The AKS group as step 4 wants it, keeping the collections of `kept`. */
function aksGroup(ctx: StepContext, kept: readonly AddonKey[]): DesiredRuleGroup {
  const groups = desiredRuleGroups(ctx, ctx.azure.target.cloud, kept);
  return groups.find((g) => sameId(g.name, ctx.names.aksRuleCollectionGroup)) ?? groups[0]!;
}

/**
 * Step 4: the add-ons turned off whose collection the AKS group holds while the cluster still runs them.
 * The cluster is read only when such a collection is there, so a deployment without add-ons reads nothing more.
 */
export async function keptAddons(ctx: StepContext): Promise<AddonKey[]> {
  const group = await readAksGroup(ctx);
  const held = ADDON_KEYS.filter(
    (k) => ctx.config[k] !== true && (group?.ruleCollections ?? []).some((c) => sameId(c.name, addonCollectionName(k))),
  );
  if (held.length === 0) return [];
  return addonsStillRunning(ctx.config, await readCluster(ctx)).filter((k) => held.includes(k));
}

/** The removals of the collections of add-ons `cluster` no longer needs, as ruleGroupDiff says them. */
function removals(ctx: StepContext, group: FirewallPolicyRuleCollectionGroup, running: readonly AddonKey[]): PropertyDiff[] {
  return ruleGroupDiff(group, aksGroup(ctx, running)).filter((d) => d.desired === undefined);
}

/**
 * Step 5's check: the collections of add-ons it turns off (the cluster runs them now), removed after its
 * cluster update. Nothing when no add-on goes off.
 */
export async function retiredAddonRulesChange(ctx: StepContext, cluster: ManagedCluster | undefined): Promise<Change | undefined> {
  const going = addonsStillRunning(ctx.config, cluster);
  if (going.length === 0) return undefined;
  const group = await readAksGroup(ctx);
  if (!group) return undefined;
  const names = going.map(addonCollectionName);
  const diff = removals(ctx, group, []).filter((d) => names.some((n) => sameId(d.property, `ruleCollections.${n}`)));
  if (diff.length === 0) return undefined;
  return {
    action: 'update',
    resourceType: RCG_TYPE,
    name: `${ctx.names.firewallPolicy}/${ctx.names.aksRuleCollectionGroup}`,
    id: group.id,
    diff,
    note: 'once the cluster no longer runs the add-on',
  };
}

/** Step 5's apply, after the cluster update: removes the collections of add-ons the cluster no longer runs. */
export async function removeRetiredAddonRules(ctx: StepContext, cluster: ManagedCluster): Promise<void> {
  const group = await readAksGroup(ctx);
  const running = addonsStillRunning(ctx.config, cluster);
  if (!group || removals(ctx, group, running).length === 0) return;
  const name = ctx.names.aksRuleCollectionGroup;
  // With a firewall on the policy a group write is a firewall update, refused while it provisions.
  await waitWhileFirewallProvisions(ctx);
  ctx.progress(`rule collection group ${name}: removing the rules of add-ons turned off`);
  const net = await ctx.azure.network();
  await lroWrite(ctx, `Writing rule collection group ${name}`, () =>
    net.firewallPolicyRuleCollectionGroups.beginCreateOrUpdateAndWait(
      ctx.config.resourceGroup,
      ctx.names.firewallPolicy,
      name,
      ruleGroupBody(aksGroup(ctx, running), group),
      lroOptions(ctx),
    ),
  );
}

/** Step 5's verify: no collection is left of an add-on that is off and no longer runs. */
export async function retiredAddonRuleProblems(ctx: StepContext, cluster: ManagedCluster): Promise<string[]> {
  const group = await readAksGroup(ctx);
  if (!group) return [];
  return removals(ctx, group, addonsStillRunning(ctx.config, cluster)).map(
    (d) =>
      `rule collection group ${ctx.names.aksRuleCollectionGroup} still holds ${d.property.replace(/^ruleCollections\./, '')} of an add-on turned off`,
  );
}
