/**
 * The order of teardown: the reverse of creation, shaped by Azure's in-use rules. A NIC cannot go before
 * its VM, a public IP before its Bastion or firewall, a policy before its firewall, a subnet while a NIC,
 * firewall, Bastion or private endpoint sits in it, a route table or NSG while a subnet points at it.
 * Subnets (and the VNet) therefore go before the route table and NSGs, which removes those associations
 * with them; subnets that stay are detached explicitly. Independent chains run side by side.
 */
import type { ResourceNames } from '../config/types.js';
import type { StepId } from '../core/step.js';
import {
  deleteBastion,
  deleteFirewall,
  deleteNic,
  deleteNsg,
  deletePolicy,
  deletePublicIp,
  deleteRouteTable,
  deleteRuleGroup,
  deleteSubnet,
  deleteVnet,
} from './network-actions.js';
import { deleteDataCollectionRule, deleteWorkspace } from './insights-actions.js';
import {
  deleteKeyVault,
  deletePolicyAssignment,
  deletePrivateDnsLink,
  deletePrivateDnsZone,
  deletePrivateEndpoint,
  deleteVaultRoleAssignment,
} from './policy-keyvault-actions.js';
import { deleteCluster, deleteDisk, deleteIdentity, deleteOrphanNodeGroup, deleteResourceGroup, deleteVm } from './other-actions.js';
import type { Chain, OwnedResource, Phase, TeardownAction } from './types.js';

/** Lower-case ARM types (ARM compares types case-insensitively) and the spelled types we report. */
export const TYPES = {
  vm: 'microsoft.compute/virtualmachines',
  disk: 'microsoft.compute/disks',
  nic: 'microsoft.network/networkinterfaces',
  bastion: 'microsoft.network/bastionhosts',
  pip: 'microsoft.network/publicipaddresses',
  cluster: 'microsoft.containerservice/managedclusters',
  firewall: 'microsoft.network/azurefirewalls',
  policy: 'microsoft.network/firewallpolicies',
  rcg: 'microsoft.network/firewallpolicies/rulecollectiongroups',
  routeTable: 'microsoft.network/routetables',
  nsg: 'microsoft.network/networksecuritygroups',
  vnet: 'microsoft.network/virtualnetworks',
  subnet: 'microsoft.network/virtualnetworks/subnets',
  identity: 'microsoft.managedidentity/userassignedidentities',
  group: 'microsoft.resources/resourcegroups',
  workspace: 'microsoft.operationalinsights/workspaces',
  dcr: 'microsoft.insights/datacollectionrules',
  subnetType: 'Microsoft.Network/virtualNetworks/subnets',
  rcgType: 'Microsoft.Network/firewallPolicies/ruleCollectionGroups',
  keyVault: 'microsoft.keyvault/vaults',
  privateEndpoint: 'microsoft.network/privateendpoints',
  privateDnsZone: 'microsoft.network/privatednszones',
  policyAssignment: 'microsoft.authorization/policyassignments',
  privateDnsLink: 'microsoft.network/privatednszones/virtualnetworklinks',
  /** Only the vault's: the cluster identity's assignments come ready-made (see buildPlan). */
  vaultRoleAssignment: 'microsoft.authorization/roleassignments',
} as const;

/** The step whose journal entry a resource belongs to; undefined = a type secure-aks never creates. */
export function stepOf(type: string, name: string, names: ResourceNames): StepId | undefined {
  switch (type.toLowerCase()) {
    case TYPES.vm:
    case TYPES.disk:
    case TYPES.nic:
    case TYPES.bastion:
      return 'bastion';
    case TYPES.pip:
      return name.toLowerCase() === names.bastionPublicIp.toLowerCase() ? 'bastion' : 'egress-route';
    case TYPES.cluster:
    case TYPES.workspace:
    case TYPES.dcr:
      return 'cluster';
    case TYPES.policy:
      return 'firewall-rules';
    case TYPES.firewall:
    case TYPES.routeTable:
      return 'egress-route';
    case TYPES.nsg:
      return 'nsg';
    case TYPES.vnet:
      return 'network';
    case TYPES.identity:
      return 'identity';
    case TYPES.keyVault:
    case TYPES.privateEndpoint:
    case TYPES.privateDnsZone:
    case TYPES.privateDnsLink:
    case TYPES.vaultRoleAssignment:
      return 'private-endpoint';
    case TYPES.policyAssignment:
      return 'cluster';
    default:
      return undefined;
  }
}

