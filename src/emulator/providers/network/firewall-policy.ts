/**
 * Firewall policies. A policy change (its own PUT or a rule collection group write) is pushed to every
 * firewall using it: while it runs, those firewalls show Updating and refuse writes.
 */
import type { ArmResource, EmulatorContext, Route, RouteHandler } from '../../core/contract.js';
import { writableProperties } from './common.js';
import { commonRoutes, deleteRoute, envelope, idFor, NO_CONTENT, putRoute, readPut, type Kind } from './crud.js';
import { anotherOperationInProgress, inUse, invalidReference } from './errors.js';
import { T, ref, refId } from './ids.js';
import { startDelete, startPut } from './lro.js';
import { firewallsUsingPolicy } from './refs.js';

/** The id of the policy or rule collection group whose operation is running, if any. */
export function policyBusy(ctx: EmulatorContext, policyId: string): string | undefined {
  if (ctx.lro.inFlight(policyId)) return policyId;
  return ctx.store.children(policyId, T.ruleCollectionGroup).find((g) => ctx.lro.inFlight(g.id))?.id;
}

/** Azure reports a policy's size; an approximation from its JSON is enough for a reader. */
function sizeOf(resources: ArmResource[]): string {
  const bytes = resources.reduce((n, r) => n + JSON.stringify(r).length, 0);
  return `${(bytes / 1024 / 1024).toFixed(4)}MB`;
}

export function renderPolicy(ctx: EmulatorContext, policy: ArmResource): ArmResource {
  const groups = ctx.store.children(policy.id, T.ruleCollectionGroup);
  const state =
    policy.properties?.provisioningState === 'Succeeded' && policyBusy(ctx, policy.id) ? 'Updating' : policy.properties?.provisioningState;
  return {
    ...policy,
    properties: {
      ...policy.properties,
      provisioningState: state,
      size: sizeOf([policy, ...groups]),
      ruleCollectionGroups: groups.map((g) => ref(g.id)),
      firewalls: firewallsUsingPolicy(ctx.store, policy.id).map((f) => ref(f.id)),
      childPolicies: [],
    },
  };
}

/**
 * Intrusion detection (Premium) answers the lists of its configuration, empty when not sent, as exported
 * policies show them (`signatureOverrides`, `bypassTrafficSettings`; FirewallPolicyIntrusionDetectionConfiguration
 * in azure-rest-api-specs specification/network/resource-manager/Microsoft.Network/stable/2025-05-01/firewallPolicy.json).
 */
function intrusionDetectionOf(input: any): any {
  const configuration = { signatureOverrides: [], bypassTrafficSettings: [], ...(input?.configuration ?? {}) };
  return { ...input, configuration };
}

export const policyKind: Kind = {
  type: T.firewallPolicy,
  segment: 'firewallPolicies',
  param: 'firewallPolicyName',
  label: 'firewall policy',
  render: renderPolicy,
};

const put: RouteHandler = (req, ctx) => {
  const request = readPut(policyKind, req, ctx);
  const { body, id, existing } = request;
  const busy = policyBusy(ctx, id);
  if (busy) throw anotherOperationInProgress(busy);
  const props = writableProperties(body, ['ruleCollectionGroups', 'firewalls', 'childPolicies', 'size']);
  const base = refId(props.basePolicy);
  if (base && !ctx.store.get(base)) throw invalidReference(base, id);
  const policy: ArmResource = {
    ...envelope(policyKind, req, ctx, request),
    properties: {
      ...props,
      sku: { tier: props.sku?.tier ?? 'Standard' },
      threatIntelMode: props.threatIntelMode ?? 'Alert',
      threatIntelWhitelist: props.threatIntelWhitelist ?? { ipAddresses: [], fqdns: [] },
      dnsSettings: { servers: [], enableProxy: false, ...(props.dnsSettings ?? {}) },
      ...(props.intrusionDetection ? { intrusionDetection: intrusionDetectionOf(props.intrusionDetection) } : {}),
    },
  };
  return startPut(req, ctx, { resource: policy, existed: !!existing, azureSeconds: 10, render: (r) => renderPolicy(ctx, r) });
};

const del: RouteHandler = (req, ctx) => {
  const policy = ctx.store.get(idFor(policyKind, req));
  if (!policy) return NO_CONTENT;
  const busy = policyBusy(ctx, policy.id);
  if (busy) throw anotherOperationInProgress(busy);
  const users = firewallsUsingPolicy(ctx.store, policy.id).map((f) => f.id);
  if (users.length > 0) throw inUse('InUseFirewallPolicyCannotBeDeleted', policy.id, users, 'Firewall policy');
  return startDelete(req, ctx, policy);
};

export const firewallPolicyRoutes: Route[] = [...commonRoutes(policyKind), putRoute(policyKind, put), deleteRoute(policyKind, del)];
