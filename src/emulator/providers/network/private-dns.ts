/**
 * Private DNS zones (location "global"), their record sets and virtual network links. The container
 * service provider creates a private cluster's zone and A record with `makePrivateDnsZone`; users and
 * tests can read, write and delete them here. Record set writes are synchronous, as in Azure.
 */
import type { ArmRequest, ArmResource, EmulatorContext, Route, RouteHandler } from '../../core/contract.js';
import { parseIp } from '../../core/ip.js';
import { checkName, listBody, ofType, requireBody, tagsOf } from './common.js';
import { idFor, mustGet, NO_CONTENT } from './crud.js';
import { badRequest, childNotFound, invalidReference } from './errors.js';
import { RG_PATH, SUB_PATH, T, networkId, ref, refId, resourceGroupOf, sameId, subscriptionOf } from './ids.js';
import { startDelete, startPut } from './lro.js';

type Ctx = Pick<EmulatorContext, 'store' | 'newGuid'>;
const RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'PTR', 'SOA', 'SRV', 'TXT'];
const ZONE = `${RG_PATH}/privateDnsZones/{privateZoneName}`;
/** How a request names a zone (zones keep their own routes: they live in 'global', not a region). */
const ZONE_ADDRESS = { segment: 'privateDnsZones', param: 'privateZoneName' };

const recordType = (kind: string) => `${T.dnsZone}/${kind}`;
const recordTypes = RECORD_TYPES.map(recordType);

function checkZoneName(name: string): void {
  const labels = name.split('.');
  if (name.length > 253 || labels.length < 2 || !labels.every((l) => /^[A-Za-z0-9_]([A-Za-z0-9-_]{0,61}[A-Za-z0-9_])?$/.test(l))) {
    throw badRequest(
      'InvalidResourceName',
      `Private DNS zone name ${name} is invalid: use a DNS name of at least two labels, e.g. privatelink.eastus.azmk8s.io.`,
    );
  }
}

function records(ctx: Ctx, zoneId: string): ArmResource[] {
  return recordTypes.flatMap((t) => ctx.store.children(zoneId, t));
}

export function renderZone(ctx: Ctx, zone: ArmResource): ArmResource {
  const links = ctx.store.children(zone.id, T.dnsLink);
  return {
    ...zone,
    properties: {
      ...zone.properties,
      numberOfRecordSets: records(ctx, zone.id).length,
      numberOfVirtualNetworkLinks: links.length,
      numberOfVirtualNetworkLinksWithRegistration: links.filter((l) => l.properties?.registrationEnabled).length,
    },
  };
}

function zoneShape(ctx: Ctx, id: string, name: string, tags?: Record<string, string>, previous?: ArmResource): ArmResource {
  return {
    id,
    name,
    type: T.dnsZone,
    location: 'global',
    ...(tags ? { tags } : {}),
    etag: ctx.newGuid(),
    properties: {
      maxNumberOfRecordSets: 25000,
      maxNumberOfVirtualNetworkLinks: 1000,
      maxNumberOfVirtualNetworkLinksWithRegistration: 100,
      internalId: previous?.properties?.internalId ?? ctx.newGuid(),
      provisioningState: 'Succeeded',
    },
  };
}

function recordShape(ctx: Ctx, zone: ArmResource, kind: string, name: string, properties: any): ArmResource {
  if (kind === 'A') {
    for (const r of properties?.aRecords ?? []) {
      if (parseIp(String(r?.ipv4Address)) === undefined)
        throw badRequest(
          'BadRequest',
          `A record ${name} in zone ${zone.name} has ipv4Address '${r?.ipv4Address}', which is not an IPv4 address.`,
        );
    }
  }
  const fqdn = name === '@' ? `${zone.name}.` : `${name}.${zone.name}.`;
  return {
    id: `${zone.id}/${kind}/${name}`,
    name,
    type: recordType(kind),
    etag: ctx.newGuid(),
    properties: { ttl: 3600, ...(properties ?? {}), fqdn, isAutoRegistered: false },
  };
}

/**
 * The `@` SOA record Azure creates with every private DNS zone (and counts in numberOfRecordSets), with
 * the values Azure Private DNS answers (RecordSet/SoaRecord in azure-rest-api-specs
 * specification/privatedns/resource-manager/Microsoft.Network/stable/2024-06-01/privatedns.json, and
 * `az network private-dns record-set soa show` output).
 */
function soaRecord(ctx: Ctx, zone: ArmResource): ArmResource {
  return recordShape(ctx, zone, 'SOA', '@', {
    ttl: 3600,
    soaRecord: {
      email: 'azureprivatedns-host.microsoft.com',
      expireTime: 2419200,
      host: 'azureprivatedns.net',
      minimumTtl: 10,
      refreshTime: 3600,
      retryTime: 300,
      serialNumber: 1,
    },
  });
}

