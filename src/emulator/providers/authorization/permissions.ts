/** The permissions API: the caller's effective actions at a scope (what `PUT /_emulator/caller` set). */
import type { ArmResponse, EmulatorContext, Route } from '../../core/contract.js';

function permissions(ctx: EmulatorContext): ArmResponse {
  const { actions, notActions } = ctx.caller();
  return { status: 200, body: { value: [{ actions, notActions, dataActions: [], notDataActions: [] }] } };
}

export const permissionRoutes: Route[] = [
  // Reading one's own permissions needs no permission.
  { method: 'GET', path: '{scope*}/providers/Microsoft.Authorization/permissions', handler: (_req, ctx) => permissions(ctx) },
];
