import type { Subnet, VirtualNetwork } from '@azure/arm-network';
import type { Change, StepOutputs } from '../core/step.js';
import type { Step, StepContext } from '../engine/step.js';
import { AzureOperationError } from '../core/errors.js';
import { azureCall, getOrUndefined } from '../azure/errors.js';
import { changeFor } from './desired/diff.js';
import { sameId } from '../azure/ids.js';
import { desiredSubnets, mergedAddressPrefixes, subnetPrefixOf, type DesiredSubnet } from './desired/desired-network.js';
import { lroOptions, lroWrite } from '../azure/lro.js';
import { tagsDiff, tagsForPut, userTagsOutput } from '../core/tags.js';
import { syncTags } from './desired/tag-updates.js';

const VNET_TYPE = 'Microsoft.Network/virtualNetworks';
const SUBNET_TYPE = 'Microsoft.Network/virtualNetworks/subnets';

async function readVnet(ctx: StepContext): Promise<VirtualNetwork | undefined> {
  const net = await ctx.azure.network();
  return azureCall(`Reading virtual network ${ctx.names.vnet}`, () =>
    getOrUndefined(() => net.virtualNetworks.get(ctx.config.resourceGroup, ctx.names.vnet)),
  );
}

const findSubnet = (vnet: VirtualNetwork | undefined, name: string): Subnet | undefined => vnet?.subnets?.find((s) => sameId(s.name, name));

function vnetChange(ctx: StepContext, vnet: VirtualNetwork | undefined): Change {
  const have = vnet?.addressSpace?.addressPrefixes ?? [];
  const want = mergedAddressPrefixes(have, ctx.config.vnetCidr);
  const diff = vnet && want.length !== have.length ? [{ property: 'addressSpace.addressPrefixes', current: have, desired: want }] : [];
  return changeFor(VNET_TYPE, ctx.names.vnet, vnet, [...diff, ...tagsDiff(ctx, vnet)]);
}

function subnetChange(vnet: VirtualNetwork | undefined, want: DesiredSubnet): Change {
  const subnet = findSubnet(vnet, want.name);
  const have = subnetPrefixOf(subnet);
  const diff = subnet && have !== want.addressPrefix ? [{ property: 'addressPrefix', current: have, desired: want.addressPrefix }] : [];
  return changeFor(SUBNET_TYPE, want.name, subnet, diff);
}

export const step: Step = {
  number: 2,
  id: 'network',
  title: 'Virtual network and subnets',
  dependsOn: ['identity'],
  // Only the resource group: the VNet does not wait for the cluster identity.
  needs: { identity: ['resourceGroupId'] },

  async check(ctx) {
    const vnet = await readVnet(ctx);
    return [vnetChange(ctx, vnet), ...desiredSubnets(ctx).map((s) => subnetChange(vnet, s))];
  },

  async apply(ctx) {
    const net = await ctx.azure.network();
    const rg = ctx.config.resourceGroup;
    const wanted = desiredSubnets(ctx);
    let vnet = await readVnet(ctx);

    if (!vnet) {
      // One PUT creates the VNet with all its subnets: no per-subnet round trips on a fresh deployment.
      ctx.progress(`virtual network ${ctx.names.vnet}: creating`);
      vnet = await lroWrite(ctx, `Creating virtual network ${ctx.names.vnet}`, () =>
        net.virtualNetworks.beginCreateOrUpdateAndWait(
          rg,
          ctx.names.vnet,
          {
            location: ctx.config.location,
            tags: tagsForPut(ctx, undefined),
            addressSpace: { addressPrefixes: [ctx.config.vnetCidr] },
            subnets: wanted.map((s) => ({ name: s.name, addressPrefix: s.addressPrefix })),
          },
          lroOptions(ctx),
        ),
      );
      return { ...outputsOf(vnet, wanted), ...userTagsOutput(ctx) };
    }

    const vnetUpdate = vnetChange(ctx, vnet);
    const tagsOnly = vnetUpdate.diff?.every((d) => d.property.startsWith('tags.')) ?? false;
    if (vnetUpdate.action === 'update' && tagsOnly) {
      // Tags alone: a PATCH, which cannot touch the address space or the subnets.
      const tags = tagsForPut(ctx, vnet);
      await syncTags(ctx, `virtual network ${ctx.names.vnet}`, vnet, () => net.virtualNetworks.updateTags(rg, ctx.names.vnet, { tags }));
      vnet = { ...vnet, tags };
    } else if (vnetUpdate.action === 'update') {
      ctx.progress(`virtual network ${ctx.names.vnet}: updating ${vnetUpdate.diff?.map((d) => d.property).join(', ')}`);
      // Omitting `subnets` keeps every existing subnet (and what is attached to it); tags change only on a VNet
      // this deployment created (tagsForPut).
      const { subnets: _keep, ...rest } = vnet;
      void _keep;
      vnet = await lroWrite(ctx, `Updating virtual network ${ctx.names.vnet}`, () =>
        net.virtualNetworks.beginCreateOrUpdateAndWait(
          rg,
          ctx.names.vnet,
          {
            ...rest,
            tags: tagsForPut(ctx, vnet),
            addressSpace: {
              ...vnet!.addressSpace,
              addressPrefixes: mergedAddressPrefixes(vnet!.addressSpace?.addressPrefixes, ctx.config.vnetCidr),
            },
          },
          lroOptions(ctx),
        ),
      );
    }

    // Subnets of one VNet are written one at a time: Azure serialises them on the VNet.
    for (const want of wanted) {
      if (subnetChange(vnet, want).action === 'none') continue;
      const existing = findSubnet(vnet, want.name);
      ctx.progress(`subnet ${want.name}: ${existing ? 'updating' : 'creating'}`);
      // A subnet PUT replaces it: carry over its route table, NSG, delegations and endpoints.
      const body: Subnet = existing
        ? { ...existing, addressPrefix: want.addressPrefix, addressPrefixes: undefined }
        : { addressPrefix: want.addressPrefix };
      await lroWrite(ctx, `${existing ? 'Updating' : 'Creating'} subnet ${want.name}`, () =>
        net.subnets.beginCreateOrUpdateAndWait(rg, ctx.names.vnet, want.name, body, lroOptions(ctx)),
      );
    }
    return { ...outputsOf((await readVnet(ctx)) ?? vnet, wanted), ...userTagsOutput(ctx) };
  },

  async verify(ctx) {
    const vnet = await readVnet(ctx);
    for (const want of desiredSubnets(ctx)) {
      const have = subnetPrefixOf(findSubnet(vnet, want.name));
      if (have !== want.addressPrefix) {
        throw new AzureOperationError(
          'SubnetMismatch',
          `Subnet ${want.name} of ${ctx.names.vnet} is ${have ?? 'missing'}; expected ${want.addressPrefix}.`,
          undefined,
          'Run `secure-aks init` again to restore it.',
        );
      }
    }
  },
};

function outputsOf(vnet: VirtualNetwork, wanted: DesiredSubnet[]): StepOutputs {
  const out: StepOutputs = { vnetId: vnet.id };
  for (const w of wanted) out[w.output] = findSubnet(vnet, w.name)?.id;
  return out;
}
