/**
 * The storage account and container a shared (blob) state lives in, made by `--create-state-account` in the
 * deployment's resource group before the run takes its lease. What it creates, and why:
 * - StorageV2, Standard_ZRS: the state is a few kilobytes, and the team's every run needs it; zone
 *   redundancy keeps it readable and writable through a zone outage (LRS would not) for a few cents a month.
 * - Entra ID only: shared-key access off (no key or SAS can reach the data; `defaultToOAuthAuthentication`
 *   makes the portal use Entra ID too), no anonymous blob access, HTTPS only, TLS 1.2
 *   (https://learn.microsoft.com/azure/storage/common/shared-key-authorization-prevent).
 * - Soft delete of blobs and containers for 30 days: a state deleted by mistake (or its container) can be
 *   undeleted. Versioning stays off: every journal write would keep a version (hundreds a run, never
 *   pruned), and the backend already keeps each run's starting and final version as snapshots, which
 *   `state history` reads (https://learn.microsoft.com/azure/storage/blobs/soft-delete-blob-overview).
 * - A private container, and the role Storage Blob Data Contributor for the signed-in principal on it, the
 *   narrowest scope that lets it read, write and lease the state
 *   (https://learn.microsoft.com/azure/storage/blobs/assign-azure-role-data-access).
 * - This deployment's tags on the group (when it creates it: step 1 then sees the group as this
 *   deployment's) and on the account. No private endpoint: the account is reached over its public
 *   endpoint by Entra ID; closing it is the team's network decision, made once for every deployment.
 * An account or container that already exists is used as it is and never written.
 */
import type { StorageAccount } from '@azure/arm-storage';
import { UsageError } from '../core/errors.js';
import type { Change } from '../core/step.js';
import type { AzureContext } from './context.js';
import { azureCall, azureErrorCode, getOrUndefined } from './errors.js';
import { grantRole, roleAssignmentChange, type RoleAssignmentSpec } from './role-assignments.js';

export const STORAGE_ACCOUNT_TYPE = 'Microsoft.Storage/storageAccounts';
export const CONTAINER_TYPE = 'Microsoft.Storage/storageAccounts/blobServices/containers';
const RG_TYPE = 'Microsoft.Resources/resourceGroups';
/** Storage Blob Data Contributor (the same GUID in every subscription). */
export const STORAGE_BLOB_DATA_CONTRIBUTOR = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe';
const SOFT_DELETE_DAYS = 30;
const STORAGE_NAMESPACE = 'Microsoft.Storage';

export interface StateStoreSpec {
  account: string;
  container: string;
}

export interface StateStoreResult {
  /** What was written, in order (empty when everything existed). */
  created: Change[];
  /** The data role was granted by this run: it takes minutes to apply, so a 403 from the blob may mean "not yet". */
  roleCreated: boolean;
}

const accountLabel = (s: StateStoreSpec) => s.account;
const containerLabel = (s: StateStoreSpec) => `${s.account}/${s.container}`;

function containerId(ctx: AzureContext, s: StateStoreSpec): string {
  return `/subscriptions/${ctx.config.subscriptionId}/resourceGroups/${ctx.config.resourceGroup}/providers/${STORAGE_ACCOUNT_TYPE}/${s.account}/blobServices/default/containers/${s.container}`;
}

async function roleSpec(ctx: AzureContext, s: StateStoreSpec): Promise<RoleAssignmentSpec> {
  return {
    scope: containerId(ctx, s),
    principalId: await ctx.azure.callerPrincipalId(),
    roleGuid: STORAGE_BLOB_DATA_CONTRIBUTOR,
    label: `Storage Blob Data Contributor for the signed-in principal on ${containerLabel(s)}`,
    // A user or a pipeline's workload identity, neither of them new: Azure looks the principal up.
    principalType: 'unknown',
  };
}

async function readAccount(ctx: AzureContext, s: StateStoreSpec): Promise<StorageAccount | undefined> {
  const storage = await ctx.azure.storage();
  return azureCall(`Reading storage account ${s.account}`, () =>
    getOrUndefined(() => storage.storageAccounts.getProperties(ctx.config.resourceGroup, s.account)),
  );
}

/**
 * An account name is global: one that is not in our resource group but answers AlreadyExists is someone
 * else's (another group, subscription or tenant), refused before any write.
 */
