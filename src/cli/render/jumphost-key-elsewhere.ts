/**
 * The jumphost's SSH private key is never uploaded: with a shared (blob) state it stays on the machine
 * whose run created the VM, so a teammate's machine has no key file to pass to `--ssh-key`. Rather than a
 * path that does not exist here, say where the key is and what works from here: add a public key of one's
 * own to the VM (the VMAccess extension behind `az vm user update` adds it to the user's authorized_keys)
 * and connect through Bastion with that. Bastion's Entra ID sign-in (`--auth-type AAD`) is not offered:
 * it needs the AADSSHLoginForLinux extension, which the jumphost does not have.
 */
import { existsSync } from 'node:fs';
import { JUMPHOST_ADMIN } from '../../steps/desired/vm-jumphost.js';

export function keyOnThisMachine(keyFile: string): boolean {
  return existsSync(keyFile);
}

export const KEY_ELSEWHERE =
  'its SSH private key is not on this machine: it stays on the machine whose run created the jumphost (secure-aks never uploads it). Use it there, or add a public key of yours to the VM and connect with its private key (here ~/.ssh/id_ed25519):';

/** The commands that reach the jumphost with the user's own key. */
export function ownKeyCommands(o: { bastion?: string; resourceGroup: string; vmName: string; vmId: string }): string[] {
  return [
    `az vm user update --resource-group ${o.resourceGroup} --name ${o.vmName} --username ${JUMPHOST_ADMIN} --ssh-key-value ~/.ssh/id_ed25519.pub`,
    ...(o.bastion
      ? [
          `az network bastion ssh --name ${o.bastion} --resource-group ${o.resourceGroup} --target-resource-id ${o.vmId} --auth-type ssh-key --username ${JUMPHOST_ADMIN} --ssh-key ~/.ssh/id_ed25519`,
        ]
      : []),
  ];
}
