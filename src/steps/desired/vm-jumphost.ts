import type { VirtualMachine } from '@azure/arm-compute';

export const JUMPHOST_ADMIN = 'azureuser';
export const JUMPHOST_SIZE = 'Standard_B2s';
/** Ubuntu 24.04 LTS (Gen2), Canonical's marketplace image. */
export const JUMPHOST_IMAGE = { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' } as const;

/**
 * First-boot script: the Azure CLI, kubectl and kubelogin. Every download uses only the hosts the jumphost
 * firewall rules allow (Ubuntu mirrors, packages.microsoft.com, dl.k8s.io, GitHub releases): the subnet has
 * no other way out. The Azure CLI comes from Microsoft's apt repository rather than the aka.ms install
 * script, which would fetch from hosts the firewall does not allow.
 */
export function jumphostCloudInit(): string {
  return `#cloud-config
package_update: true
packages:
  - ca-certificates
  - curl
  - gnupg
  - lsb-release
  - unzip
runcmd:
  - install -d -m 0755 /etc/apt/keyrings
  - curl -fsSL https://packages.microsoft.com/keys/microsoft.asc | gpg --dearmor -o /etc/apt/keyrings/microsoft.gpg
  - echo "deb [arch=$(dpkg --print-architecture) signed-by=/etc/apt/keyrings/microsoft.gpg] https://packages.microsoft.com/repos/azure-cli/ $(lsb_release -cs) main" > /etc/apt/sources.list.d/azure-cli.list
  - apt-get update && apt-get install -y azure-cli
  - curl -fsSLo /usr/local/bin/kubectl "https://dl.k8s.io/release/$(curl -fsSL https://dl.k8s.io/release/stable.txt)/bin/linux/amd64/kubectl"
  - chmod 0755 /usr/local/bin/kubectl
  - curl -fsSLo /tmp/kubelogin.zip https://github.com/Azure/kubelogin/releases/latest/download/kubelogin-linux-amd64.zip
  - unzip -o -j /tmp/kubelogin.zip bin/linux_amd64/kubelogin -d /usr/local/bin && chmod 0755 /usr/local/bin/kubelogin
`;
}

export interface JumphostVmInput {
  location: string;
  tags: Record<string, string>;
  computerName: string;
  nicId: string;
  /** The authorized_keys line (public key only). */
  sshPublicKey: string;
}

/**
 * The jumphost VM: SSH public-key login only (passwords disabled), reached only through Bastion (its NIC
 * has no public IP), Trusted Launch, and a disk and NIC that go away with the VM.
 */
export function jumphostVm(input: JumphostVmInput): VirtualMachine {
  return {
    location: input.location,
    tags: input.tags,
    hardwareProfile: { vmSize: JUMPHOST_SIZE },
    storageProfile: {
      imageReference: { ...JUMPHOST_IMAGE },
      osDisk: {
        name: `${input.computerName}-osdisk`,
        createOption: 'FromImage',
        caching: 'ReadWrite',
        managedDisk: { storageAccountType: 'StandardSSD_LRS' },
        deleteOption: 'Delete',
      },
    },
    osProfile: {
      computerName: input.computerName,
      adminUsername: JUMPHOST_ADMIN,
      customData: Buffer.from(jumphostCloudInit(), 'utf8').toString('base64'),
      linuxConfiguration: {
        disablePasswordAuthentication: true,
        ssh: { publicKeys: [{ path: `/home/${JUMPHOST_ADMIN}/.ssh/authorized_keys`, keyData: input.sshPublicKey }] },
        provisionVMAgent: true,
      },
    },
    networkProfile: { networkInterfaces: [{ id: input.nicId, primary: true, deleteOption: 'Delete' }] },
    securityProfile: { securityType: 'TrustedLaunch', uefiSettings: { secureBootEnabled: true, vTpmEnabled: true } },
    diagnosticsProfile: { bootDiagnostics: { enabled: true } },
  };
}
