/**
 * What AKS refuses synchronously (400 before any operation starts): on update, changes to settings that
 * never change (validateImmutableChanges); on create, local accounts disabled without managed Entra ID,
 * a node subnet that does not exist, and for outboundType userDefinedRouting the route table checks and
 * the cluster identity's permissions on subnet and route table.
 */
import { ArmError, type ArmResource, type Store } from '../../core/contract.js';
import { parentIdOf, resourceGroupId } from '../../core/ids.js';
import { parseRange } from '../../core/ip.js';
import { routesOf } from '../network/index.js';

/** Whether a principal holds `action` at `scopeId` through a role assignment (authorization provider). */
export type HasRoleAssignment = (store: Store, principalId: string, scopeId: string, action: string) => boolean;

export interface ClusterIdentity {
  type: string;
  /** Resource id of the (first) user-assigned identity. */
  resourceId?: string;
  principalId?: string;
}

const SUBNET_JOIN = 'Microsoft.Network/virtualNetworks/subnets/join/action';
const VNET_JOIN = 'Microsoft.Network/virtualNetworks/join/action';

function bad(code: string, message: string, target?: string): ArmError {
  return new ArmError(400, code, message, target ? { target } : {});
}

export function clusterIdentity(store: Store, identity: any): ClusterIdentity {
  const type = String(identity?.type ?? 'SystemAssigned');
  const resourceId = Object.keys(identity?.userAssignedIdentities ?? {})[0];
  if (!type.toLowerCase().includes('userassigned') || !resourceId) return { type };
  const msi = store.get(resourceId);
  if (!msi) {
    throw bad(
      'InvalidParameter',
      `The user-assigned identity ${resourceId} in identity.userAssignedIdentities was not found. Create it first or fix the resource id.`,
      'identity.userAssignedIdentities',
    );
  }
  return { type, resourceId, principalId: msi.properties?.principalId };
}

export function validateLocalAccounts(properties: any): void {
  if (properties?.disableLocalAccounts === true && properties?.aadProfile?.managed !== true) {
    throw bad(
      'BadRequest',
      // AKS's wording, as quoted in https://github.com/cilium/cilium/pull/48265.
      'Since kubernetes version 1.25, disableLocalAccounts can only be set on Azure AD integration enabled cluster. Please integrate your cluster with AAD.',
      'properties.disableLocalAccounts',
    );
  }
}

export function validateNodeSubnet(store: Store, subnetId: string | undefined): void {
  if (subnetId && !store.get(subnetId)) {
    throw bad(
      'SubnetNotFound',
      `The subnet ${subnetId} in agentPoolProfiles[0].vnetSubnetID was not found. Create the subnet before the cluster.`,
      'properties.agentPoolProfiles[0].vnetSubnetID',
    );
  }
}

/** Outbound type userDefinedRouting: everything must be in place before the cluster exists. */
export function validateUserDefinedRouting(
  store: Store,
  pool: any,
  identity: ClusterIdentity,
  hasRoleAssignment: HasRoleAssignment,
  nodeResourceGroupId: string,
): void {
  const subnetId: string | undefined = pool?.vnetSubnetID;
  if (!subnetId) {
    throw bad(
      'InvalidParameter',
      'outboundType userDefinedRouting needs a node pool in your own subnet: set agentPoolProfiles[0].vnetSubnetID.',
      'properties.agentPoolProfiles[0].vnetSubnetID',
    );
  }
  if (pool?.enableNodePublicIP === true) {
    throw bad(
      'UDRWithNodePublicIPNotAllowed',
      `Node public IPs are not allowed with outboundType userDefinedRouting (agent pool ${pool.name}). Set enableNodePublicIP to false.`,
      'properties.agentPoolProfiles[0].enableNodePublicIP',
    );
  }
  const subnet = store.get(subnetId)!;
  const routeTableId: string | undefined = subnet.properties?.routeTable?.id;
  if (!routeTableId || !store.get(routeTableId)) {
    throw bad(
      'ExistingRouteTableNotAssociatedWithSubnet',
      `An existing route table has not been associated with subnet ${subnetId}. Please update the route table association before creating a cluster with outboundType userDefinedRouting.`,
    );
  }
  const defaultRoute = routesOf(store, routeTableId).find((r) => parseRange(r.addressPrefix)?.prefix === 0);
  if (!defaultRoute) {
    throw bad(
      'RouteTableMissingDefaultRouteError',
      `The route table ${routeTableId} associated with subnet ${subnetId} has no route for 0.0.0.0/0. Add a default route to your firewall's private IP.`,
    );
  }
  if (!['VirtualAppliance', 'VirtualNetworkGateway'].includes(defaultRoute.nextHopType)) {
    throw bad(
      'RouteTableInvalidNextHop',
      `The default route 0.0.0.0/0 in route table ${routeTableId} has next hop type ${defaultRoute.nextHopType}; only VirtualAppliance or VirtualNetworkGateway is allowed with outboundType userDefinedRouting.`,
    );
  }
  if (!identity.type.toLowerCase().includes('userassigned')) {
    throw bad(
      'CustomRouteTableWithUnsupportedMSIType',
      'A cluster with a custom route table needs a user-assigned control plane identity (its permissions on the route table must exist before the cluster). Set identity.type to UserAssigned.',
      'identity',
    );
  }
  const principal = identity.principalId ?? '';
  if (!hasRoleAssignment(store, principal, subnetId, SUBNET_JOIN)) {
    throw bad('LinkedAuthorizationFailed', linkedAuthorizationFailed(principal, nodeResourceGroupId, subnetId, SUBNET_JOIN));
  }
  const canUseRouteTable = ['Microsoft.Network/routeTables/write', 'Microsoft.Network/routeTables/join/action'].some((a) =>
    hasRoleAssignment(store, principal, routeTableId, a),
  );
  if (!canUseRouteTable) {
    throw bad(
      'CustomRouteTableMissingPermission',
      `The cluster identity ${identity.resourceId} (object id ${principal}) does not have permission on the route table ${routeTableId}. Grant it Network Contributor (or routeTables read/write/join) on the route table; a new role assignment can take minutes to take effect. See https://aka.ms/aks/customrt.`,
    );
  }
}

