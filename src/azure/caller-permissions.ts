import type { Permission } from '@azure/arm-authorization';
import type { AzureContext } from './context.js';
import { messageOf, azureErrorCode, statusCodeOf, toAzureError } from './errors.js';
import { AuthError, ExitCode, SecureAksError } from '../core/errors.js';
import { missingActions, missingPermissionsError, requiredActions } from './permissions.js';

/**
 * The caller's effective permissions at the resource group, or at the subscription while the group does
 * not exist yet (the SDK only wraps the group/resource forms, so the subscription form is sent through
 * the client's own pipeline: same endpoint, credential, TLS trust and retries).
 */
export async function callerPermissions(
  ctx: AzureContext,
  resourceGroupExists: boolean,
): Promise<{ scope: string; permissions: Permission[] }> {
  const auth = await ctx.azure.authorization();
  const sub = `/subscriptions/${ctx.config.subscriptionId}`;
  const scope = resourceGroupExists ? `${sub}/resourceGroups/${ctx.config.resourceGroup}` : sub;
  try {
    if (resourceGroupExists) {
      const permissions: Permission[] = [];
      for await (const p of auth.permissions.listForResourceGroup(ctx.config.resourceGroup)) permissions.push(p);
      return { scope, permissions };
    }
    const url = `${ctx.azure.target.armEndpoint.replace(/\/$/, '')}${sub}/providers/Microsoft.Authorization/permissions?api-version=2022-04-01`;
    // Loaded on use: commands that import the steps without running them must not load the SDK.
    const { createPipelineRequest } = await import('@azure/core-rest-pipeline');
    const res = await auth.sendRequest(createPipelineRequest({ url, method: 'GET', abortSignal: ctx.signal }));
    const body = res.bodyAsText
      ? (JSON.parse(res.bodyAsText) as { value?: Permission[]; error?: { code?: string; message?: string } })
      : {};
    if (res.status >= 400) {
      throw Object.assign(new Error(body.error?.message ?? `HTTP ${res.status}`), { statusCode: res.status, code: body.error?.code });
    }
    return { scope, permissions: body.value ?? [] };
  } catch (error) {
    const status = statusCodeOf(error);
    if (status !== undefined && status >= 500) throw permissionsApiFailed(error, status, scope);
    if (status === 403) {
      throw new AuthError(
        'PermissionsUnreadable',
        `The signed-in principal may not even read its permissions on ${scope}.`,
        'Sign in with an account that has Contributor and User Access Administrator (or Owner) on the subscription or resource group.',
      );
    }
    throw toAzureError(error, `Reading the caller's permissions on ${scope}`);
  }
}

/**
 * Azure's permissions API kept answering 5xx: a fault on Azure's side, not a missing permission (exit 4
 * would send the user to an administrator), and nothing in the answer says what the caller may do.
 */
function permissionsApiFailed(error: unknown, status: number, scope: string): SecureAksError {
  const code = azureErrorCode(error);
  return new SecureAksError(
    'PermissionsApiFailed',
    `Azure's permissions API answered ${status}${code ? ` ${code}` : ''} for ${scope}, and still did after retries: ${messageOf(error)}`,
    {
      exitCode: ExitCode.stepFailed,
      source: 'azure',
      remediation:
        "This is a fault on Azure's side, not a missing permission. Run the same command again later; if it persists, check https://azure.status.microsoft.",
    },
  );
}

/** Throws the exit-4 AuthError listing every missing action before anything is written. */
export async function assertCallerMayDeploy(ctx: AzureContext, resourceGroupExists: boolean): Promise<void> {
  const { scope, permissions } = await callerPermissions(ctx, resourceGroupExists);
  const missing = missingActions(permissions, requiredActions(ctx.config));
  if (missing.length > 0) throw missingPermissionsError(missing, scope);
}
