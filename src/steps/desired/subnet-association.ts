import type { Subnet } from '@azure/arm-network';
import type { Change } from '../../core/step.js';
import type { StepContext } from '../../engine/step.js';
import { azureCall, getOrUndefined } from '../../azure/errors.js';
import { changeFor, diffProperties } from './diff.js';
import { nameOf } from '../../azure/ids.js';
import { lroOptions, lroWrite } from '../../azure/lro.js';

export const SUBNET_TYPE = 'Microsoft.Network/virtualNetworks/subnets';

export type SubnetAttachment = 'routeTable' | 'networkSecurityGroup';

export async function readSubnet(ctx: StepContext, subnetId: string): Promise<Subnet> {
  const net = await ctx.azure.network();
  const name = nameOf(subnetId);
  return azureCall(`Reading subnet ${name}`, () => net.subnets.get(ctx.config.resourceGroup, ctx.names.vnet, name));
}

/** For check() in `plan`, where the subnet may not exist yet. */
export async function readSubnetIfExists(ctx: StepContext, subnetId: string): Promise<Subnet | undefined> {
  const net = await ctx.azure.network();
  const name = nameOf(subnetId);
  return azureCall(`Reading subnet ${name}`, () => getOrUndefined(() => net.subnets.get(ctx.config.resourceGroup, ctx.names.vnet, name)));
}

/**
 * check(): does the subnet carry this route table / NSG? An association is an update of the subnet, also
 * when the network step has yet to create it: a plan shows `~ subnet routeTable.id: (none) -> rt-...`,
 * never a second creation of the subnet. Named `vnet/subnet`, as the NSG step names its associations.
 */
export function attachmentChange(
  vnet: string,
  subnetName: string,
  subnet: Subnet | undefined,
  attachment: SubnetAttachment,
  resourceId: string,
): Change {
  const name = `${vnet}/${subnetName}`;
  const property = `${attachment}.id`;
  if (!subnet) return { action: 'update', resourceType: SUBNET_TYPE, name, diff: [{ property, current: undefined, desired: resourceId }] };
  return changeFor(SUBNET_TYPE, name, subnet, diffProperties(subnet, { [property]: resourceId }));
}

/**
 * Attaches a route table or NSG to a subnet. A subnet PUT replaces the whole subnet, so it is read first
 * and written back with everything else it has (the other attachment, delegations, endpoints) unchanged.
 * Subnets of one VNet must be written one after another (Azure serialises them on the VNet).
 */
export async function attachToSubnet(
  ctx: StepContext,
  subnetId: string,
  attachment: SubnetAttachment,
  resourceId: string,
): Promise<Subnet> {
  const net = await ctx.azure.network();
  const current = await readSubnet(ctx, subnetId);
  const name = current.name ?? nameOf(subnetId);
  if (attachmentChange(ctx.names.vnet, name, current, attachment, resourceId).action === 'none') return current;
  ctx.progress(`subnet ${name}: attaching ${nameOf(resourceId)}`);
  // Read again on a retry: the body must carry what the subnet has then, not what it had.
  let fresh: Subnet | undefined = current;
  return lroWrite(ctx, `Attaching ${nameOf(resourceId)} to subnet ${name}`, async () => {
    const base = fresh ?? (await net.subnets.get(ctx.config.resourceGroup, ctx.names.vnet, name));
    fresh = undefined;
    return net.subnets.beginCreateOrUpdateAndWait(
      ctx.config.resourceGroup,
      ctx.names.vnet,
      name,
      { ...base, [attachment]: { id: resourceId } },
      lroOptions(ctx),
    );
  });
}
