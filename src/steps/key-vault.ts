import type { ManagedCluster } from '@azure/arm-containerservice';
import type { DeletedVault, Vault } from '@azure/arm-keyvault';
import type { Change, PropertyDiff, StepOutputs } from '../core/step.js';
import type { StepContext } from '../engine/step.js';
import { SecureAksError } from '../core/errors.js';
import { azureCall, azureErrorCode, getOrUndefined, toAzureError } from '../azure/errors.js';
import { armId, nameOf, resourceGroupOfId, sameId, scopeParam, vnetIdOfSubnet } from '../azure/ids.js';
import { lroOptions } from '../azure/lro.js';
import { isProvisioning, waitWhileProvisioning } from '../azure/provisioning.js';
import { KEY_VAULT_PRIVATE_DNS_ZONE } from '../azure/private-link-zones.js';
import { grantRole, ROLE_ASSIGNMENT_TYPE, roleAssignmentChange, type RoleAssignmentSpec } from '../azure/role-assignments.js';
import { createdByDeployment, MANAGED_BY_TAG, MANAGED_BY_VALUE, ourTags, tagsDiff, tagsForPut } from '../core/tags.js';
import { addonIdentity } from './desired/cluster-addons-policy-keyvault.js';
import { changeFor, diffProperties } from './desired/diff.js';

export const TYPES = {
  vault: 'Microsoft.KeyVault/vaults',
  endpoint: 'Microsoft.Network/privateEndpoints',
  zone: 'Microsoft.Network/privateDnsZones',
  link: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
  zoneGroup: 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups',
  record: 'Microsoft.Network/privateDnsZones/A',
} as const;

/** https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/security#key-vault-secrets-user */
export const KEY_VAULT_SECRETS_USER = '4633458b-17de-408a-b874-0445c86b69e6';
/** The group id of a vault's private link resource (https://learn.microsoft.com/azure/private-link/private-endpoint-overview#private-link-resource). */
const VAULT_GROUP_ID = 'vault';
/** The zone group's name, as `az network private-endpoint dns-zone-group create` examples use it. */
const ZONE_GROUP = 'default';
/** Azure's default and maximum soft-delete retention (https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview). */
const RETENTION_DAYS = 90;

export interface KeyVaultInputs {
  nodeSubnetId: string;
  /** The cluster as Azure has it (undefined in a plan before step 5). */
  cluster?: ManagedCluster;
}

const zoneName = (ctx: StepContext) => KEY_VAULT_PRIVATE_DNS_ZONE[ctx.azure.target.cloud];
const linkName = (ctx: StepContext) => `link-${ctx.names.vnet}`;
const vaultLabel = (ctx: StepContext) => ctx.names.keyVault.toLowerCase();

/**
 * The vault's settings: RBAC authorization (the add-on's identity gets a role, no access policies),
 * reachable only through its private endpoint (public network access off, firewall deny, trusted Azure
 * services allowed), soft delete with the full 90 days, and purge protection on: the vault holds the
 * cluster's workload secrets, and purge protection is what makes a deletion (by mistake or by an attacker)
 * recoverable for the whole retention period. It cannot be turned off again, and it keeps a destroyed
 * vault's name reserved until the retention ends: a later `init` of the same deployment recovers the vault
 * instead (`createMode: recover`), so the name never blocks. Azure's security baseline recommends it
 * (https://learn.microsoft.com/azure/key-vault/general/security-features#deletion-protection).
 */
function vaultProperties(tenantId: string) {
  return {
    tenantId,
    sku: { family: 'A' as const, name: 'standard' as const },
    enableRbacAuthorization: true,
    publicNetworkAccess: 'Disabled',
    networkAcls: { defaultAction: 'Deny' as const, bypass: 'AzureServices' as const, ipRules: [], virtualNetworkRules: [] },
    enableSoftDelete: true,
    softDeleteRetentionInDays: RETENTION_DAYS,
    enablePurgeProtection: true,
  };
}

