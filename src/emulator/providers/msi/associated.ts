/**
 * POST .../userAssignedIdentities/{name}/listAssociatedResources: the resources that carry the identity in
 * `identity.userAssignedIdentities` (https://learn.microsoft.com/en-us/rest/api/managedidentity/
 * user-assigned-identities/list-associated-resources); Azure answers `{ totalCount, value }`.
 */
import type { ArmResource, ArmResponse, EmulatorContext } from '../../core/contract.js';
import { resourceNotFound } from '../../core/errors.js';
import { parseResourceId } from '../../core/ids.js';

function carries(resource: ArmResource, identityId: string): boolean {
  const assigned = (resource as { identity?: { userAssignedIdentities?: Record<string, unknown> } }).identity?.userAssignedIdentities;
  return Object.keys(assigned ?? {}).some((key) => key.toLowerCase() === identityId.toLowerCase());
}

export function listAssociatedResources(identityId: string, ctx: EmulatorContext): ArmResponse {
  if (!ctx.store.get(identityId)) throw resourceNotFound(identityId);
  const value = ctx.store
    .all()
    .filter((r) => carries(r, identityId))
    .map((r) => {
      const parsed = parseResourceId(r.id);
      const { resourceGroup, subscriptionId } = parsed;
      return { id: r.id, name: r.name, type: r.type, resourceGroup, subscriptionId, subscriptionDisplayName: 'Emulator subscription' };
    });
  return { status: 200, body: { totalCount: value.length, value } };
}
