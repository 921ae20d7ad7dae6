/**
 * Azure Firewall. Lives in AzureFirewallSubnet (/26+) of a VNet in its region with a Standard public IP;
 * its private IP is the first usable address of that subnet (network + 4). Creation takes about six
 * Azure minutes. While its policy changes it shows Updating and refuses writes; while it is created or
 * updated it locks its VNet's subnets and its policy's rule collection groups (dependencies.ts).
 */
import type { ArmResource, EmulatorContext, Route, RouteHandler } from '../../core/contract.js';
import { firstUsable, formatIp } from '../../core/ip.js';
import { newEtag, writableProperties } from './common.js';
import { commonRoutes, deleteRoute, envelope, idFor, NO_CONTENT, putRoute, readPut, type Kind } from './crud.js';
import { checkDedicatedSubnet, checkPublicIp } from './attach.js';
import { subnetCidrs } from './addresses.js';
import { anotherOperationInProgress, invalidReference } from './errors.js';
import { T, ref, refId } from './ids.js';
import { policyBusy } from './firewall-policy.js';
import { startDelete, startPut } from './lro.js';
import { assertFirewallSubnetsQuiet } from './dependencies.js';

export function renderFirewall(ctx: EmulatorContext, fw: ArmResource): ArmResource {
  const policyId = refId(fw.properties?.firewallPolicy);
  const updating = fw.properties?.provisioningState === 'Succeeded' && policyId && policyBusy(ctx, policyId);
  return updating ? { ...fw, properties: { ...fw.properties, provisioningState: 'Updating' } } : fw;
}

export const firewallKind: Kind = {
  type: T.firewall,
  segment: 'azureFirewalls',
  param: 'azureFirewallName',
  label: 'Azure Firewall',
  render: renderFirewall,
};

/**
 * An empty list is accepted, as Azure accepts it: a firewall can be created first and attached to its
 * subnet later; until then it has no private IP.
 */
function buildIpConfigurations(ctx: EmulatorContext, id: string, location: string, configs: any[]): any[] {
  return configs.map((cfg, i) => {
    const name = String(cfg?.name ?? `ipconfig${i + 1}`);
    const cfgId = `${id}/azureFirewallIpConfigurations/${name}`;
    const properties: Record<string, any> = { provisioningState: 'Succeeded' };
    // The first configuration carries the subnet; additional ones only add public IPs.
    if (i === 0) {
      const { subnet } = checkDedicatedSubnet(ctx, id, location, cfg?.properties?.subnet, 'AzureFirewallSubnet', 'Azure Firewall');
      properties.subnet = ref(subnet.id);
      properties.privateIPAddress = formatIp(firstUsable(subnetCidrs(subnet)[0]));
      properties.privateIPAllocationMethod = 'Dynamic';
    }
    properties.publicIPAddress = ref(checkPublicIp(ctx, id, cfg?.properties?.publicIPAddress, cfgId, 'Azure Firewall').id);
    return { name, id: cfgId, etag: newEtag(ctx), type: `${T.firewall}/azureFirewallIpConfigurations`, properties };
  });
}

const put: RouteHandler = (req, ctx) => {
  const request = readPut(firewallKind, req, ctx);
  const { body, id, existing, location } = request;
  const props = writableProperties(body, ['ipConfigurations', 'hubIPAddresses', 'ipGroups']);
  const policyId = refId(props.firewallPolicy);
  if (policyId && !ctx.store.get(policyId)) throw invalidReference(policyId, id);
  const busy = policyId ? policyBusy(ctx, policyId) : undefined;
  if (busy) throw anotherOperationInProgress(busy);
  const subnetId = refId(body.properties?.ipConfigurations?.[0]?.properties?.subnet);
  if (subnetId && ctx.store.get(subnetId)) assertFirewallSubnetsQuiet(ctx, id, subnetId);
  const firewall: ArmResource = {
    ...envelope(firewallKind, req, ctx, request),
    zones: Array.isArray(body.zones) ? [...body.zones] : [],
    properties: {
      ...props,
      sku: { name: props.sku?.name ?? 'AZFW_VNet', tier: props.sku?.tier ?? 'Standard' },
      threatIntelMode: props.threatIntelMode ?? 'Alert',
      additionalProperties: props.additionalProperties ?? {},
      applicationRuleCollections: props.applicationRuleCollections ?? [],
      natRuleCollections: props.natRuleCollections ?? [],
      networkRuleCollections: props.networkRuleCollections ?? [],
      ipGroups: [],
      ipConfigurations: buildIpConfigurations(ctx, id, location, body.properties?.ipConfigurations ?? []),
    },
  };
  return startPut(req, ctx, {
    resource: firewall,
    existed: !!existing,
    azureSeconds: ctx.seconds('firewall-write'),
    render: (r) => renderFirewall(ctx, r),
  });
};

const del: RouteHandler = (req, ctx) => {
  const firewall = ctx.store.get(idFor(firewallKind, req));
  if (!firewall) return NO_CONTENT;
  return startDelete(req, ctx, firewall, { azureSeconds: ctx.seconds('firewall-delete') });
};

export const firewallRoutes: Route[] = [...commonRoutes(firewallKind), putRoute(firewallKind, put), deleteRoute(firewallKind, del)];
