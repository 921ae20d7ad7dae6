/**
 * Builds a managed cluster as AKS returns it from the PUT body: the writable properties echoed (secrets
 * dropped), defaults filled in and the server-generated ones (FQDNs, node resource group, kubelet
 * identity, OIDC issuer, versions) created once and kept stable across updates.
 */
import type { ArmResource, EmulatorContext } from '../../core/contract.js';
import { resourceGroupId, TENANT_ID } from '../../core/ids.js';
import { addonProfiles } from './addon-identities.js';
import { shortHash } from './stable-names.js';
import { validateImmutableChanges } from './validate-cluster.js';
import { resolveKubernetesVersion } from './versions.js';
import { validateTier } from './validate-tier.js';

export const CLUSTER_TYPE = 'Microsoft.ContainerService/managedClusters';

export interface ClusterAddress {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

/** Server-generated values that never change after create. */
interface Generated {
  hash: string;
  privateGuid: string;
  nodeResourceGroup: string;
  kubeletClientId: string;
  kubeletObjectId: string;
  issuerGuid: string;
  resourceUID: string;
}

function generated(ctx: EmulatorContext, at: ClusterAddress, region: string, body: any, existing?: ArmResource): Generated {
  const previous = existing?.properties ?? {};
  const kubelet = previous.identityProfile?.kubeletidentity;
  return {
    hash:
      previous.fqdn?.split('.')[0]?.split('-').pop() ??
      previous.privateFQDN?.split('.')[0]?.split('-').pop() ??
      shortHash(`${at.subscriptionId}/${at.resourceGroup}/${at.name}`),
    privateGuid: previous.privateFQDN?.split('.')[1] ?? ctx.newGuid(),
    nodeResourceGroup: previous.nodeResourceGroup ?? body?.properties?.nodeResourceGroup ?? `MC_${at.resourceGroup}_${at.name}_${region}`,
    kubeletClientId: kubelet?.clientId ?? ctx.newGuid(),
    kubeletObjectId: kubelet?.objectId ?? ctx.newGuid(),
    issuerGuid: previous.oidcIssuerProfile?.issuerURL?.split('/').filter(Boolean).pop() ?? ctx.newGuid(),
    resourceUID: previous.resourceUID ?? shortHash(ctx.newGuid(), 16) + shortHash(ctx.newGuid(), 8),
  };
}

function defaultMaxPods(plugin: string, mode: string | undefined): number {
  if (plugin === 'azure' && mode !== 'overlay') return 30;
  return plugin === 'kubenet' ? 110 : 250;
}

export function networkProfile(input: any): Record<string, any> {
  const plugin = input?.networkPlugin ?? 'azure';
  const overlay = plugin === 'azure' && (input?.networkPluginMode ?? 'overlay') === 'overlay' && !input?.podSubnetID;
  const serviceCidr = input?.serviceCidr ?? '10.0.0.0/16';
  const podCidr = overlay || plugin === 'kubenet' ? (input?.podCidr ?? '10.244.0.0/16') : undefined;
  const outboundType = input?.outboundType ?? 'loadBalancer';
  return {
    ...input,
    networkPlugin: plugin,
    ...(overlay ? { networkPluginMode: 'overlay' } : {}),
    ...(input?.networkPolicy === 'cilium' ? { networkDataplane: 'cilium' } : { networkDataplane: input?.networkDataplane ?? 'azure' }),
    serviceCidr,
    serviceCidrs: [serviceCidr],
    dnsServiceIP: input?.dnsServiceIP ?? '10.0.0.10',
    ...(podCidr ? { podCidr, podCidrs: [podCidr] } : {}),
    outboundType,
    loadBalancerSku: input?.loadBalancerSku ?? 'standard',
    ipFamilies: input?.ipFamilies ?? ['IPv4'],
    ...(outboundType === 'loadBalancer'
      ? { loadBalancerProfile: input?.loadBalancerProfile ?? { managedOutboundIPs: { count: 1 }, backendPoolType: 'nodeIPConfiguration' } }
      : {}),
  };
}

/**
 * A private cluster lists the private link resource its API server endpoint is reached through, as
 * recorded private cluster traffic shows (Azure/azure-cli src/azure-cli/azure/cli/command_modules/acs/
 * tests/latest/recordings/test_aks_create_private_cluster_public_fqdn.yaml).
 */
function privateLinkResources(clusterId: string): any[] {
  return [
    {
      id: `${clusterId}/privateLinkResources/management`,
      name: 'management',
      type: `${CLUSTER_TYPE}/privateLinkResources`,
      groupId: 'management',
      requiredMembers: ['management'],
    },
  ];
}

function agentPools(pools: any[], requested: string, version: string, net: Record<string, any>): any[] {
  return (pools ?? []).map((pool, i) => {
    return {
      ...pool,
      name: pool.name ?? `nodepool${i + 1}`,
      count: pool.count ?? 3,
      vmSize: pool.vmSize ?? 'Standard_D4ds_v5',
      osDiskSizeGB: pool.osDiskSizeGB ?? 128,
      osDiskType: pool.osDiskType ?? 'Managed',
      kubeletDiskType: 'OS',
      maxPods: pool.maxPods ?? defaultMaxPods(net.networkPlugin, net.networkPluginMode),
      type: pool.type ?? 'VirtualMachineScaleSets',
      mode: pool.mode ?? (i === 0 ? 'System' : 'User'),
      osType: pool.osType ?? 'Linux',
      osSKU: pool.osSKU ?? 'Ubuntu',
      orchestratorVersion: requested,
      currentOrchestratorVersion: version,
      nodeImageVersion: 'AKSUbuntu-2204gen2containerd-202510.13.0',
      enableNodePublicIP: pool.enableNodePublicIP ?? false,
      enableFIPS: pool.enableFIPS ?? false,
      upgradeSettings: pool.upgradeSettings ?? { maxSurge: '10%' },
      powerState: { code: 'Running' },
      provisioningState: 'Succeeded',
      eTag: shortHash(JSON.stringify(pool), 8),
    };
  });
}

/** The cluster as it will read once the operation succeeds; throws what AKS refuses to change. */
export function buildCluster(ctx: EmulatorContext, at: ClusterAddress, body: any, existing?: ArmResource): ArmResource {
  const region = String(body.location).toLowerCase().replace(/\s+/g, '');
  const input = body.properties ?? {};
  const gen = generated(ctx, at, region, body, existing);
  const version = resolveKubernetesVersion(input.kubernetesVersion);
  const { sku, supportPlan } = validateTier(body, version);
  // AKS keeps `kubernetesVersion` as sent ("1.33" stays "1.33"); the patch it runs is `currentKubernetesVersion`.
  const requestedVersion = String(input.kubernetesVersion ?? '').trim() || version;
  const net = networkProfile(input.networkProfile);
  const dnsPrefix = input.dnsPrefix ?? input.fqdnSubdomain ?? `${at.name}-${at.resourceGroup}-${at.subscriptionId.slice(0, 6)}`;
  const host = `${dnsPrefix}-${gen.hash}`;
  const access = input.apiServerAccessProfile ?? {};
  const isPrivate = access.enablePrivateCluster === true;
  const privateDNSZone: string = isPrivate ? (access.privateDNSZone ?? 'system') : '';
  const zoneName = privateDNSZone.startsWith('/') ? privateDNSZone.split('/').pop() : `${gen.privateGuid}.privatelink.${region}.azmk8s.io`;
  const publicFqdn = !isPrivate || access.enablePrivateClusterPublicFQDN !== false;
  // Secrets (service principal secret, Windows admin password) are write-only.
  const echoed = {
    ...input,
    servicePrincipalProfile: undefined,
    windowsProfile: input.windowsProfile ? { ...input.windowsProfile, adminPassword: undefined } : undefined,
  };
  const identity = body.identity
    ? identityWithIds(ctx, body.identity, existing)
    : { type: 'SystemAssigned', principalId: ctx.newGuid(), tenantId: TENANT_ID };
  const nodeRgId = resourceGroupId(at.subscriptionId, gen.nodeResourceGroup);
  // A cluster keeps the casing it was created with, whatever casing later requests use.
  const clusterId = existing?.id ?? `${resourceGroupId(at.subscriptionId, at.resourceGroup)}/providers/${CLUSTER_TYPE}/${at.name}`;
  const cluster: ArmResource = {
    id: clusterId,
    name: existing?.name ?? at.name,
    type: CLUSTER_TYPE,
    location: region,
    tags: body.tags ?? {},
    identity,
    sku,
    eTag: shortHash(JSON.stringify(body) + ctx.now(), 8),
    properties: {
      ...echoed,
      provisioningState: 'Succeeded',
      powerState: { code: 'Running' },
      kubernetesVersion: requestedVersion,
      currentKubernetesVersion: version,
      dnsPrefix,
      ...(publicFqdn ? { fqdn: `${host}.hcp.${region}.azmk8s.io`, azurePortalFQDN: `${host}.portal.hcp.${region}.azmk8s.io` } : {}),
      ...(isPrivate && privateDNSZone !== 'none' ? { privateFQDN: `${host}.${zoneName}` } : {}),
      ...(isPrivate
        ? {
            apiServerAccessProfile: { ...access, privateDNSZone, enablePrivateClusterPublicFQDN: publicFqdn, privateClusterVersion: 'v1' },
            privateLinkResources: privateLinkResources(clusterId),
          }
        : {}),
      agentPoolProfiles: agentPools(input.agentPoolProfiles, requestedVersion, version, net),
      addonProfiles: addonProfiles(
        ctx,
        input.addonProfiles,
        { subscriptionId: at.subscriptionId, nodeResourceGroup: gen.nodeResourceGroup, cluster: existing?.name ?? at.name },
        existing?.properties?.addonProfiles,
      ),
      maxAgentPools: 100,
      nodeResourceGroup: gen.nodeResourceGroup,
      enableRBAC: input.enableRBAC ?? true,
      supportPlan,
      networkProfile: net,
      servicePrincipalProfile: { clientId: 'msi' },
      identityProfile: {
        kubeletidentity: {
          resourceId: `${nodeRgId}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${at.name}-agentpool`,
          clientId: gen.kubeletClientId,
          objectId: gen.kubeletObjectId,
        },
      },
      ...(input.aadProfile ? { aadProfile: { tenantID: TENANT_ID, ...input.aadProfile } } : {}),
      oidcIssuerProfile: input.oidcIssuerProfile?.enabled
        ? { enabled: true, issuerURL: `https://${region}.oic.prod-aks.azure.com/${TENANT_ID}/${gen.issuerGuid}/` }
        : { enabled: false },
      disableLocalAccounts: input.disableLocalAccounts ?? false,
      // AKS answers securityProfile even when nothing in it is set (recorded Azure CLI traffic:
      // Azure/azure-cli src/azure-cli/azure/cli/command_modules/acs/tests/latest/recordings/test_aks_run_command.yaml).
      securityProfile: input.securityProfile ?? {},
      // The disk and file CSI drivers and the snapshot controller are on unless the request turns them off,
      // and an empty workloadAutoScalerProfile is answered too (recorded Azure CLI traffic: Azure/azure-cli
      // src/azure-cli/azure/cli/command_modules/acs/tests/latest/recordings/test_aks_create_again_should_fail.yaml,
      // a create sending `storageProfile: {}`).
      storageProfile: storageProfile(input.storageProfile),
      workloadAutoScalerProfile: input.workloadAutoScalerProfile ?? {},
      autoUpgradeProfile: input.autoUpgradeProfile ?? { nodeOSUpgradeChannel: 'NodeImage' },
      resourceUID: gen.resourceUID,
    },
  };
  // An update that AKS would refuse never becomes an operation (400 PropertyChangeNotAllowed).
  validateImmutableChanges(existing, cluster);
  return cluster;
}

function storageProfile(input: any): Record<string, unknown> {
  const given = input && typeof input === 'object' ? input : {};
  const on = (key: string) => ({ ...given[key], enabled: given[key]?.enabled ?? true });
  return { ...given, diskCSIDriver: on('diskCSIDriver'), fileCSIDriver: on('fileCSIDriver'), snapshotController: on('snapshotController') };
}

/** AKS fills principalId/clientId of each user-assigned identity from the identity resource. */
function identityWithIds(ctx: EmulatorContext, identity: any, existing?: ArmResource): Record<string, unknown> {
  const assigned: Record<string, unknown> = {};
  for (const key of Object.keys(identity.userAssignedIdentities ?? {})) {
    const msi = ctx.store.get(key);
    assigned[key] = { principalId: msi?.properties?.principalId, clientId: msi?.properties?.clientId };
  }
  const system = String(identity.type).toLowerCase().includes('systemassigned');
  return {
    type: identity.type,
    ...(system ? { principalId: (existing?.identity as any)?.principalId ?? ctx.newGuid(), tenantId: TENANT_ID } : {}),
    ...(Object.keys(assigned).length ? { userAssignedIdentities: assigned } : {}),
  };
}