function vaultDiff(current: Vault): PropertyDiff[] {
  const want = vaultProperties(current.properties.tenantId);
  return diffProperties(current.properties, {
    'sku.name': want.sku.name,
    enableRbacAuthorization: true,
    publicNetworkAccess: want.publicNetworkAccess,
    'networkAcls.defaultAction': 'Deny',
    'networkAcls.bypass': 'AzureServices',
    enablePurgeProtection: true,
  }).map((d) => ({ ...d, property: `properties.${d.property}` }));
}

interface Found {
  vault?: Vault;
  deleted?: DeletedVault;
  endpoint?: Awaited<ReturnType<Awaited<ReturnType<StepContext['azure']['network']>>['privateEndpoints']['get']>>;
  zone?: { id?: string; tags?: Record<string, string> };
  /** The zone is one of that name elsewhere that the VNet is already linked to: used, never written. */
  zoneElsewhere?: boolean;
  link?: { id?: string; name?: string; tags?: Record<string, string> };
  zoneGroup?: { id?: string; provisioningState?: string };
  record?: { id?: string; aRecords?: Array<{ ipv4Address?: string }> };
}

/**
 * The vault alone, for a deployment with keyVault off: a subscription that never registered
 * Microsoft.KeyVault answers MissingSubscriptionRegistration, which means no vault either.
 */
async function readVaultOnly(ctx: StepContext): Promise<Vault | undefined> {
  const kv = await ctx.azure.keyVault();
  try {
    return await getOrUndefined(() => kv.vaults.get(ctx.config.resourceGroup, ctx.names.keyVault));
  } catch (error) {
    if (azureErrorCode(error) === 'MissingSubscriptionRegistration') return undefined;
    throw toAzureError(error, `Reading key vault ${ctx.names.keyVault}`);
  }
}

async function read(ctx: StepContext, vnetId: string): Promise<Found> {
  const rg = ctx.config.resourceGroup;
  const [kv, net, dns] = await Promise.all([ctx.azure.keyVault(), ctx.azure.network(), ctx.azure.privateDns()]);
  const name = ctx.names.keyVault;
  const vault = await azureCall(`Reading key vault ${name}`, () => getOrUndefined(() => kv.vaults.get(rg, name)));
  const deleted = vault
    ? undefined
    : await azureCall(`Reading deleted key vault ${name}`, () => getOrUndefined(() => kv.vaults.getDeleted(name, ctx.config.location)));
  const pe = ctx.names.keyVaultPrivateEndpoint;
  const endpoint = await azureCall(`Reading private endpoint ${pe}`, () => getOrUndefined(() => net.privateEndpoints.get(rg, pe)));
  const zoneGroup = endpoint
    ? await azureCall(`Reading DNS zone group of ${pe}`, () => getOrUndefined(() => net.privateDnsZoneGroups.get(rg, pe, ZONE_GROUP)))
    : undefined;
  const zone = await azureCall(`Reading private DNS zone ${zoneName(ctx)}`, () =>
    getOrUndefined(() => dns.privateZones.get(rg, zoneName(ctx))),
  );
  let link: Found['link'];
  let record: Found['record'];
  if (zone) for await (const l of dns.virtualNetworkLinks.list(rg, zoneName(ctx))) if (sameId(l.virtualNetwork?.id, vnetId)) link = l;
  const elsewhere = link ? undefined : await zoneLinkedElsewhere(ctx, vnetId);
  const used = elsewhere?.zone ?? zone;
  if (used?.id)
    record = await azureCall(`Reading A record ${vaultLabel(ctx)}`, () =>
      getOrUndefined(() => dns.recordSets.get(resourceGroupOfId(used.id!), zoneName(ctx), 'A', vaultLabel(ctx))),
    );
  return elsewhere
    ? { vault, deleted, endpoint, zone: elsewhere.zone, zoneElsewhere: true, link: elsewhere.link, zoneGroup, record }
    : { vault, deleted, endpoint, zone, link, zoneGroup, record };
}

/**
 * A zone of the Key Vault zone's name in another resource group of the subscription that the VNet is
 * already linked to (an adopted VNet in a hub-and-spoke setup usually is). Azure refuses a second link of
 * the VNet to a zone of the same name (400 BadRequest "A virtual network cannot be linked to multiple zones
 * with overlapping namespaces"), and the VNet resolves the vault's name through that zone anyway: the
 * endpoint's zone group registers the A record there; the zone and its link are the user's, never written
 * or deleted. Without the right to list the subscription's zones, none is found here and the link write
 * says so (linkConflictError).
 */
