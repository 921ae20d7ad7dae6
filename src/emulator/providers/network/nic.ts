/**
 * Network interfaces (the jumphost's, and those behind private endpoints). Dynamic private IPs are the
 * first free usable address of the subnet and stay put across updates; a NIC used by a VM or a private
 * endpoint cannot be deleted.
 */
import type { ArmResource, EmulatorContext, Route, RouteHandler } from '../../core/contract.js';
import { parseIp } from '../../core/ip.js';
import { newEtag, tagsOf, writableProperties } from './common.js';
import { commonRoutes, deleteRoute, idFor, NO_CONTENT, putRoute, readPut, type Kind } from './crud.js';
import { allocatePrivateIp, stableHash, subnetContainsIp, usedPrivateIps } from './addresses.js';
import { badRequest, invalidReference } from './errors.js';
import { T, networkId, parentIdOf, ref, refId, sameId } from './ids.js';
import { startDelete, startPut } from './lro.js';
import { nicVirtualMachine, referencedBy } from './refs.js';
import { assertReferencesProvisioned } from './dependencies.js';

type Ctx = Pick<EmulatorContext, 'store' | 'newGuid'>;

export function renderNic(ctx: EmulatorContext, nic: ArmResource): ArmResource {
  const vm = nicVirtualMachine(ctx.store, nic.id);
  // Azure answers `kind: "Regular"` on every NIC it did not make for a managed service.
  return { ...nic, kind: nic.kind ?? 'Regular', properties: { ...nic.properties, ...(vm ? { virtualMachine: vm, primary: true } : {}) } };
}

export const nicKind: Kind = {
  type: T.nic,
  segment: 'networkInterfaces',
  param: 'networkInterfaceName',
  label: 'network interface',
  render: renderNic,
};

function macAddress(id: string): string {
  const h = stableHash(id);
  const bytes = [0x00, 0x0d, 0x3a, (h >>> 16) & 255, (h >>> 8) & 255, h & 255];
  return bytes.map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join('-');
}

/** Resolves one ip configuration's subnet and private IP, as Azure assigns it. */
function buildIpConfiguration(
  ctx: Ctx,
  nicId: string,
  location: string,
  cfg: any,
  index: number,
  previous?: ArmResource,
  exclude: string[] = [],
): any {
  const name = String(cfg?.name ?? `ipconfig${index + 1}`);
  const subnetId = refId(cfg?.properties?.subnet);
  if (!subnetId)
    throw badRequest('InvalidRequestFormat', `Ip configuration ${name} of network interface ${nicId} needs properties.subnet.id.`);
  const subnet = ctx.store.get(subnetId);
  if (!subnet) throw invalidReference(subnetId, nicId);
  const vnet = ctx.store.get(parentIdOf(subnet.id));
  if (vnet && vnet.location !== location) {
    throw badRequest(
      'ResourceAndVirtualNetworkNotInSameRegion',
      `Network interface ${nicId} is in ${location} but subnet ${subnetId} is in ${vnet.location}. Create the NIC in ${vnet.location}.`,
    );
  }
  const method = cfg?.properties?.privateIPAllocationMethod === 'Static' ? 'Static' : 'Dynamic';
  const holders = usedPrivateIps(ctx.store, subnet.id);
  let ip: string | undefined;
  if (method === 'Static') {
    ip = String(cfg?.properties?.privateIPAddress ?? '');
    if (parseIp(ip) === undefined || !subnetContainsIp(subnet, ip)) {
      throw badRequest(
        'PrivateIPAddressNotInSubnet',
        `Private IP ${ip} of network interface ${nicId} is not in subnet ${subnetId}. Pick an address inside the subnet's range.`,
      );
    }
    const holder = holders.get(ip);
    if (holder && !sameId(holder, nicId)) {
      throw badRequest(
        'PrivateIPAddressInUse',
        `Private IP address ${ip} is already used by ${holder}. Pick a free address or use Dynamic allocation.`,
      );
    }
  } else {
    const old = (previous?.properties?.ipConfigurations ?? []).find((c: any) => sameId(c?.name, name));
    ip = sameId(old?.properties?.subnet?.id, subnet.id) ? old.properties.privateIPAddress : allocatePrivateIp(ctx.store, subnet, exclude);
    if (!ip) {
      // Azure's wording (as AKS and Terraform users quote it): the subnet, its prefix, the addresses wanted.
      const prefix = subnet.properties?.addressPrefix ?? (subnet.properties?.addressPrefixes ?? []).join(', ');
      throw badRequest(
        'SubnetIsFull',
        `Subnet ${subnet.name} with address prefix ${prefix} does not have enough capacity for 1 IP addresses.`,
      );
    }
  }
  const properties: Record<string, any> = {
    ...(cfg?.properties ?? {}),
    provisioningState: 'Succeeded',
    privateIPAddress: ip,
    privateIPAllocationMethod: method,
    privateIPAddressVersion: 'IPv4',
    subnet: ref(subnet.id),
    primary: cfg?.properties?.primary ?? index === 0,
  };
  return { name, id: `${nicId}/ipConfigurations/${name}`, etag: newEtag(ctx), type: `${T.nic}/ipConfigurations`, properties };
}

