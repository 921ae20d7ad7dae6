import type { ComputeManagementClient } from '@azure/arm-compute';
import type { NetworkManagementClient } from '@azure/arm-network';
import type { JumphostEvidence, SubnetEvidence, VnetEvidence } from './evidence.js';
import { readNsg } from './collect-network.js';
import { parseArmId, sameId, vnetIdOfSubnet } from '../azure/ids.js';
import { collectAll, tryRead } from './lib/read.js';

/**
 * The management VM: a VM in the resource group whose NIC sits in the cluster's VNet outside the node
 * subnet (the wizard's jumphost, or one a team added by hand). The named VM wins when names are known.
 */
export async function readJumphost(
  compute: ComputeManagementClient,
  network: NetworkManagementClient,
  resourceGroup: string,
  vnet: VnetEvidence,
  nodeSubnet: SubnetEvidence | undefined,
  preferredName: string | undefined,
  readErrors: string[],
): Promise<JumphostEvidence | undefined> {
  const vms = await tryRead(`VMs in ${resourceGroup}`, readErrors, () => collectAll(compute.virtualMachines.list(resourceGroup)));
  const ordered = [...(vms ?? [])].sort((a, b) => Number(b.name === preferredName) - Number(a.name === preferredName));
  for (const vm of ordered) {
    for (const ref of vm.networkProfile?.networkInterfaces ?? []) {
      const nicId = parseArmId(ref.id);
      if (!nicId) continue;
      const nic = await tryRead(`NIC ${nicId.name}`, readErrors, () => network.networkInterfaces.get(nicId.resourceGroup, nicId.name));
      const configs = nic?.ipConfigurations ?? [];
      const subnetId = configs[0]?.subnet?.id;
      if (!nic || !subnetId || !sameId(vnetIdOfSubnet(subnetId), vnet.id) || sameId(subnetId, nodeSubnet?.id)) continue;
      const subnet = vnet.subnets.find((s) => sameId(s.id, subnetId));
      return {
        vmName: vm.name ?? '',
        nicName: nic.name,
        publicIpIds: configs.map((c) => c.publicIPAddress?.id).filter((x): x is string => !!x),
        subnetId,
        subnetPrefixes: subnet?.addressPrefixes ?? [],
        subnetNsg: await readNsg(network, subnet?.nsgId, readErrors),
        nicNsg: await readNsg(network, nic.networkSecurityGroup?.id, readErrors),
      };
    }
  }
  return undefined;
}