const isType = (r: OwnedResource, t: string) => r.type.toLowerCase() === t;

/** Adopted resources to put back: the VNet after our subnets in it are gone, route tables and NSGs after the VNet. */
export interface Restores {
  network: TeardownAction[];
  attachments: TeardownAction[];
}

/** Builds the phases from what discovery found; role assignment and restore actions come ready-made. */
export function buildPlan(
  owned: OwnedResource[],
  roleAssignments: TeardownAction[],
  restores: Restores = { network: [], attachments: [] },
): Phase[] {
  const of = (t: string, make: (r: OwnedResource) => TeardownAction, keep: (r: OwnedResource) => boolean = () => true): Chain =>
    owned.filter((r) => isType(r, t) && keep(r)).map(make);
  const bastionIp = (r: OwnedResource) => r.step === 'bastion';
  const phases: Phase[] = [
    {
      label: 'jumphost, Bastion and cluster',
      chains: [
        [...of(TYPES.vm, deleteVm), ...of(TYPES.nic, deleteNic), ...of(TYPES.disk, deleteDisk)],
        [...of(TYPES.bastion, deleteBastion), ...of(TYPES.pip, deletePublicIp, bastionIp)],
        [
          ...of(TYPES.policyAssignment, deletePolicyAssignment),
          ...of(TYPES.cluster, deleteCluster),
          ...of(TYPES.group, deleteOrphanNodeGroup, (r) => r.step === 'cluster'),
          // After the cluster: its association with the rule goes with it, and the rule names the workspace.
          ...of(TYPES.dcr, deleteDataCollectionRule),
          ...of(TYPES.workspace, deleteWorkspace),
        ],
        // The endpoint leaves the node subnet before the subnets go; the zone after its links.
        [
          ...of(TYPES.privateEndpoint, deletePrivateEndpoint),
          ...of(TYPES.vaultRoleAssignment, deleteVaultRoleAssignment),
          ...of(TYPES.keyVault, deleteKeyVault),
          ...of(TYPES.privateDnsLink, deletePrivateDnsLink),
          ...of(TYPES.privateDnsZone, deletePrivateDnsZone),
        ],
      ],
    },
    { label: 'role assignments of the cluster identity', chains: [roleAssignments] },
    {
      label: 'firewall',
      chains: [
        [
          ...of(TYPES.firewall, deleteFirewall),
          ...of(TYPES.rcg, deleteRuleGroup),
          ...of(TYPES.policy, deletePolicy),
          ...of(TYPES.pip, deletePublicIp, (r) => !bastionIp(r)),
        ],
      ],
    },
    {
      label: 'subnets and virtual network',
      chains: [[...of(TYPES.subnet, deleteSubnet), ...of(TYPES.vnet, deleteVnet), ...restores.network]],
    },
    {
      label: 'route table and network security groups',
      chains: [...of(TYPES.routeTable, deleteRouteTable), ...of(TYPES.nsg, deleteNsg), ...restores.attachments].map((a) => [a]),
    },
    { label: 'cluster identity', chains: [of(TYPES.identity, deleteIdentity)] },
    { label: 'resource group', chains: [of(TYPES.group, deleteResourceGroup, (r) => r.step === 'identity')] },
  ];
  return phases.map((p) => ({ ...p, chains: p.chains.filter((c) => c.length > 0) })).filter((p) => p.chains.length > 0);
}
