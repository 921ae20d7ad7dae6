/**
 * Network security groups and their security rules. A PUT is a full replacement of `securityRules`.
 * An NSG attached to AzureBastionSubnet must keep Azure's required Bastion rules through every change.
 */
import type { ArmResource, EmulatorContext, Route, RouteHandler } from '../../core/contract.js';
import { ofType, writableProperties } from './common.js';
import { childRoutes, putWithInlineChildren, type ChildKind } from './child.js';
import { commonRoutes, deleteRoute, envelope, idFor, NO_CONTENT, putRoute, readPut, type Kind } from './crud.js';
import { inUse } from './errors.js';
import { T, ref, sameId } from './ids.js';
import { startDelete } from './lro.js';
import { bastionNsgError, bastionNsgProblem, buildSecurityRule, checkRuleConflicts, defaultSecurityRules } from './nsg-rules.js';
import { subnetsReferencing } from './refs.js';
import { BASTION_SUBNET } from './subnet-model.js';

function nicsUsing(ctx: EmulatorContext, nsgId: string): ArmResource[] {
  return ofType(ctx.store, T.nic).filter((n) => sameId(n.properties?.networkSecurityGroup?.id, nsgId));
}

export function renderNsg(ctx: EmulatorContext, nsg: ArmResource): ArmResource {
  const properties: Record<string, any> = {
    ...nsg.properties,
    securityRules: ctx.store.children(nsg.id, T.securityRule),
    defaultSecurityRules: defaultSecurityRules(nsg.id, nsg.etag),
  };
  const subnets = subnetsReferencing(ctx.store, 'networkSecurityGroup', nsg.id).map((s) => ref(s.id));
  if (subnets.length > 0) properties.subnets = subnets;
  const nics = nicsUsing(ctx, nsg.id).map((n) => ref(n.id));
  if (nics.length > 0) properties.networkInterfaces = nics;
  return { ...nsg, properties };
}

export const nsgKind: Kind = {
  type: T.nsg,
  segment: 'networkSecurityGroups',
  param: 'networkSecurityGroupName',
  label: 'network security group',
  render: renderNsg,
};

/** Conflicting priorities, and Bastion compliance when the NSG guards AzureBastionSubnet. */
function checkRuleSet(ctx: EmulatorContext, nsg: ArmResource, rules: ArmResource[]): void {
  checkRuleConflicts(nsg.name, rules);
  const guardsBastion = subnetsReferencing(ctx.store, 'networkSecurityGroup', nsg.id).some((s) => sameId(s.name, BASTION_SUBNET));
  const problem = guardsBastion ? bastionNsgProblem(rules) : undefined;
  if (problem) throw bastionNsgError(nsg.name, problem);
}

const put: RouteHandler = (req, ctx) => {
  const request = readPut(nsgKind, req, ctx);
  const { body, existing } = request;
  const nsg: ArmResource = {
    ...envelope(nsgKind, req, ctx, request),
    properties: {
      ...writableProperties(body, ['securityRules', 'defaultSecurityRules', 'subnets', 'networkInterfaces', 'flowLogs']),
      resourceGuid: existing?.properties?.resourceGuid ?? ctx.newGuid(),
      flushConnection: body.properties?.flushConnection ?? false,
    },
  };
  return putWithInlineChildren(req, ctx, securityRuleKind, nsg, !!existing, body.properties?.securityRules, 3);
};

const del: RouteHandler = (req, ctx) => {
  const nsg = ctx.store.get(idFor(nsgKind, req));
  if (!nsg) return NO_CONTENT;
  const users = [...subnetsReferencing(ctx.store, 'networkSecurityGroup', nsg.id), ...nicsUsing(ctx, nsg.id)].map((r) => r.id);
  if (users.length > 0) throw inUse('InUseNetworkSecurityGroupCannotBeDeleted', nsg.id, users, 'Network security group');
  return startDelete(req, ctx, nsg);
};

export const securityRuleKind: ChildKind = {
  parent: nsgKind,
  type: T.securityRule,
  segment: 'securityRules',
  param: 'securityRuleName',
  azureSeconds: 2,
  deleteSeconds: 2,
  whenParentBusy: 'retry',
  build: (ctx, nsg, name, body) => buildSecurityRule(ctx, nsg.id, name, body),
  validateSet: checkRuleSet,
};

export const nsgRoutes: Route[] = [
  ...commonRoutes(nsgKind),
  putRoute(nsgKind, put),
  deleteRoute(nsgKind, del),
  ...childRoutes(securityRuleKind),
];
