/**
 * Public IP addresses. The address is server-assigned from a fake public range (stable per resource id,
 * unique in the emulator) and kept across updates. Standard SKU addresses must be Static.
 */
import type { ArmResource, EmulatorContext, Route, RouteHandler } from '../../core/contract.js';
import { writableProperties } from './common.js';
import { commonRoutes, deleteRoute, envelope, idFor, NO_CONTENT, putRoute, readPut, type Kind } from './crud.js';
import { allocatePublicIp } from './addresses.js';
import { badRequest } from './errors.js';
import { T } from './ids.js';
import { startDelete, startPut } from './lro.js';
import { publicIpConfiguration, referencedBy } from './refs.js';

export function renderPublicIp(ctx: EmulatorContext, pip: ArmResource): ArmResource {
  const ipConfiguration = publicIpConfiguration(ctx.store, pip.id);
  return { ...pip, properties: { ...pip.properties, ...(ipConfiguration ? { ipConfiguration } : {}) } };
}

export const publicIpKind: Kind = {
  type: T.publicIp,
  segment: 'publicIPAddresses',
  param: 'publicIpAddressName',
  label: 'public IP address',
  render: renderPublicIp,
};

export function skuName(pip: ArmResource | undefined): string {
  return String(pip?.sku?.name ?? 'Standard');
}

const put: RouteHandler = (req, ctx) => {
  const request = readPut(publicIpKind, req, ctx);
  const { body, id, existing } = request;
  const sku = { name: body.sku?.name ?? 'Standard', tier: body.sku?.tier ?? 'Regional' };
  const props = writableProperties(body, ['ipAddress', 'ipConfiguration']);
  const method = props.publicIPAllocationMethod ?? (sku.name === 'Standard' ? 'Static' : 'Dynamic');
  if (sku.name === 'Standard' && method !== 'Static') {
    throw badRequest(
      'StandardSkuPublicIPAddressesMustBeStatic',
      `Standard sku publicIp ${id} must have AllocationMethod set to Static. Set publicIPAllocationMethod to Static.`,
    );
  }
  const base = envelope(publicIpKind, req, ctx, request);
  const label = props.dnsSettings?.domainNameLabel;
  // Azure derives the FQDN from the label: <label>.<region>.cloudapp.azure.com
  // (https://learn.microsoft.com/en-us/azure/virtual-network/ip-services/public-ip-addresses#dns-name-label).
  const fqdn = `${label}.${base.location}.cloudapp.azure.com`;
  const dnsSettings = typeof label === 'string' && label ? { dnsSettings: { ...props.dnsSettings, fqdn } } : {};
  const pip: ArmResource = {
    ...base,
    sku,
    properties: {
      ...props,
      publicIPAddressVersion: props.publicIPAddressVersion ?? 'IPv4',
      publicIPAllocationMethod: method,
      idleTimeoutInMinutes: props.idleTimeoutInMinutes ?? 4,
      ipTags: props.ipTags ?? [],
      ddosSettings: props.ddosSettings ?? { protectionMode: 'VirtualNetworkInherited' },
      ...dnsSettings,
      ipAddress: existing?.properties?.ipAddress ?? allocatePublicIp(ctx.store, id),
      resourceGuid: existing?.properties?.resourceGuid ?? ctx.newGuid(),
    },
  };
  if (Array.isArray(body.zones)) pip.zones = [...body.zones];
  return startPut(req, ctx, { resource: pip, existed: !!existing, azureSeconds: 5, render: (r) => renderPublicIp(ctx, r) });
};

const del: RouteHandler = (req, ctx) => {
  const pip = ctx.store.get(idFor(publicIpKind, req));
  if (!pip) return NO_CONTENT;
  const user = publicIpConfiguration(ctx.store, pip.id)?.id ?? referencedBy(ctx.store, pip.id)[0]?.id;
  if (user) {
    throw badRequest(
      'PublicIPAddressInUse',
      `Public IP address ${pip.id} can not be deleted since it is still allocated to resource ${user}. In order to delete the public IP, disassociate/detach the Public IP address from the resource.`,
    );
  }
  return startDelete(req, ctx, pip);
};

export const publicIpRoutes: Route[] = [...commonRoutes(publicIpKind), putRoute(publicIpKind, put), deleteRoute(publicIpKind, del)];
