/**
 * Microsoft.KeyVault/vaults with Azure's rules:
 * - names are global (one namespace across every tenant): 3-24 letters, digits and hyphens, starting with
 *   a letter, ending with a letter or digit, no consecutive hyphens (400 VaultNameNotValid); a name held by
 *   another vault anywhere is 409 VaultAlreadyExists
 *   (https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftkeyvault);
 * - soft delete: a deleted vault stays under `/subscriptions/{s}/providers/Microsoft.KeyVault/locations/{l}/
 *   deletedVaults/{name}` for its retention period and keeps the name reserved; a create with that name is
 *   409 ConflictError ("Exist soft deleted vault with the same name.") until it is recovered (`createMode:
 *   recover`, only at the id it was deleted from: elsewhere 400 SoftDeletedVaultDoesNotExist) or purged
 *   (refused while purge protection is on) (https://learn.microsoft.com/azure/key-vault/general/key-vault-recovery;
 *   the codes and wording as reported in https://github.com/MicrosoftDocs/azure-docs/issues/50228 and
 *   https://github.com/hashicorp/terraform-provider-azurerm/issues/12972);
 * - outside a recover, a PUT must carry `properties.accessPolicies` (an empty list will do, and is what an
 *   RBAC-authorized vault sends): without it Azure answers 400 BadRequest "The parameter accessPolicies is not
 *   specified." (VaultProperties.accessPolicies in the spec: "not required if createMode is set to recover";
 *   the answer as reported in https://github.com/Azure/azure-sdk-for-net/issues/28677 and
 *   https://github.com/pulumi/pulumi-azure-native/issues/1478);
 * - a PUT answers at once with provisioningState `RegisteringDns`, which turns `Succeeded` once the vault's
 *   DNS name is registered (the SDK polls the vault until then).
 */
import type { ArmRequest, ArmResource, ArmResponse, EmulatorContext, Route } from '../../core/contract.js';
import { ArmError } from '../../core/contract.js';
import { resourceNotFound } from '../../core/errors.js';
import { canonicalId, resourceGroupId } from '../../core/ids.js';
import { normalizeLocation } from '../../core/validate.js';

export const VAULT_TYPE = 'Microsoft.KeyVault/vaults';
const DELETED_TYPE = 'Microsoft.KeyVault/deletedVaults';
const NS = '/providers/Microsoft.KeyVault';
const ONE = `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}${NS}/vaults/{vaultName}`;
const DELETED = `/subscriptions/{subscriptionId}${NS}/locations/{location}/deletedVaults/{vaultName}`;
const NAME_RULE = /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;
/** Azure seconds until a new vault's DNS name is registered. */
const DNS_REGISTRATION_SECONDS = 10;

interface VaultInternal {
  readyAt?: number;
}

const idOf = (req: ArmRequest) =>
  canonicalId(`${resourceGroupId(req.params.subscriptionId, req.params.resourceGroupName)}${NS}/vaults/${req.params.vaultName}`);
const deletedIdOf = (subscriptionId: string, location: string, name: string) =>
  `/subscriptions/${subscriptionId}${NS}/locations/${location}/deletedVaults/${name}`;
const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const ofType = (ctx: EmulatorContext, type: string) => ctx.store.all().filter((r) => r.type === type);

export function renderVault(ctx: EmulatorContext, vault: ArmResource): ArmResource {
  const readyAt = ctx.store.internal<VaultInternal>(vault.id).readyAt ?? 0;
  const state = ctx.now() >= readyAt ? 'Succeeded' : 'RegisteringDns';
  const connections = privateEndpointConnections(ctx, vault);
  return {
    ...vault,
    properties: {
      ...vault.properties,
      provisioningState: state,
      ...(connections.length ? { privateEndpointConnections: connections } : {}),
    },
  };
}