export interface PrivateDnsZoneSpec {
  subscriptionId: string;
  resourceGroup: string;
  zoneName: string;
  tags?: Record<string, string>;
  aRecords?: Array<{ name: string; ipv4Address: string; ttl?: number }>;
  vnetLinks?: Array<{ name: string; vnetId: string }>;
}

/** A zone with its A records and VNet links, ready to put in the store (e.g. as LRO effects). */
export function makePrivateDnsZone(ctx: Ctx, spec: PrivateDnsZoneSpec): ArmResource[] {
  const zone = zoneShape(
    ctx,
    networkId(spec.subscriptionId, spec.resourceGroup, 'privateDnsZones', spec.zoneName),
    spec.zoneName,
    spec.tags,
  );
  const out = [zone, soaRecord(ctx, zone)];
  for (const a of spec.aRecords ?? [])
    out.push(recordShape(ctx, zone, 'A', a.name, { ttl: a.ttl ?? 300, aRecords: [{ ipv4Address: a.ipv4Address }] }));
  for (const l of spec.vnetLinks ?? []) {
    out.push({
      id: `${zone.id}/virtualNetworkLinks/${l.name}`,
      name: l.name,
      type: T.dnsLink,
      location: 'global',
      ...(spec.tags ? { tags: spec.tags } : {}),
      etag: ctx.newGuid(),
      properties: {
        virtualNetwork: ref(l.vnetId),
        registrationEnabled: false,
        virtualNetworkLinkState: 'Completed',
        provisioningState: 'Succeeded',
      },
    });
  }
  return out;
}

const zoneOf = (req: ArmRequest, ctx: EmulatorContext): ArmResource => mustGet(ZONE_ADDRESS, req, ctx);

/** `.../privateDnsZones/{zone}/{kind}` names a record type or `virtualNetworkLinks`; anything else is 404. */
function kindOf(req: ArmRequest): string {
  const raw = req.params.kind;
  if (raw.toLowerCase() === 'virtualnetworklinks') return 'virtualNetworkLinks';
  const kind = RECORD_TYPES.find((t) => t.toLowerCase() === raw.toLowerCase());
  if (!kind)
    throw badRequest(
      'InvalidRecordType',
      `Record type ${raw} is not supported in private DNS zones. Use one of ${RECORD_TYPES.join(', ')}.`,
    );
  return kind;
}

const zoneRoutes: Route[] = [
  {
    method: 'GET',
    path: ZONE,
    action: `${T.dnsZone}/read`,
    handler: (req, ctx) => ({ status: 200, body: renderZone(ctx, zoneOf(req, ctx)) }),
  },
  {
    method: 'GET',
    path: `${RG_PATH}/privateDnsZones`,
    action: `${T.dnsZone}/read`,
    handler: (req, ctx) => {
      const zones = ofType(ctx.store, T.dnsZone).filter(
        (z) => sameId(subscriptionOf(z.id), req.params.subscriptionId) && sameId(resourceGroupOf(z.id), req.params.resourceGroupName),
      );
      return { status: 200, body: listBody(zones.map((z) => renderZone(ctx, z))) };
    },
  },
  {
    method: 'GET',
    path: `${SUB_PATH}/privateDnsZones`,
    action: `${T.dnsZone}/read`,
    handler: (req, ctx) => ({
      status: 200,
      body: listBody(
        ofType(ctx.store, T.dnsZone)
          .filter((z) => sameId(subscriptionOf(z.id), req.params.subscriptionId))
          .map((z) => renderZone(ctx, z)),
      ),
    }),
  },
  {
    method: 'PUT',
    path: ZONE,
    action: `${T.dnsZone}/write`,
    handler: (req, ctx) => {
      const body = requireBody(req);
      const { privateZoneName } = req.params;
      checkZoneName(privateZoneName);
      if (body.location && String(body.location).toLowerCase() !== 'global') {
        throw badRequest(
          'LocationNotAvailableForResourceType',
          `Private DNS zones live in location 'global', not '${body.location}'. Set location to global.`,
        );
      }
      const id = idFor(ZONE_ADDRESS, req);
      const existing = ctx.store.get(id);
      const zone = zoneShape(ctx, id, existing?.name ?? privateZoneName, tagsOf(body), existing);
      const landing = existing ? [] : [soaRecord(ctx, zone)];
      return startPut(req, ctx, {
        resource: zone,
        existed: !!existing,
        azureSeconds: 10,
        render: (r) => renderZone(ctx, r),
        createState: 'Creating',
        landing,
      });
    },
  },
  {
    method: 'DELETE',
    path: ZONE,
    action: `${T.dnsZone}/delete`,
    handler: (req, ctx) => {
      const zone = ctx.store.get(idFor(ZONE_ADDRESS, req));
      if (!zone) return NO_CONTENT;
      return startDelete(req, ctx, zone);
    },
  },
];

