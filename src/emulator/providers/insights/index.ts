/**
 * Microsoft.Insights data collection rules and their associations.
 *
 * A data collection rule (DCR) says which streams an agent collects and where they go. A PUT is
 * synchronous (201 create, 200 update, as the DataCollectionRules_Create examples in azure-rest-api-specs
 * specification/monitor/resource-manager/Microsoft.Insights show); Azure validates it whole and refuses an
 * invalid rule with 400 InvalidPayload "Data collection rule is invalid" and one detail per problem
 * naming the property: a data flow naming a destination the rule does not define, a Log Analytics
 * destination whose workspace does not exist.
 *
 * A rule reads back with each Log Analytics destination's `workspaceId` (the workspace's customerId), as
 * the DCR API reference's examples show (https://learn.microsoft.com/azure/sentinel/api-dcr-reference).
 *
 * An association (DCRA) is an extension resource of any resource:
 * `{resource id}/providers/Microsoft.Insights/dataCollectionRuleAssociations/{name}`; it goes with the
 * resource it extends. Its rule must exist.
 */
import type { ArmRequest, ArmResource, ArmResponse, EmulatorContext, Provider } from '../../core/contract.js';
import { ArmError } from '../../core/contract.js';
import { missingProperty, resourceNotFound } from '../../core/errors.js';
import { canonicalId, parseResourceId, resourceGroupId } from '../../core/ids.js';
import { normalizeLocation } from '../../core/validate.js';

export const DCR_TYPE = 'Microsoft.Insights/dataCollectionRules';
export const DCRA_TYPE = 'Microsoft.Insights/dataCollectionRuleAssociations';
const RULES = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Insights/dataCollectionRules';
const RULE = `${RULES}/{dataCollectionRuleName}`;
const ASSOCIATION = `{scope*}/providers/${DCRA_TYPE}/{associationName}`;
const KINDS = ['Linux', 'Windows'];

function ruleIdOf(req: ArmRequest): string {
  const { subscriptionId, resourceGroupName, dataCollectionRuleName } = req.params;
  return canonicalId(`${resourceGroupId(subscriptionId, resourceGroupName)}/providers/${DCR_TYPE}/${dataCollectionRuleName}`);
}

interface Detail {
  code: string;
  message: string;
  target: string;
}

/** Every problem of a rule's body, as Azure lists them in the refusal's details. */
function ruleProblems(ctx: EmulatorContext, props: any): Detail[] {
  const problems: Detail[] = [];
  const logAnalytics: any[] = props?.destinations?.logAnalytics ?? [];
  const defined = new Set<string>();
  logAnalytics.forEach((d, i) => {
    const target = `properties.destinations.logAnalytics[${i}]`;
    if (typeof d?.name !== 'string' || !d.name)
      problems.push({ code: 'InvalidProperty', message: 'Destination name is required.', target });
    else defined.add(d.name.toLowerCase());
    const workspace = d?.workspaceResourceId;
    if (typeof workspace !== 'string' || parseResourceId(workspace).type?.toLowerCase() !== 'microsoft.operationalinsights/workspaces') {
      problems.push({
        code: 'InvalidProperty',
        message: `'${String(workspace)}' is not a valid Log Analytics workspace resource id.`,
        target: `${target}.workspaceResourceId`,
      });
    } else if (!ctx.store.get(workspace)) {
      problems.push({
        code: 'InvalidDestination',
        message: `Log Analytics workspace '${workspace}' was not found or the caller has no access to it.`,
        target: `${target}.workspaceResourceId`,
      });
    }
  });
  for (const [i, flow] of ((props?.dataFlows ?? []) as any[]).entries()) {
    if (!Array.isArray(flow?.streams) || flow.streams.length === 0)
      problems.push({
        code: 'InvalidProperty',
        message: 'A data flow must name at least one stream.',
        target: `properties.dataFlows[${i}].streams`,
      });
    for (const name of (flow?.destinations ?? []) as string[]) {
      if (!defined.has(String(name).toLowerCase()))
        problems.push({
          code: 'InvalidDataFlow',
          message: `Data flow destination '${name}' is not defined in the rule's destinations.`,
          target: `properties.dataFlows[${i}].destinations`,
        });
    }
  }
  return problems;
}