async function assertNameFree(ctx: AzureContext, s: StateStoreSpec): Promise<void> {
  const storage = await ctx.azure.storage();
  const answer = await azureCall(`Checking the storage account name ${s.account}`, () =>
    storage.storageAccounts.checkNameAvailability({ name: s.account, type: STORAGE_ACCOUNT_TYPE }),
  );
  if (answer.nameAvailable) return;
  throw new UsageError(
    'StateAccountNameTaken',
    `Storage account name ${s.account} (from --state) is not available: ${answer.message ?? answer.reason ?? 'taken'} It is not in resource group ${ctx.config.resourceGroup}, so --create-state-account cannot create it there.`,
    `Choose another account name in --state az://<account>/${s.container}/..., or, if ${s.account} is your team's account elsewhere, leave out --create-state-account and use it as it is.`,
  );
}

/** What --create-state-account would write (plan), reading only. */
export async function planStateStore(ctx: AzureContext, s: StateStoreSpec): Promise<Change[]> {
  const rm = await ctx.azure.resources();
  const rg = await azureCall(`Reading resource group ${ctx.config.resourceGroup}`, () =>
    getOrUndefined(() => rm.resourceGroups.get(ctx.config.resourceGroup)),
  );
  const account = rg ? await readAccount(ctx, s) : undefined;
  if (!account) await assertNameFree(ctx, s);
  const storage = await ctx.azure.storage();
  const container = account
    ? await azureCall(`Reading container ${containerLabel(s)}`, () =>
        getOrUndefined(() => storage.blobContainers.get(ctx.config.resourceGroup, s.account, s.container)),
      )
    : undefined;
  const role = container ? await roleAssignmentChange(ctx, await roleSpec(ctx, s)) : undefined;
  return [
    rg
      ? { action: 'none', resourceType: RG_TYPE, name: ctx.config.resourceGroup, id: rg.id }
      : { action: 'create', resourceType: RG_TYPE, name: ctx.config.resourceGroup },
    account
      ? { action: 'none', resourceType: STORAGE_ACCOUNT_TYPE, name: accountLabel(s), id: account.id }
      : { action: 'create', resourceType: STORAGE_ACCOUNT_TYPE, name: accountLabel(s), note: 'StorageV2, Standard_ZRS, Entra ID only' },
    container
      ? { action: 'none', resourceType: CONTAINER_TYPE, name: containerLabel(s), id: container.id }
      : { action: 'create', resourceType: CONTAINER_TYPE, name: containerLabel(s), note: 'private' },
    role ?? { action: 'create', resourceType: 'Microsoft.Authorization/roleAssignments', name: (await roleSpec(ctx, s)).label },
  ];
}

async function ensureProviderRegistered(ctx: AzureContext): Promise<void> {
  const rm = await ctx.azure.resources();
  const state = async () =>
    (await azureCall(`Reading resource provider ${STORAGE_NAMESPACE}`, () => rm.providers.get(STORAGE_NAMESPACE))).registrationState;
  if ((await state()) === 'Registered') return;
  ctx.progress(`resource provider ${STORAGE_NAMESPACE}: registering`);
  await azureCall(`Registering resource provider ${STORAGE_NAMESPACE}`, () => rm.providers.register(STORAGE_NAMESPACE));
  const deadline = Date.now() + ctx.azure.waits.rolePropagationMs;
  while ((await state()) !== 'Registered') {
    if (Date.now() > deadline || ctx.signal.aborted)
      throw new UsageError(
        'ProviderRegistrationTimeout',
        `Resource provider ${STORAGE_NAMESPACE} is still not registered in subscription ${ctx.config.subscriptionId}.`,
        `Register it (az provider register --namespace ${STORAGE_NAMESPACE}), then run the same command again.`,
      );
    await new Promise((r) => setTimeout(r, ctx.azure.pollIntervalMs));
  }
}

/**
 * Creates what is missing of group, account (with its blob service's soft delete), container and data role.
 * `dataAccess`: the state could already be read, so the data role is not needed (it may come through a group
 * or another role, which a direct-assignment lookup cannot see, and the caller may not write role assignments).
 */
