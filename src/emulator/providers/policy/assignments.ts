/**
 * Policy assignments at any scope (an extension resource: `{scope}/providers/Microsoft.Authorization/
 * policyAssignments/{name}`), and GET of the built-in policy set definitions. Azure's refusals reproduced:
 * a scope that does not exist, a definition that does not exist (404 PolicySetDefinitionNotFound), a
 * parameter the definition does not declare (400 UndefinedPolicyParameter) or a value outside its allowed
 * values (400 InvalidPolicyParameters); names of at most 64 characters without `%&\?/` or a trailing
 * period or space at a resource or resource group scope
 * (https://learn.microsoft.com/azure/governance/policy/concepts/assignment-structure,
 * https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftauthorization).
 * A PUT is synchronous and answers 201 whether it creates or updates (the only success the specification
 * lists for PolicyAssignments_Create: specification/resources/resource-manager/Microsoft.Authorization/policy/
 * stable/2024-05-01/policyAssignments.json); assignments carry no tags, only `metadata`.
 */
import type { ArmRequest, ArmResource, ArmResponse, EmulatorContext, Route } from '../../core/contract.js';
import { ArmError } from '../../core/contract.js';
import { missingProperty, resourceNotFound } from '../../core/errors.js';
import { canonicalId, parseResourceId } from '../../core/ids.js';
import { BUILT_IN_POLICY_SETS, builtInPolicySet, policySetBody, POLICY_SET_TYPE, type BuiltInPolicySet } from './builtIn.js';

export const POLICY_ASSIGNMENT_TYPE = 'Microsoft.Authorization/policyAssignments';
const ONE = `{scope*}/providers/${POLICY_ASSIGNMENT_TYPE}/{policyAssignmentName}`;

const scopeOf = (req: ArmRequest) => canonicalId(req.params.scope || '/');
const idOf = (req: ArmRequest) =>
  `${scopeOf(req).replace(/\/$/, '')}/providers/${POLICY_ASSIGNMENT_TYPE}/${req.params.policyAssignmentName}`;

function checkName(name: string): void {
  if (name.length > 64 || /[%&\\?/<>*:]/.test(name) || /[. ]$/.test(name)) {
    throw new ArmError(
      400,
      'InvalidPolicyAssignmentName',
      `The policy assignment name '${name}' is invalid. It must be at most 64 characters, must not contain '%&\\?/<>*:' and must not end with a period or a space.`,
    );
  }
}

function checkScope(ctx: EmulatorContext, scope: string): void {
  const parsed = parseResourceId(scope);
  if (parsed.type && parsed.name && parsed.type !== 'Microsoft.Resources/subscriptions' && !ctx.store.get(scope))
    throw resourceNotFound(scope);
}

function checkParameters(set: BuiltInPolicySet, parameters: Record<string, any>): void {
  for (const [key, given] of Object.entries(parameters)) {
    const declared = Object.entries(set.parameters).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
    if (!declared) {
      throw new ArmError(
        400,
        'UndefinedPolicyParameter',
        `The policy assignment has the parameter '${key}' which is not defined in the policy set definition '${set.name}'.`,
      );
    }
    const value = given?.value;
    if (declared.allowedValues && !declared.allowedValues.includes(value)) {
      throw new ArmError(
        400,
        'InvalidPolicyParameters',
        `The policy set definition '${set.name}' parameter '${key}' has value '${JSON.stringify(value)}', which is not one of the allowed values '${declared.allowedValues.join(', ')}'.`,
      );
    }
  }
}

function put(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const name = req.params.policyAssignmentName;
  checkName(name);
  const props = req.body?.properties ?? {};
  if (typeof props.policyDefinitionId !== 'string') throw missingProperty('properties.policyDefinitionId');
  const scope = scopeOf(req);
  checkScope(ctx, scope);
  const set = builtInPolicySet(props.policyDefinitionId);
  if (!set) {
    throw new ArmError(
      404,
      'PolicySetDefinitionNotFound',
      `The policy set definition '${props.policyDefinitionId.split('/').pop()}' could not be found.`,
    );
  }
  const parameters = props.parameters && typeof props.parameters === 'object' ? props.parameters : {};
  checkParameters(set, parameters);
  const id = idOf(req);
  const before = ctx.store.get(id);
  const now = new Date(ctx.now()).toISOString();
  const caller = ctx.caller().principalId;
  const assignment: ArmResource = {
    id: before?.id ?? id,
    name: before?.name ?? name,
    type: POLICY_ASSIGNMENT_TYPE,
    ...(req.body?.location ? { location: String(req.body.location).toLowerCase() } : {}),
    properties: {
      displayName: props.displayName ?? null,
      description: props.description ?? null,
      policyDefinitionId: props.policyDefinitionId,
      definitionVersion: props.definitionVersion ?? `${set.version.split('.')[0]}.*.*`,
      scope,
      notScopes: props.notScopes ?? [],
      parameters,
      // Azure adds who and when to the caller's metadata.
      metadata: {
        ...(props.metadata ?? {}),
        createdBy: before?.properties?.metadata?.createdBy ?? caller,
        createdOn: before?.properties?.metadata?.createdOn ?? now,
        ...(before ? { updatedBy: caller, updatedOn: now } : {}),
      },
      enforcementMode: props.enforcementMode ?? 'Default',
    },
  };
  ctx.store.put(assignment);
  return { status: 201, body: assignment };
}

function get(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const found = ctx.store.get(idOf(req));
  if (!found)
    throw new ArmError(404, 'PolicyAssignmentNotFound', `The policy assignment '${req.params.policyAssignmentName}' is not found.`);
  return { status: 200, body: found };
}

/** DELETE answers the deleted assignment (200), or 204 when there was none. */
function remove(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const found = ctx.store.get(idOf(req));
  if (!found) return { status: 204 };
  ctx.store.delete(found.id);
  return { status: 200, body: found };
}

/** Assignments at the resource group and at or below it (`$filter=atScope()` narrows to it and above). */
function listForResourceGroup(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const { subscriptionId, resourceGroupName } = req.params;
  const prefix = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}`.toLowerCase();
  const value = ctx.store
    .all()
    .filter((r) => r.type === POLICY_ASSIGNMENT_TYPE && String(r.properties?.scope).toLowerCase().startsWith(prefix));
  return { status: 200, body: { value } };
}

function getPolicySet(req: ArmRequest): ArmResponse {
  const set = BUILT_IN_POLICY_SETS.find((s) => s.name.toLowerCase() === req.params.policySetDefinitionName.toLowerCase());
  if (!set)
    throw new ArmError(
      404,
      'PolicySetDefinitionNotFound',
      `The policy set definition '${req.params.policySetDefinitionName}' could not be found.`,
    );
  return { status: 200, body: policySetBody(set) };
}

export const policyRoutes: Route[] = [
  { method: 'PUT', path: ONE, action: `${POLICY_ASSIGNMENT_TYPE}/write`, handler: put },
  { method: 'GET', path: ONE, action: `${POLICY_ASSIGNMENT_TYPE}/read`, handler: get },
  { method: 'DELETE', path: ONE, action: `${POLICY_ASSIGNMENT_TYPE}/delete`, handler: remove },
  {
    method: 'GET',
    path: `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/${POLICY_ASSIGNMENT_TYPE}`,
    action: `${POLICY_ASSIGNMENT_TYPE}/read`,
    handler: listForResourceGroup,
  },
  {
    method: 'GET',
    path: `/providers/${POLICY_SET_TYPE}/{policySetDefinitionName}`,
    action: `${POLICY_SET_TYPE}/read`,
    handler: (req) => getPolicySet(req),
  },
];