/**
 * The vault's side of each private endpoint connected to it, as a vault GET lists them
 * (VaultProperties.privateEndpointConnections in specification/keyvault/resource-manager/Microsoft.KeyVault/
 * stable/2025-05-01/keyvault.json): approved at once, the endpoint being in the vault's subscription.
 */
function privateEndpointConnections(ctx: EmulatorContext, vault: ArmResource): Array<Record<string, unknown>> {
  return ofType(ctx, 'Microsoft.Network/privateEndpoints')
    .filter((pe) =>
      (pe.properties?.privateLinkServiceConnections ?? []).some((c: any) => sameName(c.properties?.privateLinkServiceId ?? '', vault.id)),
    )
    .map((pe) => ({
      id: `${vault.id}/privateEndpointConnections/${pe.name}`,
      properties: {
        privateEndpoint: { id: pe.id },
        privateLinkServiceConnectionState: { status: 'Approved', description: 'Auto-Approved', actionsRequired: 'None' },
        provisioningState: 'Succeeded',
      },
    }));
}

function checkName(name: string): void {
  if (!NAME_RULE.test(name)) {
    throw new ArmError(
      400,
      'VaultNameNotValid',
      `The vault name '${name}' is invalid. A vault's name must be between 3-24 alphanumeric characters. The name must begin with a letter, end with a letter or digit, and not contain consecutive hyphens.`,
    );
  }
}

function vaultBody(req: ArmRequest, id: string, location: string, props: any, before?: ArmResource): ArmResource {
  const name = before?.name ?? req.params.vaultName;
  if (typeof props.tenantId !== 'string') throw new ArmError(400, 'BadRequest', "The parameter 'properties.tenantId' is required.");
  if (!props.sku?.name) throw new ArmError(400, 'BadRequest', "The parameter 'properties.sku' is required.");
  if (!Array.isArray(props.accessPolicies)) throw new ArmError(400, 'BadRequest', 'The parameter accessPolicies is not specified.');
  const purgeProtection = props.enablePurgeProtection ?? before?.properties?.enablePurgeProtection;
  if (before?.properties?.enablePurgeProtection === true && props.enablePurgeProtection === false) {
    throw new ArmError(
      400,
      'BadRequest',
      `The property "enablePurgeProtection" cannot be set to false on vault '${name}': once enabled, purge protection cannot be turned off.`,
    );
  }
  return {
    id,
    name,
    type: VAULT_TYPE,
    location,
    tags: { ...(req.body?.tags ?? {}) },
    properties: {
      sku: { family: props.sku.family ?? 'A', name: props.sku.name },
      tenantId: props.tenantId,
      accessPolicies: props.accessPolicies,
      enabledForDeployment: props.enabledForDeployment ?? false,
      enabledForDiskEncryption: props.enabledForDiskEncryption ?? false,
      enabledForTemplateDeployment: props.enabledForTemplateDeployment ?? false,
      // Soft delete is always on for new vaults (https://learn.microsoft.com/azure/key-vault/general/soft-delete-change).
      enableSoftDelete: true,
      softDeleteRetentionInDays: before?.properties?.softDeleteRetentionInDays ?? props.softDeleteRetentionInDays ?? 90,
      enableRbacAuthorization: props.enableRbacAuthorization ?? false,
      ...(purgeProtection === true ? { enablePurgeProtection: true } : {}),
      networkAcls: props.networkAcls ?? { bypass: 'AzureServices', defaultAction: 'Allow', ipRules: [], virtualNetworkRules: [] },
      publicNetworkAccess: props.publicNetworkAccess ?? 'Enabled',
      vaultUri: `https://${name.toLowerCase()}.vault.azure.net/`,
      provisioningState: 'RegisteringDns',
    },
  };
}