async function zoneLinkedElsewhere(ctx: StepContext, vnetId: string): Promise<{ zone: Found['zone']; link: Found['link'] } | undefined> {
  const dns = await ctx.azure.privateDns();
  const name = zoneName(ctx).toLowerCase();
  try {
    for await (const z of dns.privateZones.list()) {
      if (z.name?.toLowerCase() !== name || !z.id || sameId(resourceGroupOfId(z.id), ctx.config.resourceGroup)) continue;
      for await (const l of dns.virtualNetworkLinks.list(resourceGroupOfId(z.id), z.name))
        if (sameId(l.virtualNetwork?.id, vnetId)) return { zone: z, link: l };
    }
  } catch (error) {
    if (azureErrorCode(error) === 'AuthorizationFailed') return undefined;
    throw toAzureError(error, `Listing private DNS zones named ${zoneName(ctx)}`);
  }
  return undefined;
}

/** The link write refused because the VNet is linked to a zone of that name we could not see. */
function linkConflictError(ctx: StepContext, error: unknown): unknown {
  if (!/overlapping namespaces/i.test(String((error as { message?: string })?.message ?? ''))) return error;
  const zone = zoneName(ctx);
  return new SecureAksError(
    'KeyVaultDnsZoneConflict',
    `Virtual network ${ctx.names.vnet} is already linked to another private DNS zone named ${zone}, which secure-aks cannot read, so the Key Vault's A record cannot be registered in it.`,
    {
      source: 'user',
      remediation: `Give the deploying identity read and write on that zone (Private DNS Zone Contributor) in its subscription, or add an A record ${vaultLabel(ctx)} for the vault's private endpoint there yourself; then run \`secure-aks init\` again.`,
    },
  );
}

/**
 * The endpoint and zone group writes are not journaled: a run killed mid-write leaves them Updating (Azure
 * still working) or Failed. Either is a change: apply waits for the first and writes the second again.
 */
function unsettled(resource: { provisioningState?: string } | undefined): PropertyDiff[] {
  const state = resource?.provisioningState;
  return resource && state !== 'Succeeded' ? [{ property: 'provisioningState', current: state, desired: 'Succeeded' }] : [];
}

/** A soft-deleted vault this deployment may recover: the same id, made by secure-aks. */
function recoverable(ctx: StepContext, deleted: DeletedVault | undefined): boolean {
  const vaultId = armId(ctx, TYPES.vault, ctx.names.keyVault);
  return !!deleted && sameId(deleted.properties?.vaultId, vaultId) && deleted.properties?.tags?.[MANAGED_BY_TAG] === MANAGED_BY_VALUE;
}

function softDeletedError(ctx: StepContext, deleted: DeletedVault | undefined): SecureAksError {
  const name = ctx.names.keyVault;
  const until = deleted?.properties?.scheduledPurgeDate
    ? ` until ${new Date(deleted.properties.scheduledPurgeDate).toISOString().slice(0, 10)}`
    : '';
  return new SecureAksError(
    'KeyVaultNameSoftDeleted',
    `Key vault name ${name} is held by a soft-deleted vault${until} that this deployment cannot recover (it was not created by secure-aks in resource group ${ctx.config.resourceGroup}).`,
    {
      source: 'user',
      remediation: `Recover it where it was (\`az keyvault recover --name ${name}\`) or, without purge protection, purge it (\`az keyvault purge --name ${name}\`); or deploy under another cluster name or resource group, which gives another vault name.`,
    },
  );
}

function roleSpec(ctx: StepContext, cluster: ManagedCluster | undefined): RoleAssignmentSpec {
  return {
    scope: armId(ctx, TYPES.vault, ctx.names.keyVault),
    principalId: addonIdentity(cluster, 'keyVault')?.objectId ?? '',
    roleGuid: KEY_VAULT_SECRETS_USER,
    label: `Key Vault Secrets User for azurekeyvaultsecretsprovider-${ctx.names.cluster} on ${ctx.names.keyVault}`,
  };
}