function putRule(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const location = normalizeLocation(ctx, req.body?.location, DCR_TYPE);
  const kind = req.body?.kind;
  if (kind !== undefined && !KINDS.some((k) => k.toLowerCase() === String(kind).toLowerCase())) {
    throw new ArmError(400, 'InvalidPayload', 'Data collection rule is invalid', {
      details: [{ code: 'InvalidProperty', message: `Kind '${kind}' is not supported. Supported kinds: ${KINDS.join(', ')}.` }],
    });
  }
  const props = req.body?.properties ?? {};
  const problems = ruleProblems(ctx, props);
  if (problems.length) throw new ArmError(400, 'InvalidPayload', 'Data collection rule is invalid', { details: problems });
  const id = ruleIdOf(req);
  const before = ctx.store.get(id);
  const rule: ArmResource = {
    id: before?.id ?? id,
    name: before?.name ?? req.params.dataCollectionRuleName,
    type: DCR_TYPE,
    location,
    tags: { ...(req.body?.tags ?? {}) },
    ...(kind !== undefined ? { kind } : {}),
    etag: `"${ctx.newGuid()}"`,
    properties: {
      ...props,
      // Azure adds each Log Analytics destination's workspace id (the workspace's customerId).
      ...(props.destinations?.logAnalytics
        ? {
            destinations: {
              ...props.destinations,
              logAnalytics: props.destinations.logAnalytics.map((d: any) => ({
                ...d,
                workspaceId: ctx.store.get(d.workspaceResourceId)?.properties?.customerId,
              })),
            },
          }
        : {}),
      immutableId: before?.properties?.immutableId ?? `dcr-${ctx.newGuid().replace(/-/g, '')}`,
      provisioningState: 'Succeeded',
    },
  };
  ctx.store.put(rule);
  return { status: before ? 200 : 201, body: rule };
}

function getRule(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const found = ctx.store.get(ruleIdOf(req));
  if (!found) throw resourceNotFound(ruleIdOf(req));
  return { status: 200, body: found };
}

function deleteRule(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  return { status: ctx.store.deleteTree(ruleIdOf(req)) > 0 ? 200 : 204 };
}

const scopeOf = (req: ArmRequest) => canonicalId(req.params.scope || '/').replace(/\/$/, '');
const associationIdOf = (req: ArmRequest) => `${scopeOf(req)}/providers/${DCRA_TYPE}/${req.params.associationName}`;

function putAssociation(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const scope = scopeOf(req);
  if (!ctx.store.get(scope)) throw resourceNotFound(scope);
  const ruleId = req.body?.properties?.dataCollectionRuleId;
  const endpointId = req.body?.properties?.dataCollectionEndpointId;
  if (typeof ruleId !== 'string' && typeof endpointId !== 'string') throw missingProperty('properties.dataCollectionRuleId');
  if (typeof ruleId === 'string' && !ctx.store.get(ruleId)) {
    const detail: Detail = {
      code: 'InvalidProperty',
      message: `Data collection rule '${ruleId}' was not found.`,
      target: 'properties.dataCollectionRuleId',
    };
    throw new ArmError(400, 'InvalidPayload', 'Data collection rule association is invalid', { details: [detail] });
  }
  const id = associationIdOf(req);
  const before = ctx.store.get(id);
  const association: ArmResource = {
    id: before?.id ?? id,
    name: before?.name ?? req.params.associationName,
    type: DCRA_TYPE,
    etag: `"${ctx.newGuid()}"`,
    properties: { ...req.body?.properties, provisioningState: 'Succeeded' },
  };
  ctx.store.put(association);
  return { status: before ? 200 : 201, body: association };
}

function getAssociation(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const found = ctx.store.get(associationIdOf(req));
  if (!found) throw resourceNotFound(associationIdOf(req));
  return { status: 200, body: found };
}

function deleteAssociation(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  return { status: ctx.store.delete(associationIdOf(req)) ? 200 : 204 };
}

function listAssociationsOfResource(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const scope = scopeOf(req);
  const value = ctx.store.under(scope, DCRA_TYPE).filter((r) => r.id.toLowerCase().startsWith(`${scope}/providers/`.toLowerCase()));
  return { status: 200, body: { value } };
}

function listAssociationsOfRule(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const ruleId = ruleIdOf(req).toLowerCase();
  const value = ctx.store
    .all()
    .filter((r) => r.type === DCRA_TYPE && String(r.properties?.dataCollectionRuleId ?? '').toLowerCase() === ruleId);
  return { status: 200, body: { value } };
}

export const provider: Provider = {
  namespace: 'Microsoft.Insights',
  routes: [
    { method: 'PUT', path: RULE, action: `${DCR_TYPE}/write`, handler: putRule },
    { method: 'GET', path: RULE, action: `${DCR_TYPE}/read`, handler: getRule },
    { method: 'DELETE', path: RULE, action: `${DCR_TYPE}/delete`, handler: deleteRule },
    { method: 'GET', path: `${RULE}/associations`, action: `${DCRA_TYPE}/read`, handler: listAssociationsOfRule },
    {
      method: 'GET',
      path: RULES,
      action: `${DCR_TYPE}/read`,
      handler: (req, ctx) => ({
        status: 200,
        body: { value: ctx.store.under(resourceGroupId(req.params.subscriptionId, req.params.resourceGroupName), DCR_TYPE) },
      }),
    },
    { method: 'PUT', path: ASSOCIATION, action: `${DCRA_TYPE}/write`, handler: putAssociation },
    { method: 'GET', path: ASSOCIATION, action: `${DCRA_TYPE}/read`, handler: getAssociation },
    { method: 'DELETE', path: ASSOCIATION, action: `${DCRA_TYPE}/delete`, handler: deleteAssociation },
    { method: 'GET', path: `{scope*}/providers/${DCRA_TYPE}`, action: `${DCRA_TYPE}/read`, handler: listAssociationsOfResource },
  ],
};
