import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { VirtualMachine } from '@azure/arm-compute';
import type { NetworkInterface } from '@azure/arm-network';
import { SecureAksError } from '../../core/errors.js';
import type { Change, StepOutputs } from '../../core/step.js';
import type { StepContext } from '../../engine/step.js';
import { azureCall, getOrUndefined } from '../../azure/errors.js';
import { changeFor, diffProperties, needsWrite } from './diff.js';
import { armId, subnetId } from '../../azure/ids.js';
import { journaledModernLro, lroOptions, lroWrite } from '../../azure/lro.js';
import { ensureSshKey, openSshPublicKey, publicKeyFromOpenSshPrivateKey } from '../../state/ssh-key.js';
import { ourTags, tagsDiff, tagsForPut } from '../../core/tags.js';
import { jumphostVm } from './vm-jumphost.js';

export const NIC_TYPE = 'Microsoft.Network/networkInterfaces';
export const VM_TYPE = 'Microsoft.Compute/virtualMachines';

export interface JumphostView {
  nic?: NetworkInterface;
  vm?: VirtualMachine;
  changes: Change[];
}

export function sshKeyPath(ctx: Pick<StepContext, 'jumphostKeyPath'>): string {
  return ctx.jumphostKeyPath;
}

export async function inspectJumphost(ctx: StepContext): Promise<JumphostView> {
  const { resourceGroup } = ctx.config;
  const { jumphostNic, jumphostVm: vmName } = ctx.names;
  const network = await ctx.azure.network();
  const compute = await ctx.azure.compute();
  const nic = await azureCall(`Reading network interface ${jumphostNic}`, () =>
    getOrUndefined(() => network.networkInterfaces.get(resourceGroup, jumphostNic)),
  );
  const vm = await azureCall(`Reading virtual machine ${vmName}`, () =>
    getOrUndefined(() => compute.virtualMachines.get(resourceGroup, vmName)),
  );
  return {
    nic,
    vm,
    changes: [
      changeFor(NIC_TYPE, jumphostNic, nic, nic ? [...diffProperties(nic, { provisioningState: 'Succeeded' }), ...tagsDiff(ctx, nic)] : []),
      // A VM left Creating/Failed by an earlier run is an update: apply re-attaches to or repeats the create.
      changeFor(VM_TYPE, vmName, vm, vm ? [...diffProperties(vm, { provisioningState: 'Succeeded' }), ...tagsDiff(ctx, vm)] : []),
    ],
  };
}