function recover(ctx: EmulatorContext, req: ArmRequest, id: string, location: string): ArmResponse {
  const name = req.params.vaultName;
  const deleted = ofType(ctx, DELETED_TYPE).find((d) => sameName(d.name, name) && sameName(d.properties?.location ?? '', location));
  if (!deleted || !sameName(deleted.properties?.vaultId ?? '', id)) {
    throw new ArmError(
      400,
      'SoftDeletedVaultDoesNotExist',
      'A soft deleted vault with the given name does not exist. Ensure that the name for the vault that is being attempted to recover is in a recoverable state.',
    );
  }
  const vault: ArmResource = structuredClone(ctx.store.internal<{ vault?: ArmResource }>(deleted.id).vault!);
  ctx.store.delete(deleted.id);
  ctx.store.put(vault);
  ctx.store.internal<VaultInternal>(vault.id).readyAt = ctx.now() + (DNS_REGISTRATION_SECONDS * 1000) / ctx.speed;
  return { status: 200, body: renderVault(ctx, vault) };
}

function put(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const name = req.params.vaultName;
  checkName(name);
  const location = normalizeLocation(ctx, req.body?.location, VAULT_TYPE);
  const id = idOf(req);
  const before = ctx.store.get(id);
  const props = req.body?.properties ?? {};
  if (!before && props.createMode === 'recover') return recover(ctx, req, id, location);
  if (!before) {
    if (ofType(ctx, VAULT_TYPE).some((v) => sameName(v.name, name)))
      throw new ArmError(
        409,
        'VaultAlreadyExists',
        `The vault name '${name}' is already in use. Vault names are globally unique so it is possible that the name is already taken. If you are sure that the vault name was not taken then it is possible that a vault with the same name was recently deleted but not purged after being placed in a recoverable state. If the vault is in a recoverable state then the vault will need to be purged before reusing the name.`,
      );
    if (ofType(ctx, DELETED_TYPE).some((d) => sameName(d.name, name)))
      throw new ArmError(409, 'ConflictError', 'Exist soft deleted vault with the same name.');
  }
  if (before && before.location !== location)
    throw new ArmError(
      400,
      'LocationNotAvailableForResourceType',
      `Vault '${name}' is in '${before.location}' and cannot move to '${location}'.`,
    );
  const vault = vaultBody(req, before?.id ?? id, location, props, before);
  ctx.store.put(vault);
  const internal = ctx.store.internal<VaultInternal>(vault.id);
  if (!before) internal.readyAt = ctx.now() + (DNS_REGISTRATION_SECONDS * 1000) / ctx.speed;
  return { status: before ? 200 : 201, body: renderVault(ctx, vault) };
}

function get(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const found = ctx.store.get(idOf(req));
  if (!found) throw resourceNotFound(idOf(req));
  return { status: 200, body: renderVault(ctx, found) };
}

/** DELETE soft-deletes: the vault leaves its group and waits under deletedVaults for its retention period. */
function remove(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const found = ctx.store.get(idOf(req));
  if (!found) return { status: 204 };
  // Private endpoint connections keep a vault; Azure deletes the vault and leaves the endpoint disconnected.
  // Role assignments at the vault's scope are not deleted with it: they stay, orphaned, until someone deletes
  // them (a resource's deletion leaves its role assignments, as users report in
  // https://github.com/Azure/AKS-Construction/issues/50 and
  // https://github.com/MicrosoftLearning/AZ-304-Microsoft-Azure-Architect-Design/issues/19).
  const assignments = ctx.store.under(found.id, 'Microsoft.Authorization/roleAssignments');
  ctx.store.deleteTree(found.id);
  for (const assignment of assignments) ctx.store.put(assignment);
  const now = ctx.now();
  const days = Number(found.properties?.softDeleteRetentionInDays ?? 90);
  const deletedId = deletedIdOf(req.params.subscriptionId, found.location!, found.name);
  ctx.store.put({
    id: deletedId,
    name: found.name,
    type: DELETED_TYPE,
    properties: {
      vaultId: found.id,
      location: found.location,
      deletionDate: new Date(now).toISOString(),
      scheduledPurgeDate: new Date(now + days * 86_400_000).toISOString(),
      tags: found.tags ?? {},
      purgeProtectionEnabled: found.properties?.enablePurgeProtection === true,
    },
  });
  ctx.store.internal<{ vault?: ArmResource }>(deletedId).vault = structuredClone(found);
  return { status: 200 };
}