export async function ensureStateStore(ctx: AzureContext, s: StateStoreSpec, { dataAccess = false } = {}): Promise<StateStoreResult> {
  const created: Change[] = [];
  const rm = await ctx.azure.resources();
  const { resourceGroup, location } = ctx.config;
  const rg = await azureCall(`Reading resource group ${resourceGroup}`, () => getOrUndefined(() => rm.resourceGroups.get(resourceGroup)));
  const storage = await ctx.azure.storage();
  let account = rg ? await readAccount(ctx, s) : undefined;
  // A name someone else holds is refused before anything is written, the group included.
  if (!account) await assertNameFree(ctx, s);
  if (!rg) {
    ctx.progress(`resource group ${resourceGroup}: creating (for the state store)`);
    const made = await azureCall(`Creating resource group ${resourceGroup}`, () =>
      rm.resourceGroups.createOrUpdate(resourceGroup, { location, tags: { ...ctx.tags } }),
    );
    created.push({ action: 'create', resourceType: RG_TYPE, name: resourceGroup, id: made.id });
  }

  if (!account) {
    await ensureProviderRegistered(ctx);
    ctx.progress(`storage account ${s.account}: creating`);
    account = await azureCall(`Creating storage account ${s.account}`, () =>
      storage.storageAccounts.create(
        resourceGroup,
        s.account,
        {
          location,
          kind: 'StorageV2',
          sku: { name: 'Standard_ZRS' },
          tags: { ...ctx.tags },
          allowSharedKeyAccess: false,
          defaultToOAuthAuthentication: true,
          allowBlobPublicAccess: false,
          enableHttpsTrafficOnly: true,
          minimumTlsVersion: 'TLS1_2',
        },
        { updateIntervalInMs: ctx.azure.pollIntervalMs, abortSignal: ctx.signal },
      ),
    );
    created.push({ action: 'create', resourceType: STORAGE_ACCOUNT_TYPE, name: s.account, id: account.id });
    // Set once, on the account this run made (an existing account's settings are its owner's).
    await azureCall(`Turning on soft delete in storage account ${s.account}`, () =>
      storage.blobServices.setServiceProperties(resourceGroup, s.account, {
        deleteRetentionPolicy: { enabled: true, days: SOFT_DELETE_DAYS },
        containerDeleteRetentionPolicy: { enabled: true, days: SOFT_DELETE_DAYS },
        isVersioningEnabled: false,
      }),
    );
  }

  const container = await azureCall(`Reading container ${containerLabel(s)}`, () =>
    getOrUndefined(() => storage.blobContainers.get(resourceGroup, s.account, s.container)),
  );
  if (!container) {
    ctx.progress(`container ${containerLabel(s)}: creating`);
    const made = await azureCall(`Creating container ${containerLabel(s)}`, () =>
      storage.blobContainers.create(resourceGroup, s.account, s.container, { publicAccess: 'None' }),
    ).catch((error: unknown) => {
      // Another run made it between the read and the write: that is what this run wanted.
      if (azureErrorCode(error) === 'ContainerAlreadyExists') return undefined;
      throw error;
    });
    if (made) created.push({ action: 'create', resourceType: CONTAINER_TYPE, name: containerLabel(s), id: made.id });
  }

  if (dataAccess && created.length === 0) return { created, roleCreated: false };
  const spec = await roleSpec(ctx, s);
  const role = await grantRole(ctx, spec);
  if (role.created)
    created.push({ action: 'create', resourceType: 'Microsoft.Authorization/roleAssignments', name: spec.label, id: role.id });
  return { created, roleCreated: role.created };
}

export function isStateStoreType(type: string): boolean {
  return type.toLowerCase() === STORAGE_ACCOUNT_TYPE.toLowerCase();
}

/**
 * Why destroy keeps a storage account of this deployment: --create-state-account made it for a shared
 * state, which destroy itself is writing to (and which other deployments may share); deleting it is the
 * team's decision, made once no state in it is needed.
 */
export function stateStoreKeptReason(account: string, resourceGroup: string): string {
  return `the storage account --create-state-account made for the shared state: kept, because it holds this deployment's state (destroy writes to it until the end) and maybe other deployments'; once no state in it is needed, delete it with: az storage account delete --name ${account} --resource-group ${resourceGroup}`;
}
