/**
 * Network writes as ARM runs them: creates/updates answer 201/200 with Azure-AsyncOperation and land after
 * a simulated time; deletes answer 202 with Location. While running, the resource shows Creating/Updating/
 * Deleting (written to the store here so GETs and the control API see it).
 */
import type { ArmRequest, ArmResource, ArmResponse, EmulatorContext, StoreEffect } from '../../core/contract.js';
import { withState } from './common.js';

export interface PutPlan {
  /** The resource as it will end (store shape, without derived properties). */
  resource: ArmResource;
  existed: boolean;
  azureSeconds: number;
  /** Turns a stored resource into its GET body (adds children and back-references). */
  render: (resource: ArmResource) => ArmResource;
  /** Other resources written with this one (inline children); shown in flight at once, final at the end. */
  children?: ArmResource[];
  /** Ids removed when the operation completes (inline children no longer listed). */
  removals?: string[];
}

export function startPut(req: ArmRequest, ctx: EmulatorContext, plan: PutPlan): ArmResponse {
  const inFlightState = plan.existed ? 'Updating' : 'Creating';
  const pending = withState(plan.resource, inFlightState);
  const effects: StoreEffect[] = [];
  for (const child of plan.children ?? []) {
    const existed = !!ctx.store.get(child.id);
    ctx.store.put(withState(child, existed ? 'Updating' : 'Creating'));
    effects.push({ put: withState(child, 'Succeeded') });
  }
  for (const id of plan.removals ?? []) effects.push({ delete: id, recursive: true });
  const response = ctx.lro.start(req, {
    resourceId: plan.resource.id,
    mode: 'azure-async-operation',
    azureSeconds: plan.azureSeconds,
    inFlightState,
    outcome: { final: withState(plan.resource, 'Succeeded'), effects },
    initialStatus: plan.existed ? 200 : 201,
    initialBody: plan.render(pending),
  });
  // The core stores the initial body; keep the store free of derived (rendered) properties instead.
  ctx.store.put(pending);
  return response;
}

/** Deletes the resource and everything under it (and `alsoDelete`, e.g. a private endpoint's NIC). */
export function startDelete(
  req: ArmRequest,
  ctx: EmulatorContext,
  resource: ArmResource,
  options: { azureSeconds?: number; alsoDelete?: string[] } = {},
): ArmResponse {
  const effects: StoreEffect[] = [resource.id, ...(options.alsoDelete ?? [])].map((id) => ({ delete: id, recursive: true }));
  return ctx.lro.start(req, {
    resourceId: resource.id,
    mode: 'location',
    azureSeconds: options.azureSeconds ?? 10,
    inFlightState: 'Deleting',
    outcome: { effects },
    initialStatus: 202,
  });
}
