/**
 * What happens to an ARM call between parsing and the provider's handler: subscription, resource group
 * and provider-registration checks, caller permissions, conflicts with operations in flight, and the
 * generic answers for anything no provider route claims (GET/DELETE of any stored resource by id).
 */
import type { ArmRequest, ArmResponse, EmulatorContext } from './contract.js';
import { ArmError } from './contract.js';
import { isPermitted } from './actions.js';
import { checkApiVersion } from './api-version-check.js';
import { conflictError } from './conflicts.js';
import { authorizationFailed, resourceGroupBeingDeleted, resourceGroupNotFound, resourceNotFound } from './errors.js';
import { canonicalId, parseResourceId, resourceGroupIdOf, segmentsOf, SUBSCRIPTION_ID } from './ids.js';
import { LroEngine } from './lro.js';
import { registrationState } from './registration.js';
import { checkTags } from './tag-rules.js';
import { expandAction, type Router } from './router.js';

const WRITES = new Set(['PUT', 'PATCH', 'DELETE', 'POST']);
const GENERIC_DELETE_AZURE_SECONDS = 10;

function assertPermitted(ctx: EmulatorContext, action: string, scope: string): void {
  const caller = ctx.caller();
  if (!isPermitted(caller, action)) throw authorizationFailed(caller.principalId, action, scope);
}

/** Checks that apply to every path below a subscription or resource group, routed or not. */
function checkScope(req: ArmRequest, ctx: EmulatorContext): void {
  const segs = segmentsOf(req.path);
  if (segs[0]?.toLowerCase() === 'subscriptions' && segs[1] && segs[1].toLowerCase() !== SUBSCRIPTION_ID) {
    throw new ArmError(
      404,
      'SubscriptionNotFound',
      `The subscription '${segs[1]}' could not be found. This emulator serves subscription ${SUBSCRIPTION_ID}.`,
    );
  }
  const rgId = resourceGroupIdOf(req.path);
  if (!rgId) return;
  const rg = ctx.store.get(rgId);
  if (segs.length === 4) {
    // The group itself: only updates are refused while it is being deleted (a repeated DELETE re-attaches).
    if ((req.method === 'PUT' || req.method === 'PATCH') && rg?.properties?.provisioningState === 'Deleting')
      throw resourceGroupBeingDeleted(segs[3]);
    return;
  }
  if (!rg) throw resourceGroupNotFound(segs[3]);
  if (WRITES.has(req.method) && rg.properties?.provisioningState === 'Deleting') throw resourceGroupBeingDeleted(segs[3]);
}

function checkRegistered(req: ArmRequest, ctx: EmulatorContext): void {
  if (req.method !== 'PUT') return;
  const ns = parseResourceId(req.path).namespace;
  if (ns && registrationState(ctx, ns) !== 'Registered') {
    throw new ArmError(
      409,
      'MissingSubscriptionRegistration',
      `The subscription is not registered to use namespace '${ns}'. See https://aka.ms/rps-not-found for how to register subscriptions.`,
    );
  }
}

export async function dispatch(req: ArmRequest, ctx: EmulatorContext, router: Router): Promise<ArmResponse> {
  checkApiVersion(req, ctx);
  checkScope(req, ctx);
  const match = router.match(req.method === 'HEAD' ? 'HEAD' : req.method, req.path);
  if (!match) return fallback(req, ctx, router);
  req.params = match.params;
  if (match.route.action) assertPermitted(ctx, expandAction(match.route.action, match.params), canonicalId(req.path));
  checkRegistered(req, ctx);
  if (req.method === 'PUT' || req.method === 'PATCH') checkTags(req.body);
  if (req.method === 'PUT' || req.method === 'PATCH' || req.method === 'DELETE') {
    const op = ctx.lro instanceof LroEngine ? ctx.lro.conflicting(req.path) : undefined;
    if (op && req.method === 'DELETE' && op.method === 'DELETE' && op.resourceId.toLowerCase() === canonicalId(req.path).toLowerCase()) {
      // Deleting what is already being deleted: ARM hands back the running operation.
      return { status: 202, headers: { [op.mode === 'location' ? 'Location' : 'Azure-AsyncOperation']: op.statusUrl } };
    }
    if (op) throw conflictError(ctx, canonicalId(req.path), op);
  }
  return match.route.handler(req, ctx);
}

/** No provider route: answer for stored resources by id, else say what ARM would say. */
function fallback(req: ArmRequest, ctx: EmulatorContext, router: Router): ArmResponse {
  const id = canonicalId(req.path);
  const parsed = parseResourceId(id);
  const stored = ctx.store.get(id);
  if (stored && req.method === 'GET') {
    assertPermitted(ctx, `${stored.type}/read`, id);
    return { status: 200, body: ctx.present(stored) };
  }
  if (stored && req.method === 'DELETE') {
    assertPermitted(ctx, `${stored.type}/delete`, id);
    const op = ctx.lro instanceof LroEngine ? ctx.lro.conflicting(id) : undefined;
    if (op) throw conflictError(ctx, id, op);
    return ctx.lro.start(req, {
      resourceId: id,
      mode: 'location',
      azureSeconds: GENERIC_DELETE_AZURE_SECONDS,
      inFlightState: 'Deleting',
      outcome: { effects: [{ delete: id, recursive: true }] },
      initialStatus: 202,
    });
  }
  if (parsed.type && router.knownTypes.has(parsed.type.toLowerCase())) {
    if (req.method === 'DELETE') return { status: 204 };
    if (req.method === 'GET' || req.method === 'HEAD') throw resourceNotFound(id);
    throw new ArmError(405, 'MethodNotAllowed', `The method '${req.method}' is not supported for resource type '${parsed.type}'.`);
  }
  if (parsed.type && parsed.namespace) {
    throw new ArmError(
      404,
      'InvalidResourceType',
      `The resource type '${parsed.type.slice(parsed.namespace.length + 1)}' could not be found in the namespace '${parsed.namespace}' for api version '${req.apiVersion ?? ''}'.`,
    );
  }
  throw new ArmError(404, 'NotFound', `No HTTP resource was found that matches the request URI '${req.path}'.`);
}
