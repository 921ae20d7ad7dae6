/**
 * A stand-in provider for core tests: just enough of a VNet (classic client family) and a managed
 * cluster (newer client family) to drive the LRO engine in every mode, independent of the real providers.
 */
import type { ArmRequest, ArmResource, EmulatorContext, Provider } from '../../src/emulator/core/contract.js';
import { resourceNotFound } from '../../src/emulator/core/errors.js';
import { canonicalId } from '../../src/emulator/core/ids.js';

const VNET = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/virtualNetworks/{name}';
const CLUSTER =
  '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/{name}';

function resourceFrom(req: ArmRequest, type: string): ArmResource {
  return {
    id: canonicalId(req.path),
    name: req.params.name,
    type,
    location: req.body?.location,
    tags: req.body?.tags ?? {},
    properties: { ...(req.body?.properties ?? {}), provisioningState: 'Succeeded' },
  };
}

function get(req: ArmRequest, ctx: EmulatorContext) {
  const found = ctx.store.get(req.path);
  if (!found) throw resourceNotFound(canonicalId(req.path));
  return { status: 200, body: found };
}

function put(type: string, azureSeconds: number) {
  return (req: ArmRequest, ctx: EmulatorContext) => {
    const final = resourceFrom(req, type);
    const exists = !!ctx.store.get(req.path);
    return ctx.lro.start(req, {
      resourceId: final.id,
      mode: 'azure-async-operation',
      azureSeconds,
      inFlightState: exists ? 'Updating' : 'Creating',
      outcome: { final },
      initialStatus: exists ? 200 : 201,
      initialBody: { ...final, properties: { ...final.properties, provisioningState: exists ? 'Updating' : 'Creating' } },
    });
  };
}

function remove(mode: 'location' | 'azure-async-operation') {
  return (req: ArmRequest, ctx: EmulatorContext) => {
    if (!ctx.store.get(req.path)) return { status: 204 };
    return ctx.lro.start(req, {
      resourceId: canonicalId(req.path),
      mode,
      azureSeconds: 10,
      inFlightState: 'Deleting',
      outcome: {},
      initialStatus: 202,
    });
  };
}

export const standInProvider: Provider = {
  namespace: 'Microsoft.Network',
  routes: [
    { method: 'PUT', path: VNET, action: 'Microsoft.Network/virtualNetworks/write', handler: put('Microsoft.Network/virtualNetworks', 30) },
    { method: 'GET', path: VNET, action: 'Microsoft.Network/virtualNetworks/read', handler: get },
    { method: 'DELETE', path: VNET, action: 'Microsoft.Network/virtualNetworks/delete', handler: remove('location') },
    { method: 'PUT', path: CLUSTER, handler: put('Microsoft.ContainerService/managedClusters', 120) },
    { method: 'GET', path: CLUSTER, handler: get },
    { method: 'DELETE', path: CLUSTER, handler: remove('azure-async-operation') },
    {
      method: 'POST',
      path: `${CLUSTER}/runCommand`,
      handler: (req, ctx) =>
        ctx.lro.start(req, {
          resourceId: canonicalId(req.path.replace(/\/runCommand$/i, '')),
          mode: 'location',
          azureSeconds: 20,
          inFlightState: 'Updating',
          outcome: {
            result: { id: 'cmd1', properties: { provisioningState: 'Succeeded', exitCode: 0, logs: `ran: ${req.body?.command}` } },
          },
          initialStatus: 202,
        }),
    },
  ],
};
