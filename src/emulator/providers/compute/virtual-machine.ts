/**
 * Virtual machines: PUT is an Azure-AsyncOperation operation (~90 Azure seconds) that also creates the
 * managed OS disk; DELETE (202 with Azure-AsyncOperation and Location, as recorded Azure CLI VM create and
 * delete traffic shows in Azure/azure-cli src/azure-cli/azure/cli/command_modules/vm/tests/latest/recordings)
 * removes the VM, and the OS disk and NICs only when their deleteOption is Delete.
 * Secrets (adminPassword, customData) are accepted but never stored or returned.
 */
import type { ArmRequest, ArmResource, ArmResponse, EmulatorContext, StoreEffect } from '../../core/contract.js';
import { ArmError } from '../../core/contract.js';
import { resourceNotFound } from '../../core/errors.js';
import { canonicalId } from '../../core/ids.js';
import { withInstanceView } from './instance-view.js';
import { servedRegion } from '../region.js';
import { validateNames, validateNics, validateOsProfile, validateSize } from './validate-vm.js';

export const VM_TYPE = 'Microsoft.Compute/virtualMachines';
const CREATE_AZURE_SECONDS = 90;
const UPDATE_AZURE_SECONDS = 30;
const DELETE_AZURE_SECONDS = 60;

export function vmIdOf(req: ArmRequest): string {
  const { subscriptionId, resourceGroupName, vmName } = req.params;
  return canonicalId(`/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}/providers/${VM_TYPE}/${vmName}`);
}

function osDisk(vm: { id: string; name: string }, input: any, existing: any, suffix: string): any {
  const name = existing?.name ?? input?.name ?? `${vm.name}_OsDisk_1_${suffix}`;
  const rgId = vm.id.split('/providers/')[0];
  return {
    osType: 'Linux',
    createOption: 'FromImage',
    caching: 'ReadWrite',
    deleteOption: 'Detach',
    diskSizeGB: 30,
    ...input,
    name,
    managedDisk: {
      storageAccountType: 'Premium_LRS',
      ...(input?.managedDisk ?? {}),
      id: `${rgId}/providers/Microsoft.Compute/disks/${name}`,
    },
  };
}

function diskResource(disk: any, location: string, tags: Record<string, string> | undefined, vmId: string): ArmResource {
  return {
    id: disk.managedDisk.id,
    name: disk.name,
    type: 'Microsoft.Compute/disks',
    location,
    ...(tags ? { tags } : {}),
    managedBy: vmId,
    sku: {
      name: disk.managedDisk.storageAccountType,
      tier: disk.managedDisk.storageAccountType.startsWith('Premium') ? 'Premium' : 'Standard',
    },
    properties: {
      osType: disk.osType,
      diskSizeGB: disk.diskSizeGB,
      diskState: 'Attached',
      provisioningState: 'Succeeded',
      creationData: { createOption: 'FromImage' },
    },
  };
}

/** adminPassword and customData are write-only: never stored, never returned. */
function withoutSecrets(osProfile: any): any {
  const copy = { ...osProfile };
  delete copy.adminPassword;
  delete copy.customData;
  return copy;
}

export function putVm(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const body = req.body;
  if (!body || typeof body !== 'object')
    throw new ArmError(400, 'InvalidRequestContent', 'The request content must be a JSON object describing the virtual machine.');
  const location = servedRegion(ctx, body.location, VM_TYPE);
  const id = vmIdOf(req);
  const existing = ctx.store.get(id);
  const input = body.properties ?? {};
  validateSize(input.hardwareProfile?.vmSize, location);
  validateOsProfile(input.osProfile);
  if (ctx.strict('naming')) validateNames(req.params.vmName, input.osProfile);
  validateNics(ctx, id, location, input.networkProfile?.networkInterfaces ?? []);
  const osProfile = withoutSecrets(input.osProfile);
  const disk = osDisk(
    { id, name: req.params.vmName },
    input.storageProfile?.osDisk,
    existing?.properties?.storageProfile?.osDisk,
    ctx.newGuid().replace(/-/g, ''),
  );
  const vm: ArmResource = {
    id,
    name: req.params.vmName,
    type: VM_TYPE,
    location,
    ...(body.tags ? { tags: body.tags } : {}),
    ...(body.zones ? { zones: body.zones } : {}),
    ...(body.identity ? { identity: body.identity } : {}),
    etag: `"${Number(String(existing?.etag ?? '"0"').replace(/"/g, '')) + 1}"`,
    properties: {
      ...input,
      vmId: existing?.properties?.vmId ?? ctx.newGuid(),
      hardwareProfile: input.hardwareProfile,
      osProfile: {
        computerName: req.params.vmName,
        secrets: [],
        allowExtensionOperations: true,
        requireGuestProvisionSignal: true,
        ...osProfile,
        ...(osProfile.linuxConfiguration ? { linuxConfiguration: { provisionVMAgent: true, ...osProfile.linuxConfiguration } } : {}),
      },
      storageProfile: { ...(input.storageProfile ?? {}), osDisk: disk, dataDisks: input.storageProfile?.dataDisks ?? [] },
      provisioningState: 'Succeeded',
      timeCreated: existing?.properties?.timeCreated ?? new Date(ctx.now()).toISOString(),
    },
  };
  // The OS disk comes with the first successful write: a VM whose create failed has none yet.
  const effects: StoreEffect[] = ctx.store.get(disk.managedDisk.id) ? [] : [{ put: diskResource(disk, location, body.tags, id) }];
  const state = existing ? 'Updating' : 'Creating';
  return ctx.lro.start(req, {
    resourceId: id,
    mode: 'azure-async-operation',
    azureSeconds: existing ? UPDATE_AZURE_SECONDS : CREATE_AZURE_SECONDS,
    inFlightState: state,
    outcome: { final: vm, effects },
    initialStatus: existing ? 200 : 201,
    initialBody: { ...vm, properties: { ...vm.properties, provisioningState: state } },
  });
}

export function getVm(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const vm = ctx.store.get(vmIdOf(req));
  if (!vm) throw resourceNotFound(vmIdOf(req));
  const expand = (req.query.get('$expand') ?? '').toLowerCase();
  return { status: 200, body: expand === 'instanceview' ? withInstanceView(ctx.present(vm)) : ctx.present(vm) };
}

export function deleteVm(req: ArmRequest, ctx: EmulatorContext): ArmResponse {
  const id = vmIdOf(req);
  const vm = ctx.store.get(id);
  if (!vm) return { status: 204 };
  const effects: StoreEffect[] = [{ delete: id, recursive: true }];
  const disk = vm.properties?.storageProfile?.osDisk;
  if (disk?.deleteOption === 'Delete' && disk.managedDisk?.id) effects.push({ delete: disk.managedDisk.id });
  for (const nic of vm.properties?.networkProfile?.networkInterfaces ?? []) {
    if (nic.properties?.deleteOption === 'Delete') effects.push({ delete: nic.id, recursive: true });
  }
  if (disk?.deleteOption !== 'Delete' && disk?.managedDisk?.id) {
    const stored = ctx.store.get(disk.managedDisk.id);
    if (stored) effects.push({ put: { ...stored, managedBy: undefined, properties: { ...stored.properties, diskState: 'Unattached' } } });
  }
  return ctx.lro.start(req, {
    resourceId: id,
    mode: 'azure-async-operation',
    alsoLocation: 'monitor',
    azureSeconds: DELETE_AZURE_SECONDS,
    inFlightState: 'Deleting',
    outcome: { effects },
    initialStatus: 202,
  });
}
