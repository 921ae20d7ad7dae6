/**
 * `GET .../virtualMachines/{vm}?$expand=instanceView` adds `properties.instanceView`: the VM's run-time
 * status, shaped as Microsoft's VirtualMachine_Get_WithInstanceView example shows it
 * (azure-rest-api-specs specification/compute/resource-manager/Microsoft.Compute/ComputeRP/stable/
 * .../examples/virtualMachineExamples/VirtualMachine_Get_WithInstanceView.json). The emulator's VMs never
 * stop, so a provisioned VM is running.
 */
import type { ArmResource } from '../../core/contract.js';

function status(code: string, displayStatus: string, time?: string): Record<string, string> {
  return { code, level: 'Info', displayStatus, ...(time ? { time } : {}) };
}

export function withInstanceView(vm: ArmResource): ArmResource {
  const props = vm.properties ?? {};
  const state = String(props.provisioningState ?? 'Succeeded');
  const time = typeof props.timeCreated === 'string' ? props.timeCreated : undefined;
  const provisioning = status(`ProvisioningState/${state.toLowerCase()}`, `Provisioning ${state.toLowerCase()}`, time);
  const running = state === 'Succeeded' ? [status('PowerState/running', 'VM running')] : [status('PowerState/starting', 'VM starting')];
  const disk = props.storageProfile?.osDisk;
  const instanceView = {
    computerName: props.osProfile?.computerName ?? vm.name,
    hyperVGeneration: 'V2',
    vmAgent: { vmAgentVersion: 'Unknown', statuses: [] as unknown[] },
    disks: disk?.name ? [{ name: disk.name, statuses: [provisioning] }] : [],
    statuses: [provisioning, ...running],
  };
  return { ...vm, properties: { ...props, instanceView } };
}
