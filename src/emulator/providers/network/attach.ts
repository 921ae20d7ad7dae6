/**
 * The checks a firewall or Bastion makes on the subnet and public IP of its ip configuration: they exist,
 * the subnet is the dedicated one and in the same region, the public IP is Standard and not used elsewhere.
 */
import { ArmError, type ArmResource, type EmulatorContext } from '../../core/contract.js';
import { badRequest, invalidReference } from './errors.js';
import { parentIdOf, refId, sameId } from './ids.js';
import { publicIpConfiguration } from './refs.js';
import { skuName } from './public-ip.js';

export interface Attachment {
  subnet: ArmResource;
  vnet: ArmResource;
}

export function checkDedicatedSubnet(
  ctx: EmulatorContext,
  resourceId: string,
  location: string,
  subnetRef: unknown,
  required: 'AzureFirewallSubnet' | 'AzureBastionSubnet',
  what: string,
): Attachment {
  const subnetId = refId(subnetRef);
  if (!subnetId) {
    throw badRequest(
      'InvalidRequestFormat',
      `${what} ${resourceId} needs ipConfigurations[0].properties.subnet.id: the ${required} of its virtual network.`,
    );
  }
  const subnet = ctx.store.get(subnetId);
  if (!subnet) throw invalidReference(subnetId, resourceId);
  if (subnet.name !== required) {
    // Azure's code and wording, e.g. SubnetNameMustBeAzureBastionSubnet as quoted in
    // https://github.com/hashicorp/terraform-provider-azurerm/pull/15365; the firewall's is its twin.
    const service = required === 'AzureFirewallSubnet' ? 'Azure Firewall' : 'Azure Bastion';
    throw new ArmError(
      400,
      `SubnetNameMustBe${required}`,
      `Subnet name ${subnetId} is invalid for ${service}. ${service} can only be created in subnet with name '${required}'.`,
      { details: [] },
    );
  }
  const vnet = ctx.store.get(parentIdOf(subnet.id))!;
  if (vnet.location !== location) {
    throw badRequest(
      'ResourceAndVirtualNetworkNotInSameRegion',
      `${what} ${resourceId} is in ${location} but virtual network ${vnet.name} is in ${vnet.location}. Create it in ${vnet.location}.`,
    );
  }
  return { subnet, vnet };
}

export function checkPublicIp(ctx: EmulatorContext, resourceId: string, pipRef: unknown, ipConfigId: string, what: string): ArmResource {
  const pipId = refId(pipRef);
  if (!pipId)
    throw badRequest(
      'InvalidRequestFormat',
      `${what} ${resourceId} needs a Standard SKU public IP in ipConfigurations[].properties.publicIPAddress.id.`,
    );
  const pip = ctx.store.get(pipId);
  if (!pip) throw invalidReference(pipId, resourceId);
  if (skuName(pip) !== 'Standard') {
    throw badRequest(
      what === 'Bastion host' ? 'BastionHostPublicIpAddressSkuMustBeStandard' : 'AzureFirewallPublicIpAddressSkuMustBeStandard',
      `Public IP ${pipId} has SKU ${skuName(pip)}; ${what} ${resourceId} requires a Standard SKU public IP with Static allocation. Create a Standard public IP.`,
    );
  }
  const holder = publicIpConfiguration(ctx.store, pipId);
  if (holder && !sameId(holder.id, ipConfigId)) {
    throw badRequest(
      'PublicIPAddressInUse',
      `Public IP ${pipId} is already used by ${holder.id}; ${what} ${resourceId} needs its own public IP.`,
    );
  }
  return pip;
}