/** Our role assignments on the vault: made by this deployment (its description says so). */
async function ourVaultRoleAssignments(ctx: StepContext) {
  const auth = await ctx.azure.authorization();
  const scope = armId(ctx, TYPES.vault, ctx.names.keyVault);
  const out = [];
  for await (const ra of auth.roleAssignments.listForScope(scopeParam(scope), { filter: 'atScope()' })) {
    if (
      sameId(ra.scope, scope) &&
      ra.description === `secure-aks ${ctx.deploymentId}` &&
      nameOf(ra.roleDefinitionId ?? '') === KEY_VAULT_SECRETS_USER
    )
      out.push(ra);
  }
  return out;
}

/**
 * check(): the vault, its private endpoint, the private DNS zone, its link to the VNet, the zone group that
 * registers the A record, and the add-on's role on the vault. With keyVault off: nothing when none exists;
 * an existing vault of ours is kept (it may hold secrets; `destroy` deletes it) and the role is removed.
 */
export async function keyVaultChanges(ctx: StepContext, inputs: KeyVaultInputs): Promise<Change[]> {
  const name = ctx.names.keyVault;
  if (!ctx.config.keyVault) {
    const vault = await readVaultOnly(ctx);
    if (!vault || !createdByDeployment(vault.tags, ctx.deploymentId)) return [];
    const roles = await ourVaultRoleAssignments(ctx);
    return [
      {
        action: 'none',
        resourceType: TYPES.vault,
        name,
        id: vault.id,
        note: 'kept although keyVault is off: it may hold secrets; `secure-aks destroy` deletes it',
      },
      ...roles.map(
        (ra): Change => ({
          action: 'delete',
          resourceType: ROLE_ASSIGNMENT_TYPE,
          name: `Key Vault Secrets User on ${name}`,
          id: ra.id,
          note: 'keyVault is off',
        }),
      ),
    ];
  }
  const f = await read(ctx, vnetIdOfSubnet(inputs.nodeSubnetId));
  if (!f.vault && f.deleted && !recoverable(ctx, f.deleted)) throw softDeletedError(ctx, f.deleted);
  // The configured user tags reach each of these that this deployment created (tagsDiff skips the rest).
  const vaultChange: Change = f.vault
    ? changeFor(TYPES.vault, name, f.vault, [...vaultDiff(f.vault), ...tagsDiff(ctx, f.vault)])
    : { action: 'create', resourceType: TYPES.vault, name, ...(f.deleted ? { note: 'recovered from soft delete' } : {}) };
  const zone = zoneName(ctx);
  return [
    vaultChange,
    changeFor(TYPES.endpoint, ctx.names.keyVaultPrivateEndpoint, f.endpoint, [...unsettled(f.endpoint), ...tagsDiff(ctx, f.endpoint)]),
    ...(f.zoneElsewhere
      ? [
          {
            action: 'none' as const,
            resourceType: TYPES.zone,
            name: zone,
            id: f.zone?.id,
            note: `yours, in ${resourceGroupOfId(f.zone?.id ?? '')}, already linked to ${ctx.names.vnet}: the vault's A record goes there; never changed or deleted`,
          },
        ]
      : [
          changeFor(TYPES.zone, zone, f.zone, tagsDiff(ctx, f.zone)),
          changeFor(TYPES.link, `${zone}/${linkName(ctx)}`, f.link, tagsDiff(ctx, f.link)),
        ]),
    changeFor(TYPES.zoneGroup, `${ctx.names.keyVaultPrivateEndpoint}/${ZONE_GROUP}`, f.zoneGroup, unsettled(f.zoneGroup)),
    f.record?.aRecords?.length
      ? { action: 'none', resourceType: TYPES.record, name: `${zone}/${vaultLabel(ctx)}`, id: f.record.id }
      : { action: 'create', resourceType: TYPES.record, name: `${zone}/${vaultLabel(ctx)}`, note: 'registered by the DNS zone group' },
    await roleAssignmentChange(ctx, roleSpec(ctx, inputs.cluster)),
  ];
}

