/**
 * An account's blob service properties (`blobServices/default`) and its containers, as the management
 * plane creates them (https://learn.microsoft.com/rest/api/storagerp/blob-services/set-service-properties,
 * https://learn.microsoft.com/rest/api/storagerp/blob-containers/create):
 * - both are synchronous: a container PUT answers 201 on create and 200 on update, the service PUT 200;
 * - on an account that does not exist (or is still provisioning) they are 404 ResourceNotFound naming it;
 * - a container name is 3-63 lowercase letters, digits and single hyphens, starting and ending with a
 *   letter or digit (400 ContainerOperationFailure, "The specified resource name contains invalid
 *   characters." as the Storage resource provider words it);
 * - the service resource is always named `default`.
 * When the emulator is linked to a blob service (Azurite beside it), a container created here is created
 * there too, on the accounts that service serves: the management plane and the data plane then agree, as
 * in Azure.
 */
import type { ArmRequest, ArmResource, ArmResponse, EmulatorContext, Route } from '../../core/contract.js';
import { ArmError } from '../../core/contract.js';
import { resourceNotFound } from '../../core/errors.js';
import { canonicalId } from '../../core/ids.js';
import { ACCOUNT_PATH, accountIdOf } from './accounts.js';

export const BLOB_SERVICE_TYPE = 'Microsoft.Storage/storageAccounts/blobServices';
export const CONTAINER_TYPE = 'Microsoft.Storage/storageAccounts/blobServices/containers';
const SERVICE_PATH = `${ACCOUNT_PATH}/blobServices/{blobServicesName}`;
const CONTAINER_PATH = `${ACCOUNT_PATH}/blobServices/default/containers/{containerName}`;
const CONTAINER_RULE = /^(?=.{3,63}$)[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]$/;

function account(req: ArmRequest, ctx: EmulatorContext): ArmResource {
  const id = accountIdOf(req);
  const found = ctx.store.get(id);
  // An account still provisioning has no services yet.
  if (!found || found.properties?.provisioningState !== 'Succeeded') throw resourceNotFound(id);
  return found;
}

function serviceBody(req: ArmRequest, accountId: string, before: ArmResource | undefined): ArmResource {
  const props = req.body?.properties ?? {};
  return {
    id: `${accountId}/blobServices/default`,
    name: 'default',
    type: BLOB_SERVICE_TYPE,
    properties: {
      cors: { corsRules: [] },
      deleteRetentionPolicy: { enabled: false, allowPermanentDelete: false },
      ...(before?.properties ?? {}),
      ...props,
    },
  };
}

function putService(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  if (req.params.blobServicesName !== 'default')
    throw new ArmError(
      400,
      'InvalidResourceName',
      `The blob service name '${req.params.blobServicesName}' is invalid: it is always 'default'.`,
    );
  const parent = account(req, ctx);
  const before = ctx.store.get(`${parent.id}/blobServices/default`);
  const service = serviceBody(req, parent.id, before);
  ctx.store.put(service);
  return { status: 200, body: service };
}

function getService(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const parent = account(req, ctx);
  const id = `${parent.id}/blobServices/default`;
  return { status: 200, body: ctx.store.get(id) ?? serviceBody({ ...req, body: {} }, parent.id, undefined) };
}

const containerIdOf = (req: ArmRequest) => canonicalId(`${accountIdOf(req)}/blobServices/default/containers/${req.params.containerName}`);

async function putContainer(req: ArmRequest, ctx: EmulatorContext): Promise<ArmResponse> {
  const name = req.params.containerName;
  if (!CONTAINER_RULE.test(name))
    throw new ArmError(400, 'ContainerOperationFailure', 'The specified resource name contains invalid characters.');
  const parent = account(req, ctx);
  const id = containerIdOf(req);
  const before = ctx.store.get(id);
  const props = req.body?.properties ?? {};
  const publicAccess = props.publicAccess ?? before?.properties?.publicAccess ?? 'None';
  if (publicAccess !== 'None' && parent.properties?.allowBlobPublicAccess === false)
    throw new ArmError(409, 'PublicAccessNotPermitted', 'Public access is not permitted on this storage account.');
  const container: ArmResource = {
    id: before?.id ?? id,
    name: before?.name ?? name,
    type: CONTAINER_TYPE,
    etag: `"0x${ctx.now().toString(16).toUpperCase()}"`,
    properties: {
      ...(before?.properties ?? {}),
      ...(props.metadata ? { metadata: props.metadata } : {}),
      publicAccess,
      defaultEncryptionScope: '$account-encryption-key',
      denyEncryptionScopeOverride: false,
      hasImmutabilityPolicy: false,
      hasLegalHold: false,
      deleted: false,
      remainingRetentionDays: 0,
      leaseState: 'Available',
      leaseStatus: 'Unlocked',
      lastModifiedTime: new Date(ctx.now()).toISOString(),
    },
  };
  if (!before) await ctx.blobService?.createContainer(parent.name, container.name);
  ctx.store.put(container);
  return { status: before ? 200 : 201, body: container };
}

function getContainer(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  account(req, ctx);
  const found = ctx.store.get(containerIdOf(req));
  if (!found) throw new ArmError(404, 'ContainerNotFound', 'The specified container does not exist.');
  return { status: 200, body: found };
}

export const blobContainerRoutes: Route[] = [
  { method: 'PUT', path: SERVICE_PATH, action: `${BLOB_SERVICE_TYPE}/write`, handler: putService },
  { method: 'GET', path: SERVICE_PATH, action: `${BLOB_SERVICE_TYPE}/read`, handler: getService },
  { method: 'PUT', path: CONTAINER_PATH, action: `${CONTAINER_TYPE}/write`, handler: putContainer },
  { method: 'GET', path: CONTAINER_PATH, action: `${CONTAINER_TYPE}/read`, handler: getContainer },
];
