import type { BastionHost, PublicIPAddress } from '@azure/arm-network';
import { SecureAksError } from '../core/errors.js';
import type { Change, StepOutputs } from '../core/step.js';
import type { Step, StepContext } from '../engine/step.js';
import { azureCall, getOrUndefined } from '../azure/errors.js';
import { changeFor, diffProperties, needsWrite } from './desired/diff.js';
import { armId, subnetId } from '../azure/ids.js';
import { journaledLro, lroOptions, lroWrite } from '../azure/lro.js';
import { tagsDiff, tagsForPut, userTagsOutput } from '../core/tags.js';
import { applyJumphost, assertJumphost, inspectJumphost } from './desired/vm-jumphost-plan.js';

const PIP_TYPE = 'Microsoft.Network/publicIPAddresses';
const BASTION_TYPE = 'Microsoft.Network/bastionHosts';

/** What Bastion needs: Standard SKU (Basic has no native-client tunnelling, so no `az network bastion ssh`). */
const BASTION_DESIRED = { 'sku.name': 'Standard', enableTunneling: true, provisioningState: 'Succeeded' };
/** Azure refuses a Bastion whose public IP is not Standard/Static. */
const PIP_DESIRED = { 'sku.name': 'Standard', publicIPAllocationMethod: 'Static' };

interface BastionView {
  pip?: PublicIPAddress;
  bastion?: BastionHost;
  changes: Change[];
}

async function inspectBastion(ctx: StepContext): Promise<BastionView> {
  const { resourceGroup } = ctx.config;
  const { bastion: name, bastionPublicIp } = ctx.names;
  const network = await ctx.azure.network();
  const pip = await azureCall(`Reading public IP ${bastionPublicIp}`, () =>
    getOrUndefined(() => network.publicIPAddresses.get(resourceGroup, bastionPublicIp)),
  );
  const bastion = await azureCall(`Reading Bastion ${name}`, () => getOrUndefined(() => network.bastionHosts.get(resourceGroup, name)));
  return {
    pip,
    bastion,
    changes: [
      changeFor(PIP_TYPE, bastionPublicIp, pip, pip ? [...diffProperties(pip, PIP_DESIRED), ...tagsDiff(ctx, pip)] : []),
      changeFor(BASTION_TYPE, name, bastion, bastion ? [...diffProperties(bastion, BASTION_DESIRED), ...tagsDiff(ctx, bastion)] : []),
    ],
  };
}

async function applyBastion(ctx: StepContext, planned: readonly Change[]): Promise<StepOutputs> {
  const { resourceGroup, location } = ctx.config;
  const { bastion: name, bastionPublicIp } = ctx.names;
  const network = await ctx.azure.network();
  let pip = await getOrUndefined(() => network.publicIPAddresses.get(resourceGroup, bastionPublicIp));
  if (needsWrite(planned, PIP_TYPE, bastionPublicIp)) {
    ctx.progress(`public IP ${bastionPublicIp}: ${pip ? 'updating' : 'creating'}`);
    const body: PublicIPAddress = {
      ...(pip ?? { location }),
      tags: tagsForPut(ctx, pip),
      sku: { name: 'Standard', tier: 'Regional' },
      publicIPAllocationMethod: 'Static',
    };
    pip = await lroWrite(ctx, `Writing public IP ${bastionPublicIp}`, () =>
      network.publicIPAddresses.beginCreateOrUpdateAndWait(resourceGroup, bastionPublicIp, body, lroOptions(ctx)),
    );
  }

  let bastion = await getOrUndefined(() => network.bastionHosts.get(resourceGroup, name));
  if (needsWrite(planned, BASTION_TYPE, name)) {
    // Existing host: keep its scale units and IP configuration (and its tags unless this deployment made it).
    const body: BastionHost = {
      ...(bastion ?? {
        location,
        ipConfigurations: [
          {
            name: 'bastionHostIpConfiguration',
            subnet: { id: subnetId(ctx, ctx.names.bastionSubnet) },
            publicIPAddress: { id: pip?.id ?? armId(ctx, PIP_TYPE, bastionPublicIp) },
          },
        ],
      }),
      tags: tagsForPut(ctx, bastion),
      sku: { name: 'Standard' },
      enableTunneling: true,
    };
    const id = armId(ctx, BASTION_TYPE, name);
    bastion = await journaledLro(ctx, {
      resourceId: id,
      operation: bastion ? 'update' : 'create',
      label: `Bastion ${name}`,
      begin: (options) => network.bastionHosts.beginCreateOrUpdate(resourceGroup, name, body, options),
    });
  }
  return { bastionId: bastion?.id, bastionPublicIpId: pip?.id };
}

export const step: Step = {
  number: 8,
  id: 'bastion',
  title: 'Bastion and jumphost',
  // network: the Bastion and jumphost subnets. nsg: Azure checks the Bastion subnet's NSG when the Bastion
  // is created, so it must be compliant first. egress-route + firewall-rules: the jumphost's first boot
  // downloads its tools through the firewall; without the route and rules cloud-init would fail quietly.
  // So the step starts without them (the Bastion needs neither) and only the jumphost waits for them.
  dependsOn: ['network', 'egress-route', 'firewall-rules', 'nsg'],
  needs: { 'egress-route': [], 'firewall-rules': [] },

  skipReason(config) {
    return !config.bastion && !config.jumphost ? 'Bastion and jumphost are disabled (--no-bastion --no-jumphost)' : undefined;
  },

  async check(ctx) {
    const changes: Change[] = [];
    if (ctx.config.bastion) changes.push(...(await inspectBastion(ctx)).changes);
    if (ctx.config.jumphost) changes.push(...(await inspectJumphost(ctx)).changes);
    return changes;
  },

  async apply(ctx, changes) {
    const outputs: StepOutputs = {};
    // Independent resources: the Bastion and the jumphost are built side by side. Both are awaited even when
    // one fails, so no operation is left running unobserved when the step ends.
    const settled = await Promise.allSettled([
      ctx.config.bastion && applyBastion(ctx, changes).then((o) => Object.assign(outputs, o)),
      ctx.config.jumphost &&
        (async () => {
          await ctx.waitFor('egress-route');
          await ctx.waitFor('firewall-rules');
          Object.assign(outputs, await applyJumphost(ctx, changes));
        })(),
    ]);
    const failure = settled.find((r) => r.status === 'rejected');
    if (failure) throw failure.reason;
    return { ...outputs, ...userTagsOutput(ctx) };
  },

  async verify(ctx) {
    if (ctx.config.bastion) {
      const view = await inspectBastion(ctx);
      const pending = view.changes.filter((c) => c.action !== 'none');
      if (pending.length > 0) {
        throw new SecureAksError(
          'BastionNotReady',
          `Bastion is not as planned: ${pending.map((c) => `${c.name} ${c.action === 'create' ? 'missing' : `differs in ${c.diff?.map((d) => d.property).join(', ')}`}`).join('; ')}.`,
          { source: 'azure', remediation: 'Run `secure-aks status --resume` to finish the Bastion step.' },
        );
      }
    }
    if (ctx.config.jumphost) await assertJumphost(ctx, await inspectJumphost(ctx));
  },
};