async function tenantOf(ctx: StepContext): Promise<string> {
  // The vault trusts the subscription's tenant; the cluster identity reports it.
  const msi = await ctx.azure.msi();
  const identity = await azureCall(`Reading identity ${ctx.names.identity}`, () =>
    msi.userAssignedIdentities.get(ctx.config.resourceGroup, ctx.names.identity),
  );
  if (!identity.tenantId)
    throw new SecureAksError('TenantUnknown', `Identity ${ctx.names.identity} reports no tenant id.`, { source: 'azure' });
  return identity.tenantId;
}

function vaultWriteError(ctx: StepContext, error: unknown): unknown {
  const code = azureErrorCode(error);
  const name = ctx.names.keyVault;
  if (code === 'VaultAlreadyExists')
    return new SecureAksError(
      'KeyVaultNameTaken',
      `Key vault name ${name} is already used by a vault elsewhere (vault names are global across Azure).`,
      {
        source: 'user',
        remediation: 'Deploy under another cluster name or resource group, which gives another vault name, or turn keyVault off.',
      },
    );
  if (code === 'ConflictError') return softDeletedError(ctx, undefined);
  return error;
}

async function ensureVault(ctx: StepContext, f: Found): Promise<Vault> {
  const kv = await ctx.azure.keyVault();
  const rg = ctx.config.resourceGroup;
  const name = ctx.names.keyVault;
  let vault = f.vault;
  let tags = tagsForPut(ctx, vault);
  if (vault && !createdByDeployment(vault.tags, ctx.deploymentId)) {
    throw new SecureAksError('KeyVaultNotOurs', `Key vault ${name} exists in ${rg} but was not created by this deployment.`, {
      source: 'user',
      remediation: 'Delete or rename that vault, deploy under another cluster name, or turn keyVault off.',
    });
  }
  const tenantId = vault?.properties.tenantId ?? (await tenantOf(ctx));
  if (!vault && f.deleted) {
    if (!recoverable(ctx, f.deleted)) throw softDeletedError(ctx, f.deleted);
    ctx.progress(`key vault ${name}: recovering from soft delete`);
    vault = await azureCall(`Recovering key vault ${name}`, () =>
      kv.vaults.beginCreateOrUpdateAndWait(
        rg,
        name,
        { location: ctx.config.location, properties: { tenantId, sku: { family: 'A', name: 'standard' }, createMode: 'recover' } },
        lroOptions(ctx),
      ),
    );
    // A recovered vault still carries the tags of the deployment that deleted it: it is this one's now.
    tags = { ...(vault.tags ?? {}), ...ourTags(ctx) };
  }
  if (vault && vaultDiff(vault).length === 0 && tagsDiff(ctx, vault).length === 0 && createdByDeployment(vault.tags, ctx.deploymentId))
    return vault;
  ctx.progress(`key vault ${name}: ${vault ? 'updating' : 'creating'}`);
  try {
    return await kv.vaults.beginCreateOrUpdateAndWait(
      rg,
      name,
      {
        location: ctx.config.location,
        tags,
        // Access policies are ignored under RBAC authorization, but the API asks for the list outside a
        // recover (VaultProperties.accessPolicies, https://learn.microsoft.com/rest/api/keyvault/keyvault/vaults/create-or-update):
        // empty on create, kept as they are on update.
        properties: { ...vaultProperties(tenantId), accessPolicies: vault?.properties.accessPolicies ?? [] },
      },
      lroOptions(ctx),
    );
  } catch (error) {
    const mapped = vaultWriteError(ctx, error);
    throw mapped === error ? toAzureError(error, `Writing key vault ${name}`) : mapped;
  }
}

