/**
 * Private endpoints a user creates (PUT) to a resource that offers private link, and their private DNS
 * zone groups. An endpoint gets a NIC with an address in its subnet; its connection to a resource of the
 * same subscription is approved at once. A zone group registers the endpoint's A record in each zone it
 * names (and removes it with the group or the endpoint), as
 * https://learn.microsoft.com/azure/private-link/private-endpoint-dns-integration describes: the record's
 * name is the target's host label (a vault `kv-x` gets `kv-x` in privatelink.vaultcore.azure.net).
 * Each target type accepts only its own group ids (Key Vault: `vault`, AKS: `management`:
 * https://learn.microsoft.com/azure/private-link/private-endpoint-overview#private-link-resource); the
 * refusal's code for another one is inferred (the documentation names the rule, not the code).
 */
import type { ArmRequest, ArmResource, EmulatorContext, Route, RouteHandler } from '../../core/contract.js';
import { checkLocation, checkName, requireBody, tagsOf } from './common.js';
import { idFor, mustGet, putRoute } from './crud.js';
import { badRequest, childNotFound, invalidReference } from './errors.js';
import { makePrivateEndpoint, privateEndpointKind } from './private-endpoint.js';
import { RG_PATH, T, refId, sameId } from './ids.js';
import { recordIds, ZONE_GROUP_TYPE } from './zone-group-records.js';
import { startDelete, startPut } from './lro.js';

const GROUP_IDS: Record<string, string[]> = {
  'microsoft.keyvault/vaults': ['vault'],
  'microsoft.containerservice/managedclusters': ['management'],
};

function targetType(id: string): string {
  const segs = id.split('/').filter(Boolean);
  const p = segs.map((s) => s.toLowerCase()).lastIndexOf('providers');
  return `${segs[p + 1]}/${segs[p + 2]}`.toLowerCase();
}

const put: RouteHandler = (req, ctx) => {
  const body = requireBody(req);
  const name = req.params[privateEndpointKind.param];
  checkName(name, privateEndpointKind.label);
  const id = idFor(privateEndpointKind, req);
  const existing = ctx.store.get(id);
  const location = checkLocation(ctx, body, T.privateEndpoint, existing);
  const subnetId = refId(body.properties?.subnet);
  if (!subnetId || !ctx.store.get(subnetId)) throw invalidReference(subnetId ?? '(none)', id);
  const connection = body.properties?.privateLinkServiceConnections?.[0];
  const targetId: string | undefined = connection?.properties?.privateLinkServiceId;
  if (!targetId || !ctx.store.get(targetId)) throw invalidReference(targetId ?? '(none)', id);
  const groupId: string | undefined = connection.properties.groupIds?.[0];
  const allowed = GROUP_IDS[targetType(targetId)] ?? [];
  if (!groupId || !allowed.includes(groupId)) {
    throw badRequest(
      'PrivateEndpointBadRequest',
      `Private endpoint ${id} asks for group id '${groupId ?? ''}' of ${targetId}, which offers ${allowed.map((g) => `'${g}'`).join(', ') || 'no private link'}. Use one of those group ids.`,
    );
  }
  if (existing) {
    if (!sameId(refId(existing.properties?.subnet), subnetId))
      throw badRequest(
        'CannotChangeSubnetOfPrivateEndpoint',
        `Private endpoint ${id} cannot move to another subnet; delete and recreate it.`,
      );
    const updated: ArmResource = { ...structuredClone(existing), tags: tagsOf(body) ?? {} };
    return startPut(req, ctx, { resource: updated, existed: true, azureSeconds: 10, render: (r) => r });
  }
  const subscriptionId = req.params.subscriptionId;
  const built = makePrivateEndpoint(ctx, {
    subscriptionId,
    resourceGroup: req.params.resourceGroupName,
    name: req.params[privateEndpointKind.param],
    location,
    subnetId,
    privateLinkServiceId: targetId,
    groupId,
    tags: tagsOf(body),
  });
  const endpoint: ArmResource = {
    ...built.privateEndpoint,
    properties: {
      ...built.privateEndpoint.properties,
      privateLinkServiceConnections: built.privateEndpoint.properties!.privateLinkServiceConnections.map((c: any) => ({
        ...c,
        name: connection.name ?? c.name,
      })),
    },
  };
  // Azure's private endpoint creation takes about a minute.
  return startPut(req, ctx, { resource: endpoint, existed: false, azureSeconds: 60, render: (r) => r, children: [built.nic] });
};

