import { userTagsOutput } from '../core/tags.js';
import { SecureAksError } from '../core/errors.js';
import type { Change, StepOutputs } from '../core/step.js';
import type { Step, StepContext } from '../engine/step.js';
import { bastionNsgRules, jumphostNsgRules, nodeNsgRules } from './desired/nsg-rules.js';
import { egressBlockingRule, sshExposingRule } from './desired/nsg-audit.js';
import {
  applyNsgAssociation,
  applyNsgRules,
  inspectNsgTarget,
  needsAssociation,
  type NsgInspection,
  type NsgTarget,
} from './desired/nsg-plan.js';
import { waitWhileFirewallProvisions } from '../azure/firewall-idle.js';

type TargetKey = 'node' | 'jumphost' | 'bastion';
const OUTPUT_KEY: Record<TargetKey, string> = { node: 'nodeNsgId', jumphost: 'jumphostNsgId', bastion: 'bastionNsgId' };

/** The subnets that get an NSG with this configuration (no Bastion or no jumphost: no NSG for its subnet). */
function targets(ctx: StepContext): Array<[TargetKey, NsgTarget]> {
  const { config, names } = ctx;
  const list: Array<[TargetKey, NsgTarget]> = [
    ['node', { subnetName: names.nodeSubnet, nsgName: names.nodeNsg, rules: nodeNsgRules(config) }],
  ];
  if (config.jumphost) {
    list.push(['jumphost', { subnetName: names.jumphostSubnet, nsgName: names.jumphostNsg, rules: jumphostNsgRules(config) }]);
  }
  if (config.bastion) {
    list.push(['bastion', { subnetName: names.bastionSubnet, nsgName: names.bastionNsg, rules: bastionNsgRules() }]);
  }
  return list;
}

async function inspectAll(ctx: StepContext): Promise<Array<[TargetKey, NsgInspection]>> {
  const network = await ctx.azure.network();
  return Promise.all(
    targets(ctx).map(async ([key, target]): Promise<[TargetKey, NsgInspection]> => [key, await inspectNsgTarget(ctx, network, target)]),
  );
}

export const step: Step = {
  number: 7,
  id: 'nsg',
  title: 'Network security groups',
  // network: the subnets must exist. Step 3 waits for this step before it writes the same subnets (route
  // table association: both are read-modify-write PUTs of one subnet) and before its firewall PUT: Azure
  // refuses subnet writes in a VNet whose firewall is provisioning. So NSGs are associated first.
  dependsOn: ['network'],

  async check(ctx) {
    return (await inspectAll(ctx)).flatMap(([, found]) => found.changes);
  },

  async apply(ctx, changes: Change[]) {
    const network = await ctx.azure.network();
    const found = await inspectAll(ctx);
    // NSGs are separate resources: write them in parallel. Each must be complete before its subnet points
    // at it (Azure checks the Bastion subnet's NSG on association); subnet PUTs go one after another.
    await Promise.all(found.map(([, f]) => applyNsgRules(ctx, network, f, changes)));
    // A resumed run may find the firewall still provisioning: associations wait instead of being refused.
    if (found.some(([, f]) => needsAssociation(ctx, f, changes))) await waitWhileFirewallProvisions(ctx);
    for (const [, f] of found) await applyNsgAssociation(ctx, network, f, changes);
    return { ...(Object.fromEntries(found.map(([key, f]) => [OUTPUT_KEY[key], f.nsgId])) as StepOutputs), ...userTagsOutput(ctx) };
  },

  async verify(ctx) {
    for (const [key, found] of await inspectAll(ctx)) {
      const pending = found.changes.filter((c) => c.action !== 'none');
      if (pending.length > 0) {
        const what = pending.map((c) => `${c.name} (${c.action === 'create' ? 'missing' : c.diff?.map((d) => d.property).join(', ')})`);
        throw new SecureAksError('NsgNotCompliant', `Subnet ${found.target.subnetName} is not protected as planned: ${what.join('; ')}.`, {
          source: 'azure',
          remediation: 'Run secure-aks status --resume to re-apply the NSG step.',
        });
      }
      const exposing =
        key === 'jumphost'
          ? sshExposingRule(found.nsg, jumphostNsgRules(ctx.config).find((r) => r.access === 'Deny')!.priority)
          : undefined;
      if (exposing) {
        throw new SecureAksError(
          'JumphostSshExposed',
          `Rule ${exposing} in network security group ${found.nsg?.name} allows SSH to the jumphost subnet from anywhere; only the Bastion subnet may reach it.`,
          { source: 'user', remediation: `Remove rule ${exposing} or restrict its source to ${ctx.config.bastionSubnetCidr}.` },
        );
      }
      const blocking = key === 'node' ? egressBlockingRule(found.nsg) : undefined;
      if (blocking) {
        throw new SecureAksError(
          'NodeNsgBlocksEgress',
          `Rule ${blocking} in network security group ${found.nsg?.name} denies outbound Internet traffic from the node subnet; NSG rules match the original destination, so it also blocks the egress the route table sends through the firewall.`,
          { source: 'user', remediation: `Remove rule ${blocking}; Azure Firewall already restricts egress.` },
        );
      }
    }
  },
};
