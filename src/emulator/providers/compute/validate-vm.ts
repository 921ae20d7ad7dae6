/** What Compute refuses synchronously on a VM PUT, with Azure's codes and wording. */
import { ArmError, type EmulatorContext } from '../../core/contract.js';
import { findSize, VM_SIZES } from './vm-sizes.js';

/** Names Azure refuses as a Linux admin user. */
const RESERVED_USERS = [
  'administrator',
  'admin',
  'user',
  'user1',
  'test',
  'user2',
  'test1',
  'user3',
  'admin1',
  '1',
  '123',
  'a',
  'actuser',
  'adm',
  'admin2',
  'aspnet',
  'backup',
  'console',
  'david',
  'guest',
  'john',
  'owner',
  'root',
  'server',
  'sql',
  'support',
  'support_388945a0',
  'sys',
  'test2',
  'test3',
  'user4',
  'user5',
];
const KEY_PREFIXES = ['ssh-rsa ', 'ssh-ed25519 ', 'ecdsa-sha2-nistp256 ', 'ecdsa-sha2-nistp384 ', 'ecdsa-sha2-nistp521 '];

function invalid(message: string, target: string): ArmError {
  return new ArmError(400, 'InvalidParameter', message, { target });
}

export function validateSize(vmSize: unknown, location: string): void {
  const size = findSize(String(vmSize ?? ''));
  if (!size) {
    throw invalid(
      `The value ${String(vmSize)} provided for the VM size is not valid. The valid sizes in the current region are: ${VM_SIZES.map((s) => s.name).join(',')}.`,
      'vmSize',
    );
  }
  if (size.restrictedIn?.includes(location)) {
    throw new ArmError(
      409,
      'SkuNotAvailable',
      `The requested VM size for resource 'Following SKUs have failed for Capacity Restrictions: ${size.name}' is currently not available in location '${location}'. Please try another size or deploy to a different location or different zone. See https://aka.ms/azureskunotavailable for details.`,
    );
  }
}

export function validateOsProfile(osProfile: any): void {
  if (!osProfile) throw invalid("Required parameter 'osProfile' is missing (null).", 'osProfile');
  const user = String(osProfile.adminUsername ?? '');
  if (!user) throw invalid("Required parameter 'adminUsername' is missing (null).", 'adminUsername');
  if (RESERVED_USERS.includes(user.toLowerCase()) || !/^[a-z_][a-z0-9_.-]{0,63}$/i.test(user)) {
    throw invalid('The Admin Username specified is not allowed.', 'adminUsername');
  }
  const linux = osProfile.linuxConfiguration;
  if (!linux) return;
  const keys: any[] = linux.ssh?.publicKeys ?? [];
  const passwordOff = linux.disablePasswordAuthentication === true;
  if ((passwordOff && keys.length === 0) || (!passwordOff && !osProfile.adminPassword && keys.length === 0)) {
    throw invalid('Authentication using either SSH or by user name and password must be enabled in Linux profile.', 'linuxConfiguration');
  }
  for (const key of keys) {
    if (!KEY_PREFIXES.some((p) => String(key?.keyData ?? '').startsWith(p))) {
      throw invalid(
        'The value of parameter linuxConfiguration.ssh.publicKeys.keyData is invalid.',
        'linuxConfiguration.ssh.publicKeys.keyData',
      );
    }
  }
}

/**
 * Linux VM names are 1-64 characters and the computer name (the VM name when omitted) is a host name: at
 * most 64 characters, no underscore or other special characters, not only digits
 * (learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftcompute).
 */
export function validateNames(vmName: string, osProfile: any): void {
  if (vmName.length > 64 || /[\\/"'[\]:|<>+=;,?*@&\s]/.test(vmName) || vmName.startsWith('_') || /[.-]$/.test(vmName)) {
    throw new ArmError(
      400,
      'InvalidParameter',
      `The virtual machine name '${vmName}' is invalid: use 1-64 characters without special characters, not starting with '_' nor ending with '.' or '-'.`,
      { target: 'name' },
    );
  }
  const computerName = String(osProfile?.computerName ?? vmName);
  if (computerName.length > 64 || !/^[a-zA-Z0-9.-]+$/.test(computerName) || /^\d+$/.test(computerName)) {
    throw invalid(
      'Linux host name cannot exceed 64 characters in length or contain the following characters: ` ~ ! @ # $ % ^ & * ( ) = + _ [ ] { } \\ | ; : \' " , < > / ?, and cannot be only digits. Set osProfile.computerName to a valid host name.',
      'osProfile.computerName',
    );
  }
}

/** Every NIC must exist, sit in the VM's region and not belong to another VM. */
export function validateNics(ctx: EmulatorContext, vmId: string, location: string, nics: any[]): void {
  if (nics.length === 0) throw invalid('At least one network interface is required in networkProfile.networkInterfaces.', 'networkProfile');
  for (const ref of nics) {
    const nic = ref?.id ? ctx.store.get(ref.id) : undefined;
    if (!nic) {
      throw new ArmError(
        400,
        'InvalidParameter',
        `Network interface ${ref?.id} referenced by virtual machine ${vmId} was not found. Create it first.`,
        { target: 'networkProfile.networkInterfaces' },
      );
    }
    if (nic.location && nic.location.toLowerCase() !== location) {
      throw new ArmError(
        400,
        'InvalidParameter',
        `Network interface ${nic.id} is in ${nic.location}; a VM in ${location} needs a NIC in the same region.`,
        { target: 'networkProfile.networkInterfaces' },
      );
    }
    const owner = ctx.store
      .all()
      .find(
        (r) =>
          r.type.toLowerCase() === 'microsoft.compute/virtualmachines' &&
          r.id.toLowerCase() !== vmId.toLowerCase() &&
          (r.properties?.networkProfile?.networkInterfaces ?? []).some((n: any) => n.id?.toLowerCase() === nic.id.toLowerCase()),
      );
    if (owner) {
      throw new ArmError(
        400,
        'NicInUse',
        `Network Interface ${nic.id} is used by existing resource ${owner.id}. In order to use it, it must be dissociated from that resource.`,
      );
    }
  }
}
