/**
 * Builds, through the real SDK clients, the network a private AKS cluster with userDefinedRouting needs:
 * VNet with firewall and node subnets, firewall (policy + rules), route table on the node subnet and the
 * cluster identity with Network Contributor on VNet, subnet and route table, waited until those role
 * assignments have propagated. Options break one piece at a time.
 */
import { randomUUID } from 'node:crypto';
import type { FirewallPolicyRuleCollectionUnion } from '@azure/arm-network';
import type { TestEmulator } from '../helpers/emulator.js';
import { SUB } from '../helpers/emulator.js';
import { finished } from '../helpers/clock.js';
import { DURATIONS } from '../../src/emulator/core/timing.js';
import { REPLICATION_AZURE_SECONDS } from '../../src/emulator/providers/authorization/principals.js';

export const RG = 'rg-aks';
export const LOCATION = 'eastus';
const NETWORK_CONTRIBUTOR = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/4d97b98b-1d4f-4787-a291-c67834d212e7`;

export interface NetworkOptions {
  /** Application rules of the firewall policy: the AKS tag + MCR (default), or none at all. */
  rules?: 'aks' | 'none';
  routeTable?: boolean;
  defaultRoute?: 'firewall' | 'Internet' | 'bogus' | 'none';
  grantSubnet?: boolean;
  /** Network Contributor on the VNet (the system private DNS zone's link needs it); default: as grantSubnet. */
  grantVnet?: boolean;
  grantRouteTable?: boolean;
}

/** Moves the emulator's clock past the time a new role assignment needs before Azure honours it (typical profile). */
export async function propagate(emu: TestEmulator): Promise<void> {
  await emu.control.advanceClock(DURATIONS['rbac-propagation'][0]);
}

export interface AksNetwork {
  identityId: string;
  principalId: string;
  nodeSubnetId: string;
  routeTableId: string;
  firewallIp: string;
}

export const AKS_RULES: FirewallPolicyRuleCollectionUnion[] = [
  {
    ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
    name: 'aks-required',
    priority: 100,
    action: { type: 'Allow' },
    rules: [
      {
        ruleType: 'ApplicationRule',
        name: 'aks-tag',
        sourceAddresses: ['10.42.1.0/24'],
        protocols: [{ protocolType: 'Https', port: 443 }],
        fqdnTags: ['AzureKubernetesService'],
      },
      {
        ruleType: 'ApplicationRule',
        name: 'aks-fqdns',
        sourceAddresses: ['10.42.1.0/24'],
        protocols: [{ protocolType: 'Https', port: 443 }],
        targetFqdns: ['mcr.microsoft.com', '*.data.mcr.microsoft.com', 'packages.aks.azure.com'],
      },
    ],
  },
];

/** Network Contributor for `principalId` at `scope` (not waited for: it takes effect after propagation). */
export async function grant(emu: TestEmulator, scope: string, principalId: string): Promise<void> {
  const auth = await emu.clients().authorization();
  for (let attempt = 0; ; attempt++) {
    try {
      await auth.roleAssignments.create(scope, randomUUID(), {
        roleDefinitionId: NETWORK_CONTRIBUTOR,
        principalId,
        principalType: 'ServicePrincipal',
      });
      return;
    } catch (err: any) {
      // A new identity may not have replicated yet (PrincipalNotFound): let the clock pass its replication.
      if (err?.code !== 'PrincipalNotFound' || attempt > 0) throw err;
      await emu.control.advanceClock(REPLICATION_AZURE_SECONDS);
    }
  }
}

export async function buildAksNetwork(emu: TestEmulator, opts: NetworkOptions = {}): Promise<AksNetwork> {
  const clients = emu.clients();
  const [resources, msi, network] = await Promise.all([clients.resources(), clients.msi(), clients.network()]);
  await resources.resourceGroups.createOrUpdate(RG, { location: LOCATION });
  const identity = await msi.userAssignedIdentities.createOrUpdate(RG, 'id-aks', { location: LOCATION });
  const vnet = await finished(
    emu,
    network.virtualNetworks.beginCreateOrUpdate(RG, 'vnet-aks', {
      location: LOCATION,
      addressSpace: { addressPrefixes: ['10.42.0.0/16'] },
      subnets: [
        { name: 'AzureFirewallSubnet', addressPrefix: '10.42.0.0/26' },
        { name: 'snet-aks-nodes', addressPrefix: '10.42.1.0/24' },
      ],
    }),
  );
  const fwSubnetId = `${vnet.id}/subnets/AzureFirewallSubnet`;
  const nodeSubnetId = `${vnet.id}/subnets/snet-aks-nodes`;
  const pip = await finished(
    emu,
    network.publicIPAddresses.beginCreateOrUpdate(RG, 'pip-fw', {
      location: LOCATION,
      sku: { name: 'Standard' },
      publicIPAllocationMethod: 'Static',
    }),
  );
  const policy = await finished(
    emu,
    network.firewallPolicies.beginCreateOrUpdate(RG, 'fwp-aks', { location: LOCATION, dnsSettings: { enableProxy: true } }),
  );
  await finished(
    emu,
    network.firewallPolicyRuleCollectionGroups.beginCreateOrUpdate(RG, 'fwp-aks', 'aks', {
      priority: 200,
      ruleCollections: (opts.rules ?? 'aks') === 'aks' ? AKS_RULES : [],
    }),
  );
  const fw = await finished(
    emu,
    network.azureFirewalls.beginCreateOrUpdate(RG, 'fw-aks', {
      location: LOCATION,
      sku: { name: 'AZFW_VNet', tier: 'Standard' },
      firewallPolicy: { id: policy.id },
      ipConfigurations: [{ name: 'ipconfig', subnet: { id: fwSubnetId }, publicIPAddress: { id: pip.id } }],
    }),
  );
  const firewallIp = fw.ipConfigurations![0].privateIPAddress!;
  const route = opts.defaultRoute ?? 'firewall';
  const routes =
    route === 'none'
      ? []
      : [
          route === 'Internet'
            ? { name: 'default', addressPrefix: '0.0.0.0/0', nextHopType: 'Internet' }
            : {
                name: 'default',
                addressPrefix: '0.0.0.0/0',
                nextHopType: 'VirtualAppliance',
                nextHopIpAddress: route === 'bogus' ? '10.42.0.60' : firewallIp,
              },
        ];
  const table = await finished(emu, network.routeTables.beginCreateOrUpdate(RG, 'rt-aks', { location: LOCATION, routes }));
  await finished(
    emu,
    network.subnets.beginCreateOrUpdate(RG, 'vnet-aks', 'snet-aks-nodes', {
      addressPrefix: '10.42.1.0/24',
      ...(opts.routeTable === false ? {} : { routeTable: { id: table.id } }),
    }),
  );
  const principalId = identity.principalId!;
  if (opts.grantSubnet !== false) await grant(emu, nodeSubnetId, principalId);
  if (opts.grantVnet ?? opts.grantSubnet !== false) await grant(emu, vnet.id!, principalId);
  if (opts.grantRouteTable !== false) await grant(emu, table.id!, principalId);
  await propagate(emu);
  return { identityId: identity.id!, principalId, nodeSubnetId, routeTableId: table.id!, firewallIp };
}

const AKS_RBAC_CLUSTER_ADMIN = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b`;