const listChildren: RouteHandler = (req, ctx) => {
  const zone = zoneOf(req, ctx);
  const raw = req.params.kind.toLowerCase();
  if (raw === 'all' || raw === 'recordsets') return { status: 200, body: listBody(records(ctx, zone.id)) };
  const kind = kindOf(req);
  const type = kind === 'virtualNetworkLinks' ? T.dnsLink : recordType(kind);
  return { status: 200, body: listBody(ctx.store.children(zone.id, type)) };
};

const getChild: RouteHandler = (req, ctx) => {
  const zone = zoneOf(req, ctx);
  const id = `${zone.id}/${kindOf(req)}/${req.params.childName}`;
  const found = ctx.store.get(id);
  if (!found) throw childNotFound(id);
  return { status: 200, body: found };
};

/**
 * A virtual network resolves each DNS name through one private zone at most: linking it to a second zone of
 * the same name (in any resource group or subscription) is refused with 400 BadRequest, as users report
 * (https://github.com/Azure/ARO-RP/issues/796, "A virtual network cannot be linked to multiple zones with
 * overlapping namespaces"; https://learn.microsoft.com/azure/private-link/private-endpoint-dns: one zone
 * per name for a VNet). Zones that merely nest (contoso.com and sub.contoso.com) are not modelled.
 */
function refuseOverlappingLink(ctx: Ctx, zone: ArmResource, vnetId: string): void {
  const other = ofType(ctx.store, T.dnsZone).find(
    (z) =>
      !sameId(z.id, zone.id) &&
      z.name.toLowerCase() === zone.name.toLowerCase() &&
      ctx.store.children(z.id, T.dnsLink).some((l) => sameId(refId(l.properties?.virtualNetwork), vnetId)),
  );
  if (other)
    throw badRequest(
      'BadRequest',
      `A virtual network cannot be linked to multiple zones with overlapping namespaces. You tried to link virtual network with '${zone.name}' and '${other.name}' zones.`,
    );
}

const putChild: RouteHandler = (req, ctx) => {
  const zone = zoneOf(req, ctx);
  const body = requireBody(req);
  const kind = kindOf(req);
  const name = req.params.childName;
  const id = `${zone.id}/${kind}/${name}`;
  const existing = ctx.store.get(id);
  if (kind !== 'virtualNetworkLinks') {
    const record = recordShape(ctx, zone, kind, existing?.name ?? name, body.properties);
    ctx.store.put(record);
    return { status: existing ? 200 : 201, body: record };
  }
  checkName(name, 'virtual network link');
  const vnetId = refId(body.properties?.virtualNetwork);
  if (!vnetId || !ctx.store.get(vnetId)) throw invalidReference(vnetId ?? '(none)', id);
  if (!existing) refuseOverlappingLink(ctx, zone, vnetId);
  const link: ArmResource = {
    id,
    name: existing?.name ?? name,
    type: T.dnsLink,
    location: 'global',
    ...(tagsOf(body) ? { tags: tagsOf(body) } : {}),
    etag: ctx.newGuid(),
    properties: {
      virtualNetwork: ref(vnetId),
      registrationEnabled: body.properties?.registrationEnabled ?? false,
      virtualNetworkLinkState: 'Completed',
    },
  };
  return startPut(req, ctx, { resource: link, existed: !!existing, azureSeconds: 10, render: (r) => r, createState: 'Creating' });
};

const deleteChild: RouteHandler = (req, ctx) => {
  const { subscriptionId, resourceGroupName, privateZoneName, childName } = req.params;
  const kind = kindOf(req);
  const id = `${networkId(subscriptionId, resourceGroupName, 'privateDnsZones', privateZoneName)}/${kind}/${childName}`;
  const found = ctx.store.get(id);
  if (!found) return NO_CONTENT;
  if (kind !== 'virtualNetworkLinks') {
    ctx.store.delete(id);
    return { status: 200 };
  }
  return startDelete(req, ctx, found);
};

export const privateDnsRoutes: Route[] = [
  ...zoneRoutes,
  { method: 'GET', path: `${ZONE}/{kind}`, action: `${T.dnsZone}/read`, handler: listChildren },
  { method: 'GET', path: `${ZONE}/{kind}/{childName}`, action: `${T.dnsZone}/read`, handler: getChild },
  { method: 'PUT', path: `${ZONE}/{kind}/{childName}`, action: `${T.dnsZone}/write`, handler: putChild },
  { method: 'DELETE', path: `${ZONE}/{kind}/{childName}`, action: `${T.dnsZone}/delete`, handler: deleteChild },
];
