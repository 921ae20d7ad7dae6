import type { FirewallPolicyRuleCollectionGroup } from '@azure/arm-network';
import type { Step, StepContext } from '../engine/step.js';
import { AzureOperationError } from '../engine/errors.js';
import { azureCall, getOrUndefined } from './lib/azure-errors.js';
import { changeFor } from './lib/diff.js';
import { lroOptions } from './lib/lro.js';
import { desiredRuleGroups, ruleGroupBody, ruleGroupDiff, type DesiredRuleGroup } from './lib/rule-groups.js';

const RCG_TYPE = 'Microsoft.Network/firewallPolicies/ruleCollectionGroups';

async function readGroup(ctx: StepContext, name: string): Promise<FirewallPolicyRuleCollectionGroup | undefined> {
  const net = await ctx.azure.network();
  return azureCall(`Reading rule collection group ${name}`, () =>
    getOrUndefined(() => net.firewallPolicyRuleCollectionGroups.get(ctx.config.resourceGroup, ctx.names.firewallPolicy, name)),
  );
}

async function readGroups(ctx: StepContext, wanted: DesiredRuleGroup[]) {
  return Promise.all(wanted.map(async (want) => ({ want, current: await readGroup(ctx, want.name) })));
}

export const step: Step = {
  number: 4,
  id: 'firewall-rules',
  title: 'Firewall rules: only what AKS and the jumphost need',
  dependsOn: ['egress-route'],
  // Rules go on the policy while the firewall is still being created (step 3 publishes the policy id once
  // the firewall create is accepted: a firewall PUT is refused while a rule group write runs), so the
  // firewall ends with its rules and the cluster can start right after it.
  needs: { 'egress-route': ['firewallPolicyId'] },

  async check(ctx) {
    const groups = await readGroups(ctx, desiredRuleGroups(ctx));
    return groups.map(({ want, current }) => changeFor(RCG_TYPE, `${ctx.names.firewallPolicy}/${want.name}`, current, current ? ruleGroupDiff(current, want) : []));
  },

  async apply(ctx) {
    const net = await ctx.azure.network();
    const ids: string[] = [];
    // Groups of one policy are written one at a time: Azure updates the policy (and every firewall using
    // it) per group and refuses a concurrent write. Other groups on the policy are never touched.
    for (const { want, current } of await readGroups(ctx, desiredRuleGroups(ctx))) {
      if (current && ruleGroupDiff(current, want).length === 0) {
        ids.push(current.id ?? '');
        continue;
      }
      ctx.progress(`rule collection group ${want.name}: ${current ? 'updating' : 'creating'}`);
      const written = await azureCall(`Writing rule collection group ${want.name}`, () =>
        net.firewallPolicyRuleCollectionGroups.beginCreateOrUpdateAndWait(
          ctx.config.resourceGroup,
          ctx.names.firewallPolicy,
          want.name,
          ruleGroupBody(want, current),
          lroOptions(ctx),
        ),
      );
      ids.push(written.id ?? '');
    }
    return { ruleCollectionGroupIds: ids };
  },

  async verify(ctx) {
    const pending = (await readGroups(ctx, desiredRuleGroups(ctx))).filter(({ want, current }) => !current || ruleGroupDiff(current, want).length > 0);
    if (pending.length) {
      throw new AzureOperationError(
        'FirewallRulesIncomplete',
        `Firewall policy ${ctx.names.firewallPolicy} lacks the rules of ${pending.map((p) => p.want.name).join(', ')}.`,
        undefined,
        'Run `secure-aks init` again to restore them.',
      );
    }
  },
};