export interface NicSpec {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  tags?: Record<string, string>;
  /** Request-shaped ip configurations ({ name?, properties: { subnet: { id }, ... } }). */
  ipConfigurations: any[];
  properties?: Record<string, any>;
  /** Addresses to leave alone when allocating (e.g. reserved by an operation still running). */
  excludeIps?: string[];
}

/** A network interface as stored, with its private IPs allocated. Also used by other providers. */
export function makeNic(ctx: Ctx, spec: NicSpec): ArmResource {
  const id = networkId(spec.subscriptionId, spec.resourceGroup, 'networkInterfaces', spec.name);
  const previous = ctx.store.get(id);
  if (spec.ipConfigurations.length === 0) {
    throw badRequest('InvalidRequestFormat', `Network interface ${id} needs at least one ip configuration with a subnet.`);
  }
  const nsgId = refId(spec.properties?.networkSecurityGroup);
  if (nsgId && !ctx.store.get(nsgId)) throw invalidReference(nsgId, id);
  const nic: ArmResource = {
    id,
    name: previous?.name ?? spec.name,
    type: T.nic,
    location: spec.location,
    ...(spec.tags ? { tags: spec.tags } : {}),
    etag: newEtag(ctx),
    properties: {
      ...(spec.properties ?? {}),
      resourceGuid: previous?.properties?.resourceGuid ?? ctx.newGuid(),
      ipConfigurations: spec.ipConfigurations.map((c, i) => buildIpConfiguration(ctx, id, spec.location, c, i, previous, spec.excludeIps)),
      dnsSettings: {
        dnsServers: [],
        appliedDnsServers: [],
        ...(spec.properties?.dnsSettings ?? {}),
        internalDomainNameSuffix: 'internal.cloudapp.net',
      },
      macAddress: previous?.properties?.macAddress ?? macAddress(id),
      enableAcceleratedNetworking: spec.properties?.enableAcceleratedNetworking ?? false,
      enableIPForwarding: spec.properties?.enableIPForwarding ?? false,
      disableTcpStateTracking: spec.properties?.disableTcpStateTracking ?? false,
      vnetEncryptionSupported: false,
      nicType: 'Standard',
      // Answered by every recorded NIC (test_multiple_ipconfigs_remove_by_shorthand.yaml, api-versions 2022-01-01 and 2022-11-01).
      allowPort25Out: true,
      hostedWorkloads: [],
      tapConfigurations: [],
      provisioningState: 'Succeeded',
    },
  };
  return nic;
}

const put: RouteHandler = (req, ctx) => {
  const { body, existing, location } = readPut(nicKind, req, ctx);
  const nic = makeNic(ctx, {
    subscriptionId: req.params.subscriptionId,
    resourceGroup: req.params.resourceGroupName,
    name: req.params.networkInterfaceName,
    location,
    tags: tagsOf(body),
    ipConfigurations: body.properties?.ipConfigurations ?? [],
    properties: writableProperties(body, [
      'ipConfigurations',
      'macAddress',
      'virtualMachine',
      'primary',
      'privateEndpoint',
      'hostedWorkloads',
      'tapConfigurations',
      'vnetEncryptionSupported',
    ]),
  });
  const subnets = (nic.properties?.ipConfigurations ?? []).map((c: any) => refId(c?.properties?.subnet));
  assertReferencesProvisioned(ctx, nic.id, [...subnets, refId(nic.properties?.networkSecurityGroup)]);
  // Azure places a NIC while answering: its 201/200 already says Succeeded (see PutPlan.settled).
  return startPut(req, ctx, { resource: nic, existed: !!existing, azureSeconds: 3, settled: true, render: (r) => renderNic(ctx, r) });
};

const del: RouteHandler = (req, ctx) => {
  const nic = ctx.store.get(idFor(nicKind, req));
  if (!nic) return NO_CONTENT;
  const user = nicVirtualMachine(ctx.store, nic.id)?.id ?? referencedBy(ctx.store, nic.id)[0]?.id;
  if (user) {
    throw badRequest(
      'NicInUse',
      `Network Interface ${nic.id} is used by existing resource ${user}. In order to delete the network interface, it must be dissociated from the resource. Delete or update that resource first.`,
    );
  }
  return startDelete(req, ctx, nic);
};

export const nicRoutes: Route[] = [...commonRoutes(nicKind), putRoute(nicKind, put), deleteRoute(nicKind, del)];
