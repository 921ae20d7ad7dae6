/**
 * Microsoft.Storage/storageAccounts, for exactly what `--create-state-account` sends (api-version
 * 2025-08-01, @azure/arm-storage 20), with Azure's rules:
 * - names are global across every subscription and tenant: 3-24 lowercase letters and digits (400
 *   AccountNameInvalid); a name held by an account anywhere else is 409 StorageAccountAlreadyTaken
 *   (https://learn.microsoft.com/azure/storage/common/storage-account-overview#storage-account-name,
 *   https://learn.microsoft.com/rest/api/storagerp/storage-accounts/create);
 * - a create answers 202 with no body and a Location to poll, which answers 202 until the account is
 *   provisioned and then 200 with the account (the Azure CLI's recording
 *   src/azure-cli/azure/cli/command_modules/storage/tests/latest/recordings/test_create_storage_account_v2.yaml);
 *   a PUT on an existing account updates it at once (200);
 * - checkNameAvailability answers `{nameAvailable, reason: AccountNameInvalid | AlreadyExists, message}`
 *   with the wording of the same recording.
 * Keys: an account has two, but no route hands them out (listKeys is not served) and nothing stored here
 * holds one: the product reaches the data plane by Entra ID only.
 */
import type { ArmRequest, ArmResource, ArmResponse, EmulatorContext, Route } from '../../core/contract.js';
import { ArmError } from '../../core/contract.js';
import { missingProperty, resourceNotFound } from '../../core/errors.js';
import { canonicalId, resourceGroupId } from '../../core/ids.js';
import { normalizeLocation } from '../../core/validate.js';

export const ACCOUNT_TYPE = 'Microsoft.Storage/storageAccounts';
const NS = '/providers/Microsoft.Storage';
export const ACCOUNT_PATH = `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}${NS}/storageAccounts/{accountName}`;
const NAME_RULE = /^[a-z0-9]{3,24}$/;
/** Azure seconds a new account takes to provision (the recording's poll answered after about 18 s). */
const CREATE_AZURE_SECONDS = 18;
const SKUS = new Set([
  'Standard_LRS',
  'Standard_GRS',
  'Standard_RAGRS',
  'Standard_ZRS',
  'Premium_LRS',
  'Premium_ZRS',
  'Standard_GZRS',
  'Standard_RAGZRS',
]);
const KINDS = new Set(['Storage', 'StorageV2', 'BlobStorage', 'FileStorage', 'BlockBlobStorage']);

export const accountIdOf = (req: ArmRequest) =>
  canonicalId(`${resourceGroupId(req.params.subscriptionId, req.params.resourceGroupName)}${NS}/storageAccounts/${req.params.accountName}`);
const accounts = (ctx: EmulatorContext) => ctx.store.all().filter((r) => r.type === ACCOUNT_TYPE);

function invalidName(name: string): string {
  return `${name} is not a valid storage account name. Storage account name must be between 3 and 24 characters in length and use numbers and lower-case letters only.`;
}

const taken = (name: string) => `The storage account named ${name} is already taken.`;

