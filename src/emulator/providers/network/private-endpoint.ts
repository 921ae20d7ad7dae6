/**
 * Private endpoints (read and delete here; the container service provider creates the API server's with
 * `makePrivateEndpoint`). An endpoint owns a NIC in its subnet that carries the private IP.
 */
import type { ArmResource, EmulatorContext, Route, RouteHandler } from '../../core/contract.js';
import { commonRoutes, deleteRoute, idFor, NO_CONTENT, type Kind } from './crud.js';
import { T, networkId, ref } from './ids.js';
import { startDelete } from './lro.js';
import { makeNic } from './nic.js';
import { zoneGroupRecords } from './zone-group-records.js';

export const privateEndpointKind: Kind = {
  type: T.privateEndpoint,
  segment: 'privateEndpoints',
  param: 'privateEndpointName',
  label: 'private endpoint',
  render: (_ctx, r) => r,
};

export interface PrivateEndpointSpec {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  subnetId: string;
  /** The resource the endpoint connects to, e.g. the managed cluster. */
  privateLinkServiceId: string;
  /** e.g. "management" for an AKS API server. */
  groupId: string;
  tags?: Record<string, string>;
  excludeIps?: string[];
}

export interface BuiltPrivateEndpoint {
  privateEndpoint: ArmResource;
  nic: ArmResource;
  privateIPAddress: string;
}

/** A private endpoint and its NIC, consistent with each other, with the NIC's IP allocated in the subnet. */
export function makePrivateEndpoint(ctx: Pick<EmulatorContext, 'store' | 'newGuid'>, spec: PrivateEndpointSpec): BuiltPrivateEndpoint {
  const id = networkId(spec.subscriptionId, spec.resourceGroup, 'privateEndpoints', spec.name);
  const connectionName = `${spec.name}`;
  const nic = makeNic(ctx, {
    subscriptionId: spec.subscriptionId,
    resourceGroup: spec.resourceGroup,
    name: `${spec.name}.nic.${ctx.newGuid()}`,
    location: spec.location,
    tags: spec.tags,
    excludeIps: spec.excludeIps,
    ipConfigurations: [
      {
        name: `privateEndpointIpConfig.${ctx.newGuid()}`,
        properties: {
          subnet: { id: spec.subnetId },
          privateIPAllocationMethod: 'Dynamic',
          privateLinkConnectionProperties: { groupId: spec.groupId, requiredMemberName: spec.groupId, fqdns: [] },
        },
      },
    ],
    properties: { privateEndpoint: ref(id) },
  });
  const privateIPAddress: string = nic.properties!.ipConfigurations[0].properties.privateIPAddress;
  const privateEndpoint: ArmResource = {
    id,
    name: spec.name,
    type: T.privateEndpoint,
    location: spec.location,
    ...(spec.tags ? { tags: spec.tags } : {}),
    etag: `W/"${ctx.newGuid()}"`,
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: ctx.newGuid(),
      subnet: ref(spec.subnetId),
      networkInterfaces: [ref(nic.id)],
      privateLinkServiceConnections: [
        {
          name: connectionName,
          id: `${id}/privateLinkServiceConnections/${connectionName}`,
          type: `${T.privateEndpoint}/privateLinkServiceConnections`,
          etag: `W/"${ctx.newGuid()}"`,
          properties: {
            provisioningState: 'Succeeded',
            privateLinkServiceId: spec.privateLinkServiceId,
            groupIds: [spec.groupId],
            privateLinkServiceConnectionState: { status: 'Approved', description: 'Auto-Approved', actionsRequired: 'None' },
          },
        },
      ],
      manualPrivateLinkServiceConnections: [],
      customDnsConfigs: [],
      applicationSecurityGroups: [],
      ipConfigurations: [],
      customNetworkInterfaceName: '',
    },
  };
  return { privateEndpoint, nic, privateIPAddress };
}

const del: RouteHandler = (req, ctx) => {
  const pe = ctx.store.get(idFor(privateEndpointKind, req));
  if (!pe) return NO_CONTENT;
  const nics = (pe.properties?.networkInterfaces ?? []).map((n: { id: string }) => n.id);
  return startDelete(req, ctx, pe, { alsoDelete: [...nics, ...zoneGroupRecords(ctx, pe.id)] });
};

export const privateEndpointRoutes: Route[] = [...commonRoutes(privateEndpointKind), deleteRoute(privateEndpointKind, del)];