/** apply(): everything check() listed, in dependency order; returns the ids for the step's outputs. */
export async function ensureKeyVault(ctx: StepContext, inputs: KeyVaultInputs): Promise<StepOutputs> {
  if (!ctx.config.keyVault) {
    const existing = await readVaultOnly(ctx);
    if (existing && createdByDeployment(existing.tags, ctx.deploymentId)) {
      const auth = await ctx.azure.authorization();
      for (const ra of await ourVaultRoleAssignments(ctx)) {
        ctx.progress(`role assignment Key Vault Secrets User on ${ctx.names.keyVault}: deleting (keyVault is off)`);
        await azureCall(`Deleting role assignment ${ra.name}`, () =>
          auth.roleAssignments.delete(scopeParam(ra.scope ?? ''), ra.name ?? ''),
        );
      }
    }
    return {};
  }
  const vnetId = vnetIdOfSubnet(inputs.nodeSubnetId);
  const f = await read(ctx, vnetId);
  const rg = ctx.config.resourceGroup;
  const [net, dns] = await Promise.all([ctx.azure.network(), ctx.azure.privateDns()]);
  const vault = await ensureVault(ctx, f);
  const pe = ctx.names.keyVaultPrivateEndpoint;
  let endpoint = f.endpoint;
  if (endpoint && isProvisioning(endpoint))
    endpoint = await waitWhileProvisioning(ctx, `private endpoint ${pe}`, endpoint, () => net.privateEndpoints.get(rg, pe));
  // Written when missing, left Failed by an interrupted write, or when its tags differ.
  if (!endpoint || endpoint.provisioningState !== 'Succeeded' || tagsDiff(ctx, endpoint).length > 0) {
    ctx.progress(
      `private endpoint ${pe}: ${!endpoint ? 'creating' : endpoint.provisioningState !== 'Succeeded' ? 'writing it again' : 'updating its tags'}`,
    );
    // An existing endpoint is sent back as it is with the configured tags: its subnet and connection stay.
    const body = endpoint
      ? { ...endpoint, tags: tagsForPut(ctx, endpoint) }
      : {
          location: ctx.config.location,
          tags: ourTags(ctx),
          subnet: { id: inputs.nodeSubnetId },
          privateLinkServiceConnections: [{ name: pe, privateLinkServiceId: vault.id, groupIds: [VAULT_GROUP_ID] }],
        };
    endpoint = await azureCall(`Writing private endpoint ${pe}`, () =>
      net.privateEndpoints.beginCreateOrUpdateAndWait(rg, pe, body, lroOptions(ctx)),
    );
  }
  const zone = zoneName(ctx);
  let zoneId = f.zone?.id;
  // A zone carries only its location and tags, so a PUT of both changes nothing else (a zone the user
  // brought is never written: tagsDiff is empty for it).
  if (!zoneId || tagsDiff(ctx, f.zone).length > 0) {
    ctx.progress(`private DNS zone ${zone}: ${zoneId ? 'updating its tags' : 'creating'}`);
    zoneId = (
      await azureCall(`Writing private DNS zone ${zone}`, () =>
        dns.privateZones.beginCreateOrUpdateAndWait(rg, zone, { location: 'global', tags: tagsForPut(ctx, f.zone) }, lroOptions(ctx)),
      )
    ).id;
  }
  // A zone elsewhere that the VNet already resolves through is used as it is: its link is not ours to write.
  if (!f.zoneElsewhere && (!f.link || tagsDiff(ctx, f.link).length > 0)) {
    ctx.progress(`private DNS zone ${zone}: ${f.link ? 'updating the tags of its link' : 'linking'} to ${ctx.names.vnet}`);
    try {
      await dns.virtualNetworkLinks.beginCreateOrUpdateAndWait(
        rg,
        zone,
        f.link?.name ?? linkName(ctx),
        { location: 'global', tags: tagsForPut(ctx, f.link), virtualNetwork: { id: vnetId }, registrationEnabled: false },
        lroOptions(ctx),
      );
    } catch (error) {
      const mapped = linkConflictError(ctx, error);
      throw mapped === error ? toAzureError(error, `Linking private DNS zone ${zone} to ${ctx.names.vnet}`) : mapped;
    }
  }
  let zoneGroup = f.zoneGroup;
  if (zoneGroup && isProvisioning(zoneGroup))
    zoneGroup = await waitWhileProvisioning(ctx, `DNS zone group of ${pe}`, zoneGroup, () =>
      net.privateDnsZoneGroups.get(rg, pe, ZONE_GROUP),
    );
  if (!zoneGroup || zoneGroup.provisioningState !== 'Succeeded' || !f.record?.aRecords?.length) {
    ctx.progress(`private endpoint ${pe}: registering its A record in ${zone}`);
    try {
      await net.privateDnsZoneGroups.beginCreateOrUpdateAndWait(
        rg,
        pe,
        ZONE_GROUP,
        { privateDnsZoneConfigs: [{ name: zone.replace(/\./g, '-'), privateDnsZoneId: zoneId }] },
        lroOptions(ctx),
      );
    } catch (error) {
      const code = azureErrorCode(error);
      if (f.zoneElsewhere && (code === 'AuthorizationFailed' || code === 'LinkedAuthorizationFailed'))
        throw new SecureAksError(
          'KeyVaultDnsZoneNotWritable',
          `Virtual network ${ctx.names.vnet} resolves ${zone} through zone ${zoneId}, which the deploying identity may not write to, so the Key Vault's A record cannot be registered there.`,
          {
            source: 'user',
            remediation: `Grant Private DNS Zone Contributor on ${zoneId} (the zone group needs Microsoft.Network/privateDnsZones/join/action), or add the A record ${vaultLabel(ctx)} yourself; then run \`secure-aks init\` again.`,
          },
        );
      throw toAzureError(error, `Registering ${pe} in private DNS zone ${zone}`);
    }
  }
  const spec = roleSpec(ctx, inputs.cluster);
  if (!spec.principalId) {
    throw new SecureAksError(
      'KeyVaultAddonIdentityMissing',
      `Cluster ${ctx.names.cluster} has no identity for the Key Vault secrets provider add-on yet, so it cannot be given access to ${ctx.names.keyVault}.`,
      { source: 'azure', remediation: 'Run `secure-aks status --resume` once the cluster update has finished.' },
    );
  }
  await grantRole(ctx, spec);
  return { keyVaultId: vault.id, keyVaultPrivateEndpointId: endpoint.id, keyVaultPrivateDnsZoneId: zoneId };
}

