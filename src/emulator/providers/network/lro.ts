/**
 * Network writes as ARM runs them: creates/updates answer 201/200 with Azure-AsyncOperation and land after
 * a simulated time; deletes answer 202 with both Azure-AsyncOperation and Location and `Retry-After: 10`.
 * A create's 201 and an update's 200 carry no Retry-After: recorded Azure CLI traffic shows none (e.g.
 * Azure/azure-cli src/azure-cli/azure/cli/command_modules/network/tests/latest/recordings/
 * test_network_vnet.yaml and test_network_route_table_operation.yaml, replayed by test/conformance).
 * While running, the resource shows Updating or Deleting: Microsoft.Network has no `Creating` state (the
 * ProvisioningState enum in azure-rest-api-specs specification/network/resource-manager/Microsoft.Network/
 * stable/2025-05-01/network.json is Succeeded, Updating, Deleting, Failed), so a create is `Updating` too.
 * The state is written to the store here so GETs and the control API see it.
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
  /** Resources stored as they are when the operation completes (a new private DNS zone's SOA record). */
  landing?: ArmResource[];
  /**
   * State a create shows while it runs. Microsoft.Network types have no `Creating`; the private DNS
   * provider's enum has one (specification/privatedns/resource-manager/Microsoft.Network/stable/2024-06-01/privatedns.json).
   */
  createState?: 'Creating';
  /**
   * The resource is in place when the first answer leaves: it shows `Succeeded` at once (first answer, GET),
   * while the operation named in Azure-AsyncOperation still runs for the client to poll. Recorded Azure
   * traffic shows this for a network interface (Azure/azure-cli src/azure-cli/azure/cli/command_modules/
   * network/tests/latest/recordings/test_multiple_ipconfigs_remove_by_shorthand.yaml: `nic create`
   * answers 201 with provisioningState Succeeded and an Azure-AsyncOperation header).
   */
  settled?: boolean;
}

/** Seconds Microsoft.Network asks clients to wait before their first poll of a delete. */
export const NETWORK_RETRY_AFTER = 10;

export function startPut(req: ArmRequest, ctx: EmulatorContext, plan: PutPlan): ArmResponse {
  const inFlightState = plan.settled ? 'Succeeded' : plan.existed ? 'Updating' : (plan.createState ?? 'Updating');
  const pending = withState(plan.resource, inFlightState);
  const effects: StoreEffect[] = [];
  for (const child of plan.children ?? []) {
    ctx.store.put(withState(child, 'Updating'));
    effects.push({ put: withState(child, 'Succeeded') });
  }
  for (const id of plan.removals ?? []) effects.push({ delete: id, recursive: true });
  for (const resource of plan.landing ?? []) effects.push({ put: resource });
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
    mode: 'azure-async-operation',
    alsoLocation: true,
    azureSeconds: options.azureSeconds ?? 10,
    inFlightState: 'Deleting',
    outcome: { effects },
    initialStatus: 202,
    initialRetryAfter: NETWORK_RETRY_AFTER,
  });
}
