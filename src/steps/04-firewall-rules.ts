import type { FirewallPolicy, FirewallPolicyRuleCollectionGroup } from '@azure/arm-network';
import type { Step, StepContext } from '../engine/step.js';
import { AzureOperationError } from '../core/errors.js';
import { azureCall, getOrUndefined } from '../azure/errors.js';
import { changeFor, diffProperties, needsWrite } from './desired/diff.js';
import { policyBody, POLICY_WANTED } from './desired/egress-desired.js';
import { waitWhileFirewallProvisions } from '../azure/firewall-idle.js';
import { lroOptions, lroWrite } from '../azure/lro.js';
import { desiredRuleGroups, ruleGroupBody, ruleGroupDiff, type DesiredRuleGroup } from './desired/rule-groups.js';
import { tagsDiff, tagsForPut, userTagsOutput } from '../core/tags.js';
import { keptAddons } from './desired/addon-rules-retire.js';

const POLICY_TYPE = 'Microsoft.Network/firewallPolicies';
const RCG_TYPE = 'Microsoft.Network/firewallPolicies/ruleCollectionGroups';

async function readPolicy(ctx: StepContext): Promise<FirewallPolicy | undefined> {
  const net = await ctx.azure.network();
  return azureCall(`Reading firewall policy ${ctx.names.firewallPolicy}`, () =>
    getOrUndefined(() => net.firewallPolicies.get(ctx.config.resourceGroup, ctx.names.firewallPolicy)),
  );
}

async function readGroup(ctx: StepContext, name: string): Promise<FirewallPolicyRuleCollectionGroup | undefined> {
  const net = await ctx.azure.network();
  return azureCall(`Reading rule collection group ${name}`, () =>
    getOrUndefined(() => net.firewallPolicyRuleCollectionGroups.get(ctx.config.resourceGroup, ctx.names.firewallPolicy, name)),
  );
}

/**
 * The groups as this run wants them. An add-on turned off keeps its collection while the cluster still runs
 * it (its agents need their endpoints until step 5 turns it off; step 5 then removes the collection).
 */
async function wantedGroups(ctx: StepContext): Promise<DesiredRuleGroup[]> {
  return desiredRuleGroups(ctx, ctx.azure.target.cloud, await keptAddons(ctx));
}

async function readGroups(ctx: StepContext, wanted: DesiredRuleGroup[]) {
  return Promise.all(wanted.map(async (want) => ({ want, current: await readGroup(ctx, want.name) })));
}

export const step: Step = {
  number: 4,
  id: 'firewall-rules',
  title: 'Firewall rules: only what AKS and the jumphost need',
  // The policy and its groups need only the resource group. They are written before the firewall exists:
  // step 3 waits for this step before its firewall PUT. A group write to a policy without a firewall is
  // cheap; with a firewall it is a firewall update of minutes, and Azure refuses it while the firewall
  // provisions. So the firewall is created with its rules and the cluster can start right after it.
  dependsOn: ['identity'],
  needs: { identity: ['resourceGroupId'] },

  async check(ctx) {
    const policy = await readPolicy(ctx);
    const groups = policy
      ? await readGroups(ctx, await wantedGroups(ctx))
      : desiredRuleGroups(ctx, ctx.azure.target.cloud).map((want) => ({ want, current: undefined }));
    return [
      changeFor(
        POLICY_TYPE,
        ctx.names.firewallPolicy,
        policy,
        policy ? [...diffProperties(policy, POLICY_WANTED), ...tagsDiff(ctx, policy)] : [],
      ),
      ...groups.map(({ want, current }) =>
        changeFor(RCG_TYPE, `${ctx.names.firewallPolicy}/${want.name}`, current, current ? ruleGroupDiff(current, want) : []),
      ),
    ];
  },

  async apply(ctx, changes) {
    const net = await ctx.azure.network();
    const rg = ctx.config.resourceGroup;
    const name = ctx.names.firewallPolicy;
    let policy = await readPolicy(ctx);
    const groups = await readGroups(ctx, await wantedGroups(ctx));
    const pending = groups.filter(({ want, current }) => !current || ruleGroupDiff(current, want).length > 0);
    // A re-run whose firewall is being updated by someone else: wait instead of being refused.
    if (policy && (needsWrite(changes, POLICY_TYPE, name) || pending.length > 0)) await waitWhileFirewallProvisions(ctx);
    if (!policy || needsWrite(changes, POLICY_TYPE, name)) {
      ctx.progress(`firewall policy ${name}: ${policy ? 'updating' : 'creating'}`);
      const body = policyBody(ctx.config.location, tagsForPut(ctx, policy), policy);
      policy = await lroWrite(ctx, `Writing firewall policy ${name}`, () =>
        net.firewallPolicies.beginCreateOrUpdateAndWait(rg, name, body, lroOptions(ctx)),
      );
    }
    // Groups of one policy are written one at a time: Azure updates the policy (and every firewall using
    // it) per group and refuses a concurrent write. Other groups on the policy are never touched.
    const ids: string[] = [];
    for (const { want, current } of groups) {
      if (!pending.some((p) => p.want.name === want.name)) {
        ids.push(current?.id ?? '');
        continue;
      }
      ctx.progress(`rule collection group ${want.name}: ${current ? 'updating' : 'creating'}`);
      const written = await lroWrite(ctx, `Writing rule collection group ${want.name}`, () =>
        net.firewallPolicyRuleCollectionGroups.beginCreateOrUpdateAndWait(
          rg,
          name,
          want.name,
          ruleGroupBody(want, current),
          lroOptions(ctx),
        ),
      );
      ids.push(written.id ?? '');
    }
    return { firewallPolicyId: policy.id, ruleCollectionGroupIds: ids, ...userTagsOutput(ctx) };
  },

  async verify(ctx) {
    const pending = (await readGroups(ctx, await wantedGroups(ctx))).filter(
      ({ want, current }) => !current || ruleGroupDiff(current, want).length > 0,
    );
    if (pending.length) {
      throw new AzureOperationError(
        'FirewallRulesIncomplete',
        // A missing rule, or the collection of an add-on turned off still in place.
        `Firewall policy ${ctx.names.firewallPolicy} does not hold the rules it should in ${pending.map((p) => p.want.name).join(', ')}.`,
        undefined,
        'Run `secure-aks init` again to restore them.',
      );
    }
  },
};