/** The account as Azure answers for it: endpoints derived from the name, what the PUT set, Azure's defaults for the rest. */
function accountBody(req: ArmRequest, id: string, location: string, before: ArmResource | undefined, now: number): ArmResource {
  const body = req.body ?? {};
  const skuName = body.sku?.name;
  if (typeof skuName !== 'string') throw missingProperty('sku');
  if (!SKUS.has(skuName))
    throw new ArmError(400, 'InvalidRequestPropertyValue', `The value '${skuName}' is not allowed for property 'sku.name'.`);
  if (typeof body.kind !== 'string') throw missingProperty('kind');
  if (!KINDS.has(body.kind))
    throw new ArmError(400, 'InvalidRequestPropertyValue', `The value '${body.kind}' is not allowed for property 'kind'.`);
  const name = before?.name ?? req.params.accountName;
  const props = body.properties ?? {};
  const endpoint = (service: string) => `https://${name}.${service}.core.windows.net/`;
  return {
    id,
    name,
    type: ACCOUNT_TYPE,
    location,
    kind: body.kind,
    sku: { name: skuName, tier: skuName.startsWith('Premium') ? 'Premium' : 'Standard' },
    tags: { ...(body.tags ?? {}) },
    properties: {
      ...(before?.properties ?? {}),
      ...props,
      // Defaults of a new account at this api-version: HTTPS only, no anonymous blob access, TLS 1.2.
      supportsHttpsTrafficOnly: props.supportsHttpsTrafficOnly ?? before?.properties?.supportsHttpsTrafficOnly ?? true,
      allowBlobPublicAccess: props.allowBlobPublicAccess ?? before?.properties?.allowBlobPublicAccess ?? false,
      minimumTlsVersion: props.minimumTlsVersion ?? before?.properties?.minimumTlsVersion ?? 'TLS1_2',
      accessTier: props.accessTier ?? before?.properties?.accessTier ?? 'Hot',
      encryption: {
        services: { blob: { enabled: true, keyType: 'Account' }, file: { enabled: true, keyType: 'Account' } },
        keySource: 'Microsoft.Storage',
      },
      networkAcls: props.networkAcls ??
        before?.properties?.networkAcls ?? { bypass: 'AzureServices', virtualNetworkRules: [], ipRules: [], defaultAction: 'Allow' },
      privateEndpointConnections: [],
      creationTime: before?.properties?.creationTime ?? new Date(now).toISOString(),
      primaryEndpoints: {
        blob: endpoint('blob'),
        queue: endpoint('queue'),
        table: endpoint('table'),
        file: endpoint('file'),
        dfs: endpoint('dfs'),
        web: `https://${name}.z13.web.core.windows.net/`,
      },
      primaryLocation: location,
      statusOfPrimary: 'available',
      provisioningState: 'Succeeded',
    },
  };
}

function put(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const name = req.params.accountName;
  if (!NAME_RULE.test(name)) throw new ArmError(400, 'AccountNameInvalid', invalidName(name));
  const id = accountIdOf(req);
  const before = ctx.store.get(id);
  if (!before && accounts(ctx).some((a) => a.name === name)) throw new ArmError(409, 'StorageAccountAlreadyTaken', taken(name));
  const location = normalizeLocation(ctx, req.body?.location, ACCOUNT_TYPE);
  if (before && before.location !== location)
    throw new ArmError(
      409,
      'InvalidResourceLocation',
      `The resource '${name}' already exists in location '${before.location}' in resource group '${req.params.resourceGroupName}'. A resource with the same name cannot be created in location '${location}'. Please select a new resource name.`,
    );
  const account = accountBody(req, before?.id ?? id, location, before, ctx.now());
  if (before) {
    ctx.store.put(account);
    return { status: 200, body: account };
  }
  return ctx.lro.start(req, {
    resourceId: id,
    mode: 'location',
    azureSeconds: CREATE_AZURE_SECONDS,
    inFlightState: 'Creating',
    outcome: { final: account },
    initialStatus: 202,
    initialBody: undefined,
  });
}

function get(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const found = ctx.store.get(accountIdOf(req));
  if (!found) throw resourceNotFound(accountIdOf(req));
  return { status: 200, body: found };
}

function checkNameAvailability(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const name = String(req.body?.name ?? '');
  if (req.body?.type !== ACCOUNT_TYPE)
    throw new ArmError(400, 'InvalidRequestPropertyValue', `The value '${String(req.body?.type)}' is not allowed for property 'type'.`);
  if (!NAME_RULE.test(name))
    return { status: 200, body: { nameAvailable: false, reason: 'AccountNameInvalid', message: invalidName(name) } };
  return {
    status: 200,
    body: accounts(ctx).some((a) => a.name === name)
      ? { nameAvailable: false, reason: 'AlreadyExists', message: taken(name) }
      : { nameAvailable: true },
  };
}

export const accountRoutes: Route[] = [
  { method: 'PUT', path: ACCOUNT_PATH, action: `${ACCOUNT_TYPE}/write`, handler: put },
  { method: 'GET', path: ACCOUNT_PATH, action: `${ACCOUNT_TYPE}/read`, handler: get },
  {
    method: 'POST',
    path: `/subscriptions/{subscriptionId}${NS}/checkNameAvailability`,
    action: 'Microsoft.Storage/checknameavailability/read',
    handler: checkNameAvailability,
  },
];
