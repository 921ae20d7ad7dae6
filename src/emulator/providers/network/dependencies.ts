/**
 * What Azure's network provider does when a write depends on a resource that is still changing:
 * - a write referencing a subnet, route table or NSG whose operation runs gets 429 RetryableError with
 *   detail ReferencedResourceNotProvisioned (Azure/azure-sdk-for-go#588, hashicorp/terraform#7986,
 *   microsoft/AzureTRE#3671 for a firewall whose subnet is updating);
 * - a second subnet write in a VNet while another subnet's operation runs is accepted and its operation
 *   ends Failed with AnotherOperationInProgress (Azure/bicep#5132);
 * - while an Azure Firewall is created or updated (also when its policy changes), writes to its policy's
 *   rule collection groups and to its VNet's subnets, and a VNet PUT, get 409 AnotherOperationInProgress
 *   (learn.microsoft.com/azure/firewall/firewall-known-issues: parallel updates are not supported;
 *   mspnp/aks-baseline chains every rule collection group on the firewall for this reason).
 */
import { ArmError, type EmulatorContext, type ArmResource, type ArmRequest } from '../../core/contract.js';
import { LroEngine, type OperationRecord } from '../../core/lro.js';
import { parseResourceId } from '../../core/ids.js';
import { anotherOperationInProgress } from './errors.js';
import { T, parentIdOf, refId, sameId } from './ids.js';
import { ofType } from './common.js';
import { policyBusy } from './firewall-policy.js';

/** The running write on `id`, its parent or a child (undefined when none, or the engine is not the core's). */
export function runningOn(ctx: EmulatorContext, id: string): OperationRecord | undefined {
  return ctx.lro instanceof LroEngine ? ctx.lro.conflicting(id) : undefined;
}

/** Azure's name for an operation, e.g. PutSubnetOperation or DeleteRouteOperation. */
export function operationName(op: OperationRecord): string {
  const type = parseResourceId(op.resourceId).type ?? '';
  const last = type.split('/').pop() ?? '';
  const singular: Record<string, string> = {
    virtualnetworks: 'VirtualNetwork',
    subnets: 'Subnet',
    routetables: 'RouteTable',
    routes: 'Route',
    networksecuritygroups: 'NetworkSecurityGroup',
    securityrules: 'SecurityRule',
    azurefirewalls: 'AzureFirewall',
  };
  return `${op.method === 'DELETE' ? 'Delete' : 'Put'}${singular[last.toLowerCase()] ?? 'Resource'}Operation`;
}

export function referencedResourceNotProvisioned(referencedId: string, byId: string, op: OperationRecord): ArmError {
  const state = op.method === 'DELETE' ? 'Deleting' : 'Updating';
  const message =
    `Cannot proceed with operation because resource ${referencedId} used by resource ${byId} is not in Succeeded state. ` +
    `Resource is in ${state} state and the last operation that updated/is updating the resource is ${operationName(op)}.`;
  return new ArmError(429, 'RetryableError', 'A retryable error occurred.', {
    details: [{ code: 'ReferencedResourceNotProvisioned', message }],
    headers: { 'Retry-After': '1' },
  });
}

/** 429 ReferencedResourceNotProvisioned when a referenced subnet, route table or NSG is still changing. */
export function assertReferencesProvisioned(ctx: EmulatorContext, byId: string, referencedIds: Array<string | undefined>): void {
  if (!ctx.strict('dependent-operations')) return;
  for (const referencedId of referencedIds) {
    if (!referencedId) continue;
    const op = runningOn(ctx, referencedId);
    if (op && !sameId(op.resourceId, byId)) throw referencedResourceNotProvisioned(referencedId, byId, op);
  }
}

/**
 * A subnet write while another subnet of the same VNet is changing: accepted, and the operation ends
 * Failed with AnotherOperationInProgress naming the running one.
 */
export function failIfSiblingSubnetBusy(req: ArmRequest, ctx: EmulatorContext, vnet: ArmResource, subnetId: string): void {
  if (!ctx.strict('dependent-operations') || !(ctx.lro instanceof LroEngine)) return;
  const engine = ctx.lro;
  const busy = ctx.store
    .children(vnet.id, T.subnet)
    .filter((s) => !sameId(s.id, subnetId))
    .map((s) => engine.conflicting(s.id))
    .find((op) => op && !sameId(op.resourceId, vnet.id));
  if (!busy) return;
  const { message } = anotherOperationInProgress(vnet.id, busy.statusUrl);
  engine.failNextOperation(req, { code: 'AnotherOperationInProgress', message });
}

/** Firewalls placed in one of the VNet's subnets. */
function firewallsInVnet(ctx: EmulatorContext, vnetId: string): ArmResource[] {
  return ofType(ctx.store, T.firewall).filter((fw) =>
    (fw.properties?.ipConfigurations ?? []).some((c: any) => {
      const subnetId = refId(c?.properties?.subnet);
      return subnetId !== undefined && sameId(parentIdOf(subnetId), vnetId);
    }),
  );
}

/** The operation a firewall is in: its own create/update, or a change of its policy. */
function firewallOperation(ctx: EmulatorContext, fw: ArmResource): { statusUrl?: string } | undefined {
  const state = fw.properties?.provisioningState;
  if ((state === 'Creating' || state === 'Updating') && ctx.lro.inFlight(fw.id)) return runningOn(ctx, fw.id) ?? {};
  const policyId = refId(fw.properties?.firewallPolicy);
  const busy = policyId ? policyBusy(ctx, policyId) : undefined;
  return busy ? (runningOn(ctx, busy) ?? {}) : undefined;
}

/** 409 while a firewall in this VNet is being created or updated: its subnets and the VNet wait for it. */
export function assertNoFirewallInProgress(ctx: EmulatorContext, vnetId: string, targetId: string): void {
  if (!ctx.strict('firewall-locks')) return;
  for (const fw of firewallsInVnet(ctx, vnetId)) {
    const op = firewallOperation(ctx, fw);
    if (op) throw anotherOperationInProgress(targetId, op.statusUrl);
  }
}

/** 409 for a rule collection group write while a firewall using the policy is being created or updated. */
export function assertPolicyFirewallsIdle(ctx: EmulatorContext, policyId: string, targetId: string): void {
  if (!ctx.strict('firewall-locks')) return;
  for (const fw of ofType(ctx.store, T.firewall).filter((f) => sameId(refId(f.properties?.firewallPolicy), policyId))) {
    if (ctx.lro.inFlight(fw.id)) throw anotherOperationInProgress(targetId, runningOn(ctx, fw.id)?.statusUrl);
  }
}

/** A firewall PUT while its VNet or one of its subnets is changing: 429 ReferencedResourceNotProvisioned (microsoft/AzureTRE#3671). */
export function assertFirewallSubnetsQuiet(ctx: EmulatorContext, firewallId: string, subnetId: string): void {
  if (!ctx.strict('firewall-locks')) return;
  const vnetId = parentIdOf(subnetId);
  const op = [subnetId, ...ctx.store.children(vnetId, T.subnet).map((s) => s.id)].map((id) => runningOn(ctx, id)).find(Boolean);
  if (op) throw referencedResourceNotProvisioned(sameId(op.resourceId, vnetId) ? subnetId : op.resourceId, firewallId, op);
}