/** verify(): the post-conditions, read back (an empty list when all hold). */
export async function keyVaultProblems(ctx: StepContext, inputs: KeyVaultInputs): Promise<string[]> {
  if (!ctx.config.keyVault) return [];
  const f = await read(ctx, vnetIdOfSubnet(inputs.nodeSubnetId));
  const problems: string[] = [];
  if (!f.vault) return [`key vault ${ctx.names.keyVault} does not exist`];
  problems.push(...vaultDiff(f.vault).map((d) => `key vault ${ctx.names.keyVault}: ${d.property} is ${JSON.stringify(d.current)}`));
  for (const [what, r] of [
    [`private endpoint ${ctx.names.keyVaultPrivateEndpoint}`, f.endpoint],
    [`the DNS zone group of ${ctx.names.keyVaultPrivateEndpoint}`, f.zoneGroup],
  ] as const)
    if (r && r.provisioningState !== 'Succeeded') problems.push(`${what} is ${r.provisioningState ?? 'in no provisioning state'}`);
  const connection = f.endpoint?.privateLinkServiceConnections?.[0];
  if (!f.endpoint || !sameId(connection?.privateLinkServiceId, f.vault.id))
    problems.push(`private endpoint ${ctx.names.keyVaultPrivateEndpoint} does not connect to the vault`);
  else if (connection?.privateLinkServiceConnectionState?.status !== 'Approved')
    problems.push(
      `the connection of private endpoint ${ctx.names.keyVaultPrivateEndpoint} is ${connection?.privateLinkServiceConnectionState?.status ?? 'not approved'}`,
    );
  else if (!sameId(f.endpoint.subnet?.id, inputs.nodeSubnetId))
    problems.push(`private endpoint ${ctx.names.keyVaultPrivateEndpoint} is not in the node subnet`);
  if (!f.link) problems.push(`private DNS zone ${zoneName(ctx)} is not linked to ${ctx.names.vnet}`);
  if (!f.record?.aRecords?.length) problems.push(`private DNS zone ${zoneName(ctx)} has no A record for ${vaultLabel(ctx)}`);
  const spec = roleSpec(ctx, inputs.cluster);
  if ((await roleAssignmentChange(ctx, spec)).action !== 'none') problems.push(`${spec.label} is missing`);
  return problems;
}