/** Creates the NIC (no public IP) and the VM as planned; returns the jumphost outputs. */
export async function applyJumphost(ctx: StepContext, planned: readonly Change[]): Promise<StepOutputs> {
  const { resourceGroup, location } = ctx.config;
  const { jumphostNic, jumphostVm: vmName } = ctx.names;
  const network = await ctx.azure.network();
  const compute = await ctx.azure.compute();
  const keyPath = sshKeyPath(ctx);

  let nic = await getOrUndefined(() => network.networkInterfaces.get(resourceGroup, jumphostNic));
  if (needsWrite(planned, NIC_TYPE, jumphostNic)) {
    ctx.progress(`network interface ${jumphostNic}: ${nic ? 'updating' : 'creating'}`);
    const body: NetworkInterface = nic
      ? { ...nic, tags: tagsForPut(ctx, nic) }
      : {
          location,
          tags: ourTags(ctx),
          // Deliberately no publicIPAddress: the jumphost is reachable only through Bastion.
          ipConfigurations: [
            {
              name: 'ipconfig1',
              subnet: { id: subnetId(ctx, ctx.names.jumphostSubnet) },
              privateIPAllocationMethod: 'Dynamic',
              primary: true,
            },
          ],
        };
    nic = await lroWrite(ctx, `Writing network interface ${jumphostNic}`, () =>
      network.networkInterfaces.beginCreateOrUpdateAndWait(resourceGroup, jumphostNic, body, lroOptions(ctx)),
    );
  }

  let vm = await getOrUndefined(() => compute.virtualMachines.get(resourceGroup, vmName));
  // A settled VM whose only change is its tags: a tags-only PATCH, not a PUT of the whole machine.
  if (vm && vm.provisioningState === 'Succeeded' && tagsDiff(ctx, vm).length > 0) {
    const tags = tagsForPut(ctx, vm);
    ctx.progress(`virtual machine ${vmName}: updating tags`);
    vm = await azureCall(`Updating the tags of virtual machine ${vmName}`, () =>
      compute.virtualMachines.update(resourceGroup, vmName, { tags }, lroOptions(ctx)),
    );
  }
  if (vm && !existsSync(keyPath)) {
    // Never replace the key of an existing VM: with a shared (blob) state the key stays on the machine whose
    // run created the VM, and the user may hold the original elsewhere.
    ctx.progress(`virtual machine ${vmName}: its SSH private key is not on this machine (it stays where the VM was created)`);
  }
  if (needsWrite(planned, VM_TYPE, vmName) && vm?.provisioningState !== 'Succeeded') {
    const nicId = nic?.id ?? armId(ctx, NIC_TYPE, jumphostNic);
    // The key is made only when a VM is about to be created with it (an existing key file is reused). A VM
    // an earlier run left Creating or Failed keeps the key it was created with: a new one would not open it.
    const body = vm
      ? { ...vm, tags: tagsForPut(ctx, vm) }
      : jumphostVm({
          location,
          tags: ourTags(ctx),
          computerName: ctx.names.jumphostComputerName,
          nicId,
          sshPublicKey: (await ensureSshKey(keyPath, `secure-aks-${ctx.names.cluster}`)).openSsh,
        });
    const vmId = armId(ctx, VM_TYPE, vmName);
    const { restorePoller } = await import('@azure/arm-compute');
    vm = await journaledModernLro(ctx, {
      resourceId: vmId,
      operation: vm ? 'update' : 'create',
      label: `virtual machine ${vmName}`,
      start: () => compute.virtualMachines.createOrUpdate(resourceGroup, vmName, body, lroOptions(ctx)),
      restore: (serialized) => restorePoller(compute, serialized, compute.virtualMachines.createOrUpdate, lroOptions(ctx)),
    });
  }
  return {
    jumphostVmId: vm?.id,
    jumphostPrivateIp: nic?.ipConfigurations?.find((c) => c.privateIPAddress)?.privateIPAddress,
    sshKeyPath: keyPath,
  };
}

/** Post-conditions that matter for security: no public IP, password login off, running VM. */
export function jumphostProblems(view: JumphostView, vmName: string): string[] {
  const problems: string[] = [];
  if (!view.nic) problems.push('its network interface does not exist');
  if (view.nic?.ipConfigurations?.some((c) => c.publicIPAddress))
    problems.push(`network interface ${view.nic.name} has a public IP address`);
  if (!view.vm) problems.push(`virtual machine ${vmName} does not exist`);
  else {
    if (view.vm.provisioningState !== 'Succeeded') problems.push(`virtual machine ${vmName} is ${view.vm.provisioningState}`);
    if (view.vm.osProfile?.linuxConfiguration?.disablePasswordAuthentication !== true)
      problems.push(`virtual machine ${vmName} allows password login`);
  }
  return problems;
}

/**
 * The local key must open the VM: a key file from another deployment (or regenerated after the VM was made)
 * would leave the user locked out. Only the public half is compared.
 */
async function keyMismatch(ctx: StepContext, vm: VirtualMachine | undefined): Promise<string | undefined> {
  const pem = await readFile(sshKeyPath(ctx), 'utf8').catch(() => undefined);
  const local = pem ? publicKeyFromOpenSshPrivateKey(pem) : undefined;
  if (!local || !vm) return undefined;
  const blob = openSshPublicKey(local.pub, '').split(' ')[1];
  const authorized = vm.osProfile?.linuxConfiguration?.ssh?.publicKeys ?? [];
  return authorized.some((k) => k.keyData?.split(/\s+/)[1] === blob)
    ? undefined
    : `the SSH key ${sshKeyPath(ctx)} is not an authorized key of virtual machine ${vm.name}`;
}

export async function assertJumphost(ctx: StepContext, view: JumphostView): Promise<void> {
  const problems = jumphostProblems(view, ctx.names.jumphostVm);
  const mismatch = await keyMismatch(ctx, view.vm);
  if (mismatch) problems.push(mismatch);
  if (problems.length === 0) return;
  throw new SecureAksError('JumphostNotCompliant', `The jumphost is not as planned: ${problems.join('; ')}.`, {
    source: 'azure',
    remediation:
      'Remove any public IP from the jumphost NIC; for a key mismatch, restore the original key file or reset it with `az vm user update`. Then run `secure-aks status --resume`.',
  });
}
