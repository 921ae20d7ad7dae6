/**
 * Bastion hosts: AzureBastionSubnet (/26+) in a VNet of the same region, a Standard public IP, and, when
 * the subnet has an NSG, Azure's required Bastion rules in it. Creation takes about seven Azure minutes.
 */
import type { ArmResource, EmulatorContext, Route, RouteHandler } from '../../core/contract.js';
import { newEtag, writableProperties } from './common.js';
import { commonRoutes, deleteRoute, envelope, idFor, NO_CONTENT, putRoute, readPut, type Kind } from './crud.js';
import { checkDedicatedSubnet, checkPublicIp } from './attach.js';
import { badRequest } from './errors.js';
import { T, ref, refId } from './ids.js';
import { startDelete, startPut } from './lro.js';
import { bastionNsgError, bastionNsgProblem } from './nsg-rules.js';

export const bastionKind: Kind = {
  type: T.bastion,
  segment: 'bastionHosts',
  param: 'bastionHostName',
  label: 'Bastion host',
  render: (_ctx, r) => r,
};

const SKUS = ['Developer', 'Basic', 'Standard', 'Premium'];

function buildIpConfiguration(ctx: EmulatorContext, id: string, location: string, cfg: any): any {
  const name = String(cfg?.name ?? 'bastionHostIpConfiguration');
  const cfgId = `${id}/bastionHostIpConfigurations/${name}`;
  const { subnet } = checkDedicatedSubnet(ctx, id, location, cfg?.properties?.subnet, 'AzureBastionSubnet', 'Bastion host');
  const nsgId = refId(subnet.properties?.networkSecurityGroup);
  if (nsgId) {
    const nsg = ctx.store.get(nsgId)!;
    const problem = bastionNsgProblem(ctx.store.children(nsg.id, T.securityRule));
    if (problem) throw bastionNsgError(nsg.name, problem);
  }
  const pip = checkPublicIp(ctx, id, cfg?.properties?.publicIPAddress, cfgId, 'Bastion host');
  return {
    name,
    id: cfgId,
    etag: newEtag(ctx),
    type: `${T.bastion}/bastionHostIpConfigurations`,
    properties: {
      provisioningState: 'Succeeded',
      privateIPAllocationMethod: 'Dynamic',
      subnet: ref(subnet.id),
      publicIPAddress: ref(pip.id),
    },
  };
}

const put: RouteHandler = (req, ctx) => {
  const request = readPut(bastionKind, req, ctx);
  const { body, id, existing, location } = request;
  const sku = SKUS.find((s) => s.toLowerCase() === String(body.sku?.name ?? 'Standard').toLowerCase());
  if (!sku) throw badRequest('InvalidBastionHostSku', `Bastion host ${id} has SKU '${body.sku?.name}'. Use one of ${SKUS.join(', ')}.`);
  const configs: any[] = body.properties?.ipConfigurations ?? [];
  if (configs.length !== 1) {
    throw badRequest(
      'InvalidRequestFormat',
      `Bastion host ${id} needs exactly one ip configuration with AzureBastionSubnet and a Standard public IP.`,
    );
  }
  const props = writableProperties(body, ['ipConfigurations', 'dnsName']);
  const flag = (key: string) => props[key] ?? false;
  const bastion: ArmResource = {
    ...envelope(bastionKind, req, ctx, request),
    sku: { name: sku },
    zones: Array.isArray(body.zones) ? [...body.zones] : [],
    properties: {
      ...props,
      dnsName: existing?.properties?.dnsName ?? `bst-${ctx.newGuid()}.bastion.azure.com`,
      scaleUnits: props.scaleUnits ?? 2,
      disableCopyPaste: flag('disableCopyPaste'),
      enableTunneling: flag('enableTunneling'),
      enableIpConnect: flag('enableIpConnect'),
      enableShareableLink: flag('enableShareableLink'),
      enableKerberos: flag('enableKerberos'),
      enableSessionRecording: flag('enableSessionRecording'),
      enablePrivateOnlyBastion: flag('enablePrivateOnlyBastion'),
      enableFileCopy: flag('enableFileCopy'),
      ipConfigurations: [buildIpConfiguration(ctx, id, location, configs[0])],
    },
  };
  return startPut(req, ctx, { resource: bastion, existed: !!existing, azureSeconds: ctx.seconds('bastion-write'), render: (r) => r });
};

const del: RouteHandler = (req, ctx) => {
  const bastion = ctx.store.get(idFor(bastionKind, req));
  if (!bastion) return NO_CONTENT;
  return startDelete(req, ctx, bastion, { azureSeconds: 240 });
};

export const bastionRoutes: Route[] = [...commonRoutes(bastionKind), putRoute(bastionKind, put), deleteRoute(bastionKind, del)];