const GROUP = `${RG_PATH}/privateEndpoints/{privateEndpointName}/privateDnsZoneGroups/{privateDnsZoneGroupName}`;

function groupIdOf(req: ArmRequest): string {
  return `${idFor(privateEndpointKind, req)}/privateDnsZoneGroups/${req.params.privateDnsZoneGroupName}`;
}

/** The endpoint's address and the host label its target is reached by. */
function endpointRecord(ctx: EmulatorContext, endpoint: ArmResource): { label: string; ip: string } {
  const nic = ctx.store.get(refId(endpoint.properties?.networkInterfaces?.[0]) ?? '');
  const ip: string = nic?.properties?.ipConfigurations?.[0]?.properties?.privateIPAddress ?? '';
  const target: string = endpoint.properties?.privateLinkServiceConnections?.[0]?.properties?.privateLinkServiceId ?? '';
  return { label: target.split('/').pop()!.toLowerCase(), ip };
}

const putGroup: RouteHandler = (req, ctx) => {
  const endpoint = mustGet(privateEndpointKind, req, ctx);
  const body = requireBody(req);
  const id = groupIdOf(req);
  const existing = ctx.store.get(id);
  const { label, ip } = endpointRecord(ctx, endpoint);
  const records: ArmResource[] = [];
  const configs = (body.properties?.privateDnsZoneConfigs ?? []).map((c: any) => {
    const zoneId: string | undefined = c?.properties?.privateDnsZoneId;
    const zone = zoneId ? ctx.store.get(zoneId) : undefined;
    if (!zone) throw invalidReference(zoneId ?? '(none)', id);
    const recordId = `${zone.id}/A/${label}`;
    records.push({
      id: recordId,
      name: label,
      type: `${T.dnsZone}/A`,
      etag: ctx.newGuid(),
      properties: { ttl: 10, fqdn: `${label}.${zone.name}.`, isAutoRegistered: false, aRecords: [{ ipv4Address: ip }] },
    });
    return {
      name: c.name ?? zone.name.replace(/\./g, '-'),
      properties: {
        privateDnsZoneId: zone.id,
        recordSets: [
          {
            recordType: 'A',
            recordSetName: label,
            fqdn: `${label}.${zone.name}`,
            ttl: 10,
            ipAddresses: [ip],
            provisioningState: 'Succeeded',
          },
        ],
      },
    };
  });
  const group: ArmResource = {
    id: existing?.id ?? id,
    name: existing?.name ?? req.params.privateDnsZoneGroupName,
    type: ZONE_GROUP_TYPE,
    etag: `W/"${ctx.newGuid()}"`,
    properties: { privateDnsZoneConfigs: configs },
  };
  const stale = recordIds(existing).filter((r) => !records.some((n) => sameId(n.id, r)));
  return startPut(req, ctx, {
    resource: group,
    existed: !!existing,
    azureSeconds: 10,
    render: (r) => r,
    landing: records,
    removals: stale,
  });
};

export const privateEndpointWriteRoutes: Route[] = [
  putRoute(privateEndpointKind, put),
  {
    method: 'PUT',
    path: GROUP,
    action: `${T.privateEndpoint}/privateDnsZoneGroups/write`,
    handler: putGroup,
  },
  {
    method: 'GET',
    path: GROUP,
    action: `${T.privateEndpoint}/privateDnsZoneGroups/read`,
    handler: (req, ctx) => {
      const found = ctx.store.get(groupIdOf(req));
      if (!found) throw childNotFound(groupIdOf(req));
      return { status: 200, body: found };
    },
  },
  {
    method: 'DELETE',
    path: GROUP,
    action: `${T.privateEndpoint}/privateDnsZoneGroups/delete`,
    handler: (req, ctx) => {
      const found = ctx.store.get(groupIdOf(req));
      if (!found) return { status: 204 };
      return startDelete(req, ctx, found, { alsoDelete: recordIds(found) });
    },
  },
];