/**
 * ARM's linked access check as AKS meets it when it writes the node scale set (or the private DNS zone's
 * VNet link) as the cluster identity: allowed on the node resource group, not on the linked resource.
 */
export function linkedAuthorizationFailed(
  principalId: string,
  scope: string,
  linkedScope: string,
  linkedAction: string,
  action = 'Microsoft.Compute/virtualMachineScaleSets/write',
): string {
  return (
    `The client '${principalId}' with object id '${principalId}' has permission to perform action '${action}' on scope '${scope}'; ` +
    `however, it does not have permission to perform action(s) '${linkedAction}' on the linked scope(s) '${linkedScope}' (respectively) or the linked scope(s) are invalid.`
  );
}

/**
 * A private cluster with the system private DNS zone in your own VNet: AKS links the zone to the VNet as
 * the cluster identity, which needs virtualNetworks/join/action on the VNet itself (a grant on the subnet
 * is not enough). Without it the create fails with CreateOrUpdateVirtualNetworkLinkFailed
 * (learn.microsoft.com/troubleshoot/azure/azure-kubernetes/create-upgrade-delete/createorupdatevirtualnetworklinkfailed-error;
 * Azure/AKS#1983, MicrosoftDocs/azure-aks-docs#110).
 */
export function systemDnsZoneLinkFailure(
  cluster: ArmResource,
  identity: ClusterIdentity,
  hasRoleAssignment: HasRoleAssignment,
  store: Store,
): { code: string; message: string } | undefined {
  const access = cluster.properties?.apiServerAccessProfile;
  const subnetId: string | undefined = cluster.properties?.agentPoolProfiles?.[0]?.vnetSubnetID;
  if (access?.enablePrivateCluster !== true || String(access.privateDNSZone).toLowerCase() !== 'system' || !subnetId) return undefined;
  if (!identity.type.toLowerCase().includes('userassigned')) return undefined;
  const vnetId = parentIdOf(subnetId);
  const principal = identity.principalId ?? '';
  if (hasRoleAssignment(store, principal, vnetId, VNET_JOIN)) return undefined;
  const zoneName = String(cluster.properties?.privateFQDN ?? '')
    .split('.')
    .slice(1)
    .join('.');
  const zoneId = `${resourceGroupId(cluster.id.split('/')[2], String(cluster.properties?.nodeResourceGroup))}/providers/Microsoft.Network/privateDnsZones/${zoneName}`;
  return {
    code: 'CreateOrUpdateVirtualNetworkLinkFailed',
    message:
      `Create or update virtual network link for the private DNS zone of cluster ${cluster.name} failed: LinkedAuthorizationFailed: ` +
      linkedAuthorizationFailed(principal, zoneId, vnetId, VNET_JOIN, 'Microsoft.Network/privateDnsZones/virtualNetworkLinks/write') +
      ' Grant the cluster identity Network Contributor on the virtual network (not only the subnet), wait for it to take effect, then retry.',
  };
}

/**
 * What AKS will not change on an existing cluster: a node pool's VM size (add a new pool instead), the
 * address ranges and network plugin, and whether the API server is private. outboundType may change.
 * Compared on the cluster as built (defaults filled in), so an omitted value is not taken for a change.
 */
export function validateImmutableChanges(existing: ArmResource | undefined, next: ArmResource): void {
  if (!existing) return;
  const before = existing.properties ?? {};
  const after = next.properties ?? {};
  const refuse = (property: string, target: string) => {
    throw new ArmError(400, 'PropertyChangeNotAllowed', `Changing property '${property}' is not allowed.`, { target });
  };
  for (const key of ['podCidr', 'serviceCidr', 'dnsServiceIP', 'networkPlugin', 'networkPluginMode']) {
    const was = before.networkProfile?.[key];
    if (was !== undefined && String(was).toLowerCase() !== String(after.networkProfile?.[key] ?? '').toLowerCase()) {
      refuse(key, `properties.networkProfile.${key}`);
    }
  }
  if ((before.apiServerAccessProfile?.enablePrivateCluster === true) !== (after.apiServerAccessProfile?.enablePrivateCluster === true)) {
    refuse('enablePrivateCluster', 'properties.apiServerAccessProfile.enablePrivateCluster');
  }
  for (const pool of after.agentPoolProfiles ?? []) {
    const old = (before.agentPoolProfiles ?? []).find((p: any) => String(p.name).toLowerCase() === String(pool.name).toLowerCase());
    if (old && String(old.vmSize).toLowerCase() !== String(pool.vmSize).toLowerCase())
      refuse('vmSize', `properties.agentPoolProfiles[${pool.name}].vmSize`);
  }
}