/** The emulator's default caller: the principal runCommand's kubectl acts as. */
export const CALLER_PRINCIPAL_ID = '11111111-1111-1111-1111-111111111111';

/**
 * Grants the caller Azure Kubernetes Service RBAC Cluster Admin on the cluster (Azure RBAC for Kubernetes:
 * without it kubectl is Forbidden) and waits until the assignment has propagated.
 */
export async function grantClusterAdmin(emu: TestEmulator, clusterName: string): Promise<void> {
  const scope = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/${clusterName}`;
  const auth = await emu.clients().authorization();
  await auth.roleAssignments.create(scope, randomUUID(), {
    roleDefinitionId: AKS_RBAC_CLUSTER_ADMIN,
    principalId: CALLER_PRINCIPAL_ID,
    principalType: 'User',
  });
  await propagate(emu);
}

/** The secure-by-default private cluster the product creates, in the SDK's (flattened) model. */
export function privateCluster(net: AksNetwork, overrides: { properties?: Record<string, any>; pool?: Record<string, any> } = {}): any {
  return {
    location: LOCATION,
    tags: { 'managed-by': 'secure-aks', 'secure-aks-deployment': 'test' },
    identity: { type: 'UserAssigned', userAssignedIdentities: { [net.identityId]: {} } },
    dnsPrefix: 'aks-demo',
    enableRBAC: true,
    disableLocalAccounts: true,
    aadProfile: { managed: true, enableAzureRbac: true },
    apiServerAccessProfile: { enablePrivateCluster: true, privateDNSZone: 'system', enablePrivateClusterPublicFqdn: false },
    oidcIssuerProfile: { enabled: true },
    securityProfile: { workloadIdentity: { enabled: true } },
    networkProfile: {
      networkPlugin: 'azure',
      networkPluginMode: 'overlay',
      networkPolicy: 'cilium',
      networkDataplane: 'cilium',
      outboundType: 'userDefinedRouting',
      podCidr: '10.244.0.0/16',
      serviceCidr: '10.0.0.0/16',
      dnsServiceIP: '10.0.0.10',
    },
    agentPoolProfiles: [
      {
        name: 'system',
        mode: 'System',
        count: 3,
        vmSize: 'Standard_D4ds_v5',
        vnetSubnetID: net.nodeSubnetId,
        osType: 'Linux',
        enableNodePublicIP: false,
        type: 'VirtualMachineScaleSets',
        ...overrides.pool,
      },
    ],
    ...overrides.properties,
  };
}