function deletedOf(req: ArmRequest, ctx: EmulatorContext): ArmResource {
  const { subscriptionId, location, vaultName } = req.params;
  const id = deletedIdOf(subscriptionId, location.toLowerCase(), vaultName);
  const found = ctx.store.get(id);
  if (!found) throw resourceNotFound(id);
  return found;
}

function purge(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const deleted = deletedOf(req, ctx);
  if (deleted.properties?.purgeProtectionEnabled) {
    throw new ArmError(
      409,
      'Conflict',
      `Operation "purge" is not allowed for vault '${deleted.name}' because purge protection is enabled; it is purged automatically on ${deleted.properties.scheduledPurgeDate}.`,
    );
  }
  ctx.store.delete(deleted.id);
  return { status: 200 };
}

/** POST checkNameAvailability: the same global rules a PUT applies, as an answer rather than a refusal. */
function checkNameAvailability(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const name = String(req.body?.name ?? '');
  if (!NAME_RULE.test(name))
    return { status: 200, body: { nameAvailable: false, reason: 'AccountNameInvalid', message: `The vault name '${name}' is invalid.` } };
  const taken = [...ofType(ctx, VAULT_TYPE), ...ofType(ctx, DELETED_TYPE)].some((v) => sameName(v.name, name));
  return {
    status: 200,
    body: taken
      ? { nameAvailable: false, reason: 'AlreadyExists', message: `The vault name '${name}' is already in use.` }
      : { nameAvailable: true },
  };
}

const list =
  (type: string) =>
  (req: ArmRequest, ctx: EmulatorContext): ArmResponse => {
    const prefix = (
      req.params.resourceGroupName
        ? resourceGroupId(req.params.subscriptionId, req.params.resourceGroupName)
        : `/subscriptions/${req.params.subscriptionId}`
    ).toLowerCase();
    const value = ofType(ctx, type)
      .filter((r) => r.id.toLowerCase().startsWith(`${prefix}/`))
      .map((r) => (type === VAULT_TYPE ? renderVault(ctx, r) : r));
    return { status: 200, body: { value } };
  };

export const vaultRoutes: Route[] = [
  { method: 'PUT', path: ONE, action: `${VAULT_TYPE}/write`, handler: put },
  { method: 'GET', path: ONE, action: `${VAULT_TYPE}/read`, handler: get },
  { method: 'DELETE', path: ONE, action: `${VAULT_TYPE}/delete`, handler: remove },
  {
    method: 'GET',
    path: `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}${NS}/vaults`,
    action: `${VAULT_TYPE}/read`,
    handler: list(VAULT_TYPE),
  },
  { method: 'GET', path: `/subscriptions/{subscriptionId}${NS}/vaults`, action: `${VAULT_TYPE}/read`, handler: list(VAULT_TYPE) },
  { method: 'GET', path: DELETED, action: `${DELETED_TYPE}/read`, handler: (req, ctx) => ({ status: 200, body: deletedOf(req, ctx) }) },
  {
    method: 'GET',
    path: `/subscriptions/{subscriptionId}${NS}/deletedVaults`,
    action: `${DELETED_TYPE}/read`,
    handler: list(DELETED_TYPE),
  },
  { method: 'POST', path: `${DELETED}/purge`, action: `Microsoft.KeyVault/locations/deletedVaults/purge/action`, handler: purge },
  {
    method: 'POST',
    path: `/subscriptions/{subscriptionId}${NS}/checkNameAvailability`,
    action: 'Microsoft.KeyVault/checkNameAvailability/read',
    handler: checkNameAvailability,
  },
];
